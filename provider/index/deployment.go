package index

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

var _ infer.ComponentFn[DeploymentArgs, *Deployment] = NewDeployment

const deploymentToken = "orgiac:index:Deployment"

// DeploymentArgs is the one input of orgiac:index:Deployment.
type DeploymentArgs struct {
	// Config is an Input, not a plain map, so a configuration holding
	// secrets (credentials set with `pulumi config set --secret`) can be
	// passed: the engine sends it as a secret, which a plain map cannot hold.
	Config pulumi.MapInput `pulumi:"config"`
}

func (a *DeploymentArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

// Deployment is the orgiac:index:Deployment component.
type Deployment struct {
	pulumi.ResourceState

	Modules          pulumi.MapOutput                  `pulumi:"modules"`
	DeploymentOrder  pulumi.StringArrayOutput          `pulumi:"deploymentOrder"`
	Kubeconfigs      pulumi.StringMapOutput            `pulumi:"kubeconfigs" provider:"secret"`
	ComplianceReport pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (d *Deployment) Annotate(an infer.Annotator) { docs.Annotate(an, d) }

// NewDeployment reads the config input, which decides the modules and so
// must be known, and the network stack it names, if any; then checks the
// whole configuration, the network's outputs and every module before it
// registers anything, then builds the enabled modules in dependency order.
func NewDeployment(ctx *pulumi.Context, name string, args DeploymentArgs, opts ...pulumi.ResourceOption,
) (*Deployment, error) {
	raw, err := knownConfig(ctx.Context(), args.Config)
	if err != nil {
		return nil, fmt.Errorf("reading the config input of %s %q: %w", deploymentToken, name, err)
	}
	network, err := readNetwork(ctx, name, raw)
	if err != nil {
		return nil, fmt.Errorf("building %s %q: %w", deploymentToken, name, err)
	}
	return deploymentSpec.New(ctx, name, knownArgs{Config: raw, network: network}, opts...)
}

// knownArgs are DeploymentArgs once the config is known, with the network
// read from aws.vpc.stack, if any: what the Deployment is assessed on. They
// have no plain inputs, so the policy document's component defaults have
// nothing to fill.
type knownArgs struct {
	Config  map[string]any
	network *networkRef
}

var deploymentSpec = lifecycle.Define(deploymentToken, assessDeployment, registerDeployment)

// withProject makes the configuration's project the identity of every
// module: its name and environment become the Project and Environment tags.
func withProject(cfg settings.Resolved, project config.ProjectConfig) settings.Resolved {
	if project.Name != "" {
		cfg.Org.Identity.Project = project.Name
	}
	if project.Environment != "" {
		cfg.Org.Identity.Environment = project.Environment
	}
	return cfg
}

// knownConfig returns the plain value of the config input. It decides which
// modules exist, so it must be known when the Deployment is constructed: it
// is, when it comes from stack configuration, secret or not. An output of a
// resource that does not exist yet is unknown in a preview; the wait ends
// with the deployment, never on a timer.
func knownConfig(ctx context.Context, in pulumi.MapInput) (map[string]any, error) {
	if in == nil {
		return nil, fmt.Errorf("config is required")
	}
	res, err := internals.UnsafeAwaitOutput(ctx, in.ToMapOutput())
	if err != nil {
		return nil, fmt.Errorf("waiting for the config value: %w", err)
	}
	if !res.Known {
		return nil, fmt.Errorf("config is not known yet; pass values known at deploy time " +
			"(stack configuration or literals), not outputs of other resources")
	}
	m, _ := res.Value.(map[string]any)
	return m, nil
}
