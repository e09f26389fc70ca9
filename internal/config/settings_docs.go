package config

// The descriptions of the shared settings: the provider configuration's
// schema (schema.json) and the policy document's JSON Schema both take them
// from here.

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
)

var _ infer.Annotated = (*PolicySettings)(nil)

// Annotate documents every setting.
func (c *PolicySettings) Annotate(an infer.Annotator) { docs.Annotate(an, c) }

// Values are the settings that are set, as a configuration layer takes them:
// an empty value is unset, so a lower layer's value stands.
func (c PolicySettings) Values() map[string]any {
	// The JSON form (omitempty) is the layer form: it drops unset values and
	// turns lists, maps and waivers into the plain values Merge works on.
	b, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("encoding settings: %v", err)) // plain strings, lists and maps always encode
	}
	v := map[string]any{}
	if err := json.Unmarshal(b, &v); err != nil {
		panic(fmt.Sprintf("decoding settings: %v", err))
	}
	return v
}
