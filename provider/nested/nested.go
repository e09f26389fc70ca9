// Package nested registers the outputs of components that other components
// build in-process (a NetworkStack's SecureVpc, a Deployment's modules).
//
// The infer framework registers the outputs of the component the engine
// asked for; a component built inside it would otherwise end with no
// outputs in the state, which `orgiac report` and users read.
package nested

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var outputType = reflect.TypeFor[pulumi.Output]()

// RegisterOutputs registers every `pulumi:"name"` Output field of comp (a
// pointer to a component struct) as the component's outputs.
func RegisterOutputs(ctx *pulumi.Context, comp pulumi.ComponentResource) error {
	v := reflect.ValueOf(comp).Elem()
	outputs := pulumi.Map{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		if name == "" || !f.Type.Implements(outputType) || v.Field(i).IsZero() {
			continue
		}
		outputs[name] = v.Field(i).Interface().(pulumi.Output)
	}
	if err := ctx.RegisterResourceOutputs(comp, outputs); err != nil {
		return fmt.Errorf("registering the outputs of a nested component: %w", err)
	}
	return nil
}
