// Command coldstart measures how long a Pulumi provider plugin takes from
// exec to a served GetSchema, and its peak resident memory, alternating with
// an anchor command (Node.js loading @pulumi/pulumi and @pulumi/aws).
//
// Plugin run: start the binary, read the port it prints on stdout, dial gRPC,
// call GetSchema, stop the clock, read VmHWM from /proc/<pid>/status, kill.
// Anchor run: start the command, wait for the line "ready" on stdout (printed
// after the modules are loaded and touched), stop the clock, read VmHWM, kill.
//
// It prints one JSON object: every sample of both sides, in run order.
// Used by bench/run.sh; not part of the product.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

type sample struct {
	Millis float64 `json:"ms"`
	RSSKiB int64   `json:"rssKiB"`
	Schema int     `json:"schemaBytes,omitempty"`
}

type result struct {
	Plugin []sample `json:"plugin"`
	Anchor []sample `json:"anchor"`
}

func main() {
	plugin := flag.String("plugin", "bin/pulumi-resource-orgiac", "provider plugin binary")
	anchorDir := flag.String("anchor-dir", "bench/node", "working folder of the anchor command")
	anchor := flag.String("anchor", "", "anchor command, run with sh -c; must print 'ready' when loaded (empty: no anchor)")
	runs := flag.Int("runs", 5, "runs of each side, alternating")
	flag.Parse()

	var res result
	for i := 0; i < *runs; i++ {
		s, err := runPlugin(*plugin)
		if err != nil {
			fail("plugin run %d: %v", i, err)
		}
		res.Plugin = append(res.Plugin, s)
		if *anchor != "" {
			a, err := runAnchor(*anchorDir, *anchor)
			if err != nil {
				fail("anchor run %d: %v", i, err)
			}
			res.Anchor = append(res.Anchor, a)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(res)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "coldstart: "+format+"\n", args...)
	os.Exit(1)
}

// startTimed starts cmd and returns the time it was started and the first
// line it printed; stop ends it.
func startTimed(cmd *exec.Cmd) (start time.Time, line string, stop func(), err error) {
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return start, "", nil, err
	}
	start = time.Now()
	if err := cmd.Start(); err != nil {
		return start, "", nil, err
	}
	stop = func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	line, err = bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stop()
		return start, "", nil, fmt.Errorf("reading the first line: %w", err)
	}
	return start, line, stop, nil
}

func runPlugin(bin string) (sample, error) {
	cmd := exec.Command(bin)
	start, line, stop, err := startTimed(cmd)
	if err != nil {
		return sample{}, err
	}
	defer stop()
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return sample{}, fmt.Errorf("unexpected first line %q", line)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return sample{}, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := pulumirpc.NewResourceProviderClient(conn).GetSchema(ctx, &pulumirpc.GetSchemaRequest{}, grpc.WaitForReady(true))
	if err != nil {
		return sample{}, fmt.Errorf("GetSchema: %w", err)
	}
	elapsed := time.Since(start)
	rss, err := vmHWM(cmd.Process.Pid)
	if err != nil {
		return sample{}, err
	}
	return sample{Millis: ms(elapsed), RSSKiB: rss, Schema: len(resp.GetSchema())}, nil
}

func runAnchor(dir, command string) (sample, error) {
	cmd := exec.Command("sh", "-c", "exec "+command)
	cmd.Dir = dir
	start, line, stop, err := startTimed(cmd)
	if err != nil {
		return sample{}, fmt.Errorf("waiting for 'ready': %w", err)
	}
	defer stop()
	if strings.TrimSpace(line) != "ready" {
		return sample{}, fmt.Errorf("unexpected first line %q", line)
	}
	elapsed := time.Since(start)
	rss, err := vmHWM(cmd.Process.Pid)
	if err != nil {
		return sample{}, err
	}
	return sample{Millis: ms(elapsed), RSSKiB: rss}, nil
}

// vmHWM reads the peak resident set size (KiB) of a live process.
func vmHWM(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
