package standin

import (
	"fmt"
	"maps"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Ctx is what a type table's ID and Outputs functions see about the resource
// being faked.
type Ctx struct {
	// Type is the resource type token.
	Type string
	// Name is the logical (URN) name of the resource.
	Name string
	// ID is the resource id; empty inside ID functions and during a preview of
	// Create.
	ID string
	// Region and Account come from the provider configuration and the Spec.
	Region  string
	Account string
	// Settings is the full provider configuration.
	Settings Settings
	// Inputs are the checked inputs of the resource.
	Inputs property.Map
	// Old is the prior state on Update; empty on Create. Outputs that a cloud
	// assigns once (endpoints, generated ids) should be kept through [Ctx.Keep].
	Old property.Map

	// ledger lets outputs refer to other fake resources (see [Ctx.Lookup]).
	ledger *ledger
}

// Plain returns the inputs as plain Go values (maps, lists, strings,
// float64s, bools), without the engine's bookkeeping keys.
func (c *Ctx) Plain() map[string]any { return mapToPlain(withoutInternalKeys(c.Inputs)) }

// OldPlain returns the prior state as plain Go values.
func (c *Ctx) OldPlain() map[string]any { return mapToPlain(withoutInternalKeys(c.Old)) }

// TagsAll is what a provider sends a cloud as a resource's tags: the
// provider's default tags under the resource's own.
func (c *Ctx) TagsAll() map[string]string {
	out := maps.Clone(c.Settings.DefaultTags)
	if out == nil {
		out = map[string]string{}
	}
	if tags := c.Inputs.Get("tags"); tags.IsMap() {
		for k, v := range tags.AsMap().All {
			if v.IsString() {
				out[k] = v.AsString()
			}
		}
	}
	return out
}

// Str returns a string input, or "" when it is absent or not a known string.
func (c *Ctx) Str(key string) string { return stringOf(c.Inputs.Get(key)) }

// StrOr returns a string input, or def when it is absent or empty.
func (c *Ctx) StrOr(key, def string) string {
	if s := c.Str(key); s != "" {
		return s
	}
	return def
}

// Bool returns a boolean input, false when absent or unknown.
func (c *Ctx) Bool(key string) bool {
	v := c.Inputs.Get(key)
	return v.IsBool() && v.AsBool()
}

// Has reports whether an input is set (not absent and not null).
func (c *Ctx) Has(key string) bool {
	v, ok := c.Inputs.GetOk(key)
	return ok && (!v.IsNull() || v.Secret())
}

// Keep returns the prior state's value at the dotted path (for example
// "vpcConfig.clusterSecurityGroupId") when there is one, and gen() otherwise.
// It is how generated outputs stay stable across updates.
func (c *Ctx) Keep(path string, gen func() any) any {
	v := property.New(c.Old)
	for _, seg := range strings.Split(path, ".") {
		if !v.IsMap() {
			return gen()
		}
		next, ok := v.AsMap().GetOk(seg)
		if !ok {
			return gen()
		}
		v = next
	}
	if v.IsNull() || v.IsComputed() {
		return gen()
	}
	return toPlain(v)
}

// Text returns any scalar input as text (numbers without a trailing ".0"),
// or "" when it is absent, unknown or not a scalar. Ids hashed from numeric
// inputs use it.
func (c *Ctx) Text(key string) string {
	switch v := toPlain(c.Inputs.Get(key)).(type) {
	case string:
		return v
	case bool:
		return fmt.Sprint(v)
	case float64:
		return fmt.Sprint(v)
	}
	return ""
}

// Strings returns the known string elements of a list input.
func (c *Ctx) Strings(key string) []string {
	v := c.Inputs.Get(key)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.AsArray().All {
		if s := stringOf(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Lookup returns the recorded state of another fake resource, so that outputs
// can be consistent with it (an EKS cluster reporting the VPC of its subnets).
// It returns nil when there is no ledger or no such resource.
func (c *Ctx) Lookup(typ, id string) map[string]any {
	if !c.ledger.enabled() || id == "" {
		return nil
	}
	e, ok, err := c.ledger.get(LedgerKey(typ, id))
	if err != nil || !ok {
		return nil
	}
	return e.State
}
