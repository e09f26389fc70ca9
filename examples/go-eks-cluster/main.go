// Command go-eks-cluster declares the reference environment: a NetworkStack
// and a private EKS cluster in its private subnets. Run it with `pulumi up`.
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() { pulumi.Run(program) }
