package policypack

// From the engine's property encoding to the plain JSON-like values the
// checks read.

import (
	"encoding/json"
	"fmt"
	"strings"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
)

// Unknown stands for a value a preview does not know yet. Checks read it as
// a string that satisfies no setting.
const Unknown = "(known after the deployment)"

// plainProperties decodes the engine's properties: secrets revealed (the
// pack runs inside the engine and reports no values it was not shown),
// unknowns as Unknown. It reports whether any value was unknown.
func plainProperties(s *structpb.Struct) (map[string]any, bool, error) {
	pm, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
	if err != nil {
		return nil, false, err
	}
	var unknown bool
	out := make(map[string]any, len(pm))
	for k, v := range pm {
		out[string(k)] = plain(v, &unknown)
	}
	return out, unknown, nil
}

func plain(v resource.PropertyValue, unknown *bool) any {
	switch {
	case v.IsComputed():
		*unknown = true
		return Unknown
	case v.IsOutput():
		o := v.OutputValue()
		if !o.Known {
			*unknown = true
			return Unknown
		}
		return plain(o.Element, unknown)
	case v.IsSecret():
		return plain(v.SecretValue().Element, unknown)
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plain(e, unknown)
		}
		return out
	case v.IsObject():
		obj := v.ObjectValue()
		out := make(map[string]any, len(obj))
		for k, e := range obj {
			out[string(k)] = plain(e, unknown)
		}
		return out
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsBool():
		return v.BoolValue()
	}
	return nil // null, assets and archives: no check reads them
}

// exportResource is one resource of the stack as the report reads one from a
// state export. Ids are not sent to a policy pack, so links by id follow the
// engine's property dependencies instead (Refs): a property that depends on
// exactly one resource came from that resource.
func exportResource(r *pulumirpc.AnalyzerResource) (stateexport.Resource, error) {
	props, unknown, err := plainProperties(r.GetProperties())
	if err != nil {
		return stateexport.Resource{}, fmt.Errorf("reading the properties of %s: %w", r.GetUrn(), err)
	}
	res := stateexport.Resource{URN: r.GetUrn(), Type: r.GetType(), Parent: r.GetParent()}
	if strings.HasPrefix(res.Type, "orgiac:") {
		// An orgiac component: its recorded report is its policy.
		if rec, ok := props["complianceReport"]; ok && rec != Unknown {
			b, err := json.Marshal(rec)
			if err != nil {
				return stateexport.Resource{}, fmt.Errorf("reading the complianceReport of %s: %w", r.GetUrn(), err)
			}
			res.Recorded = b
		}
		return res, nil
	}
	res.Custom, res.Outputs, res.Unknown = true, props, unknown
	for prop, deps := range r.GetPropertyDependencies() {
		if urns := deps.GetUrns(); len(urns) == 1 {
			if res.Refs == nil {
				res.Refs = map[string]string{}
			}
			res.Refs[prop] = urns[0]
		}
	}
	return res, nil
}
