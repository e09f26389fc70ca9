// Command go-secure-bucket declares a SecureBucket with the organization's
// defaults. Run it with `pulumi up`.
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() { pulumi.Run(program) }
