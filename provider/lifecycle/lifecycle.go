package lifecycle

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// Spec is one component type: A its args, P its plan, T its component
// struct. Make one with Define.
type Spec[A, P, T any] struct {
	// Token is the schema token, e.g. orgiac:aws:SecureBucket.
	Token  string
	assess AssessFunc[A, P]
	reg    RegisterFunc[A, P, T]
	// report is the index of T's complianceReport field.
	report []int
}

// AssessFunc decides everything a component will do, from its args (with the
// policy's defaults applied) and the configuration. It is pure: it registers
// nothing and is unit-tested without mocks.
type AssessFunc[A, P any] func(name string, args A, cfg settings.Resolved) Assessment[P]

// RegisterFunc registers a component's children from the plan, parented to
// comp, and sets comp's outputs other than complianceReport.
type RegisterFunc[A, P, T any] func(ctx *pulumi.Context, name string, args A, plan P, comp *T) error

var reportType = reflect.TypeFor[pulumix.Output[compliance.Report]]()

// Define makes the Spec of the component type token. T is the component
// struct: it embeds pulumi.ResourceState and has a field
// `ComplianceReport pulumix.Output[compliance.Report] \`pulumi:"complianceReport"\“
// of its own (the Go SDK reads a component's outputs from its top-level
// fields, so it cannot come from an embedded struct). Define panics when it
// does not, so a component that breaks the rule cannot start, in a test or in
// the plugin.
func Define[A, P, T any](token string, assess AssessFunc[A, P], register RegisterFunc[A, P, T]) Spec[A, P, T] {
	typ := reflect.TypeFor[T]()
	if _, ok := any(new(T)).(pulumi.ComponentResource); !ok {
		panic(fmt.Sprintf("lifecycle.Define(%s): %s does not embed pulumi.ResourceState", token, typ))
	}
	f, ok := typ.FieldByName("ComplianceReport")
	if !ok || len(f.Index) != 1 || f.Type != reportType || f.Tag.Get("pulumi") != "complianceReport" {
		panic(fmt.Sprintf("lifecycle.Define(%s): %s needs its own field "+
			"ComplianceReport pulumix.Output[compliance.Report] `pulumi:\"complianceReport\"`", token, typ))
	}
	return Spec[A, P, T]{Token: token, assess: assess, reg: register, report: f.Index}
}

// Assessment is what a component decided before it registers anything.
type Assessment[P any] struct {
	Plan     P
	Report   compliance.Report
	Problems problem.List
	// Warnings are audit-mode breaches, logged against the component.
	Warnings []string
}

// Prepared is a component whose args have their defaults and whose
// assessment is done: everything but the registration.
type Prepared[A, P any] struct {
	Name string
	Args A
	// Filled are the inputs the policy document's defaults filled in.
	Filled []string
	Assessment[P]
}

// New is the constructor the infer framework serves: it resolves the
// provider configuration from ctx and builds the component.
func (s Spec[A, P, T]) New(ctx *pulumi.Context, name string, args A, opts ...pulumi.ResourceOption) (*T, error) {
	cfg, probs := settings.FromContext(ctx)
	comp, _, err := s.Build(ctx, name, args, cfg, probs, opts...)
	return comp, err
}

// Check returns every problem a component with these args would report,
// without registering anything: a Deployment checks all its modules this way
// before it builds any.
func (s Spec[A, P, T]) Check(name string, args A, cfg settings.Resolved) problem.List {
	return s.Prepare(name, args, cfg).Problems
}

// Build builds the component with a configuration the caller resolved, and
// fails with the caller's problems too. It also returns the compliance
// report, for a composing component to aggregate.
func (s Spec[A, P, T]) Build(ctx *pulumi.Context, name string, args A, cfg settings.Resolved,
	cfgProblems problem.List, opts ...pulumi.ResourceOption,
) (*T, compliance.Report, error) {
	prep := s.Prepare(name, args, cfg)
	cfgProblems.Merge("", prep.Problems)
	if err := cfgProblems.AsError(s.describe(name)); err != nil {
		return nil, prep.Report, err
	}
	comp, err := s.RegisterPrepared(ctx, prep, opts...)
	return comp, prep.Report, err
}

// Prepare applies the policy document's defaults to args and assesses the
// component. A problem with an input the policy filled in names the policy
// document's key, which is where the fix goes.
func (s Spec[A, P, T]) Prepare(name string, args A, cfg settings.Resolved) Prepared[A, P] {
	filled, probs := cfg.ApplyComponentDefaults(s.Token, &args)
	a := s.assess(name, args, cfg)
	for _, p := range a.Problems.Items() {
		if input := TopLevel(p.Path); slices.Contains(filled, input) {
			p.Path = "components." + s.Token + "." + p.Path
		}
		probs.Add(p)
	}
	a.Problems = probs
	return Prepared[A, P]{Name: name, Args: args, Filled: filled, Assessment: a}
}

// TopLevel is the input a problem path starts with: `lifecycleRules` of
// `lifecycleRules[0].expirationDays`.
func TopLevel(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// RegisterPrepared registers a prepared component that has no problems: the
// component, its audit warnings, its children and its report.
func (s Spec[A, P, T]) RegisterPrepared(ctx *pulumi.Context, prep Prepared[A, P], opts ...pulumi.ResourceOption) (*T, error) {
	comp := new(T)
	c := any(comp).(pulumi.ComponentResource) // checked by Define
	if err := ctx.RegisterComponentResource(s.Token, prep.Name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering %s: %w", s.describe(prep.Name), err)
	}
	for _, w := range prep.Warnings {
		if err := ctx.Log.Warn(w, &pulumi.LogArgs{Resource: c}); err != nil {
			return nil, fmt.Errorf("logging an audit warning of %s: %w", s.describe(prep.Name), err)
		}
	}
	if err := s.reg(ctx, prep.Name, prep.Args, prep.Plan, comp); err != nil {
		return nil, err
	}
	reflect.ValueOf(comp).Elem().FieldByIndex(s.report).Set(reflect.ValueOf(pulumix.Val(prep.Report)))
	return comp, nil
}

func (s Spec[A, P, T]) describe(name string) string { return fmt.Sprintf("%s %q", s.Token, name) }
