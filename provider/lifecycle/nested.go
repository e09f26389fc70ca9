package lifecycle

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// A component that another component builds in-process (a NetworkStack's
// SecureVpc, a Deployment's modules) registers its own outputs: the infer
// framework registers only those of the component the engine asked for, and
// the nested one would otherwise end with no outputs in the state, which
// `orgiac report` and users read.

// BuildNested is Build for a component inside another.
func (s Spec[A, P, T]) BuildNested(ctx *pulumi.Context, name string, args A, cfg settings.Resolved,
	opts ...pulumi.ResourceOption,
) (*T, compliance.Report, error) {
	comp, report, err := s.Build(ctx, name, args, cfg, problem.List{}, opts...)
	if err != nil {
		return nil, report, err
	}
	return comp, report, registerOutputs(ctx, any(comp).(pulumi.ComponentResource))
}

// RegisterNested is RegisterPrepared for a component inside another.
func (s Spec[A, P, T]) RegisterNested(ctx *pulumi.Context, prep Prepared[A, P], opts ...pulumi.ResourceOption) (*T, error) {
	comp, err := s.RegisterPrepared(ctx, prep, opts...)
	if err != nil {
		return nil, err
	}
	return comp, registerOutputs(ctx, any(comp).(pulumi.ComponentResource))
}

var outputType = reflect.TypeFor[pulumi.Output]()

// registerOutputs registers every `pulumi:"name"` Output field of comp as
// the component's outputs.
func registerOutputs(ctx *pulumi.Context, comp pulumi.ComponentResource) error {
	v := reflect.ValueOf(comp).Elem()
	outputs := pulumi.Map{}
	for _, f := range reflect.VisibleFields(v.Type()) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		if !f.IsExported() || name == "" || !f.Type.Implements(outputType) {
			continue
		}
		field := v.FieldByIndex(f.Index)
		if field.IsZero() {
			continue
		}
		outputs[name] = field.Interface().(pulumi.Output)
	}
	if err := ctx.RegisterResourceOutputs(comp, outputs); err != nil {
		return fmt.Errorf("registering the outputs of a nested component: %w", err)
	}
	return nil
}
