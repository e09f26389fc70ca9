// Command rssfloor prints the peak RSS of a Go program that only links, and
// so initialises, the layers the orgiac plugin is built on: the Pulumi Go
// SDK; with -tags infer, pulumi-go-provider's infer package; with -tags aws,
// also the aws SDK packages orgiac uses; with -tags azure, also the
// azure-native ones. It is the floor under the plugin's start-up RSS for
// each layer (docs/performance.md). Used by bench/run.sh; not part of the
// product.
package main

import (
	"fmt"
	"os"
	"strings"

	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, "rssfloor:", err)
		os.Exit(1)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Println(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")))
		}
	}
}
