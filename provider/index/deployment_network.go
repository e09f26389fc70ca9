package index

// A Deployment built on another stack's network (aws.vpc.stack): the
// StackReference that reads it, and the checks of what that stack exported,
// made before anything is created.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/aws"
)

// NetworkOutput is the stack output a network stack exports the contract
// (aws.NetworkOutputs, a SecureVpc's or NetworkStack's networkOutputs) as.
const NetworkOutput = "network"

var (
	RuleNetworkStackName = problem.Define("DEP009",
		"aws.vpc.stack names a stack as organization/project/stack (or project/stack, or stack)",
		"write the network stack's fully qualified name, e.g. acme/network/prod")
	RuleNetworkOutputMissing = problem.Define("DEP010",
		"the network stack exports the network contract as its `network` output",
		"in the network stack, export the NetworkStack's or SecureVpc's networkOutputs as `network`, and run its up first")
	RuleNetworkOutputShape = problem.Define("DEP011",
		"the network output has the contract's shape (docs/components/deployment.md, \"Layered stacks\")",
		"export networkOutputs whole and unchanged; a newer contractVersion needs a newer orgiac")
	RuleNetworkTierMissing = problem.Define("DEP012",
		"the network has the subnets each module needs: private subnets for an EKS cluster without subnet_ids",
		"add a private tier to the network stack, or give the cluster subnet_ids")
	RuleNetworkRegion = problem.Define("DEP013",
		"the network is in the aws section's region",
		"set aws.region to the network's region, or build on a network stack in this region")
)

// networkRef is the network a Deployment read from another stack: the
// StackReference (a dependency of every module), and the network output's
// value as the engine returned it, checked later by checkNetwork.
type networkRef struct {
	Stack string
	ref   *pulumi.StackReference
	// Value is the `network` output's plain value, nil when the stack has
	// no such output.
	Value any
}

// networkStack returns aws.vpc.stack when the aws section and its vpc
// module are enabled and name one; "" otherwise. It reads the raw config,
// before it is decoded, because the read comes before the assessment.
func networkStack(raw map[string]any) string {
	a, _ := raw["aws"].(map[string]any)
	vpc, _ := a["vpc"].(map[string]any)
	stack, _ := vpc["stack"].(string)
	if a["enabled"] != true || vpc["enabled"] != true {
		return ""
	}
	return stack
}

// validStackName reports whether name is a stack name Pulumi accepts:
// one to three non-empty parts separated by "/".
func validStackName(name string) bool {
	parts := strings.Split(name, "/")
	if len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.TrimSpace(p) != p {
			return false
		}
	}
	return true
}

// readNetwork registers the StackReference of aws.vpc.stack, when the
// configuration names one, and waits for its network output. A read
// creates nothing, so it may come before the assessment; the engine reads
// stack references in previews too, so the outputs are known there.
func readNetwork(ctx *pulumi.Context, name string, raw map[string]any) (*networkRef, error) {
	stack := networkStack(raw)
	if stack == "" {
		return nil, nil
	}
	n := &networkRef{Stack: stack}
	if !validStackName(stack) {
		return n, nil // checkNetwork reports it, with every other problem
	}
	ref, err := pulumi.NewStackReference(ctx, name+"-network", &pulumi.StackReferenceArgs{Name: pulumi.String(stack)})
	if err != nil {
		return nil, fmt.Errorf("reading stack %s (aws.vpc.stack): %w", stack, err)
	}
	n.ref = ref
	res, err := internals.UnsafeAwaitOutput(ctx.Context(), ref.GetOutput(pulumi.String(NetworkOutput)))
	if err != nil {
		return nil, fmt.Errorf("reading output %s of stack %s (aws.vpc.stack): %w", NetworkOutput, stack, err)
	}
	if !res.Known {
		return nil, fmt.Errorf("output %s of stack %s (aws.vpc.stack) is not known; run the network stack's up first",
			NetworkOutput, stack)
	}
	n.Value = res.Value
	return n, nil
}

// checkNetwork decodes the network output against the contract and checks
// it serves the configuration: its region, and the private subnets of
// clusters without subnet_ids. Every problem names the stack and the output.
func checkNetwork(n *networkRef, a *config.AWSConfig) (aws.NetworkOutputs, problem.List) {
	var probs problem.List
	var net aws.NetworkOutputs
	const at = "aws.vpc.stack"
	if !validStackName(n.Stack) {
		probs.Addf(RuleNetworkStackName, at, n.Stack, "is not a stack name")
		return net, probs
	}
	if n.Value == nil {
		probs.Addf(RuleNetworkOutputMissing, at, n.Stack, "has no output %q", NetworkOutput)
		return net, probs
	}
	shape := func(format string, args ...any) {
		probs.Addf(RuleNetworkOutputShape, at, n.Stack, "output %s: "+format, append([]any{NetworkOutput}, args...)...)
	}
	b, err := json.Marshal(n.Value)
	if err == nil {
		err = json.NewDecoder(bytes.NewReader(b)).Decode(&net)
	}
	if err != nil {
		shape("%s", strings.TrimPrefix(err.Error(), "json: "))
		return net, probs
	}
	switch {
	case net.ContractVersion == 0:
		shape("has no contractVersion; is it a SecureVpc's or NetworkStack's networkOutputs?")
	case net.ContractVersion > aws.NetworkContractVersion:
		shape("has contractVersion %d, newer than this orgiac's %d", net.ContractVersion, aws.NetworkContractVersion)
	}
	if net.VpcId == "" {
		shape("has no vpcId")
	}
	if net.Region == "" {
		shape("has no region")
	}
	if probs.Len() > 0 {
		return net, probs
	}
	if a.Region != "" && net.Region != a.Region {
		probs.Addf(RuleNetworkRegion, at, n.Stack, "is a network in %s, and aws.region is %s", net.Region, a.Region)
	}
	if a.EKS != nil && a.EKS.Enabled && len(net.PrivateSubnetIds) == 0 {
		for i, c := range a.EKS.Clusters {
			if len(c.SubnetIDs) == 0 {
				probs.Addf(RuleNetworkTierMissing, at, n.Stack,
					"output %s has no private subnets, which aws.eks.clusters[%d] (%s) is built on", NetworkOutput, i, c.Name)
			}
		}
	}
	return net, probs
}

// readNote is what the report records of the read: the stack, and the
// outputs the Deployment built on.
func (n *networkRef) readNote(a *config.AWSConfig) compliance.StackReferenceNote {
	outs := []string{"region", "vpcId", "cidrBlock"}
	if a.EKS != nil && a.EKS.Enabled {
		outs = append(outs, "privateSubnetIds")
	}
	for i := range outs {
		outs[i] = NetworkOutput + "." + outs[i]
	}
	return compliance.StackReferenceNote{Stack: n.Stack, Outputs: outs}
}
