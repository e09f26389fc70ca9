package standin

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// The ledger and the comparison helpers work on "plain" values: the JSON-like
// Go values nil, bool, float64, string, []any and map[string]any. Secrets are
// unwrapped and dependencies dropped, because neither is something a cloud
// would store.

// unknownMarker stands for a computed (unknown) value inside a plain value. It
// only appears while comparing previews; it is never written to the ledger.
type unknownMarker struct{}

// toPlain converts a property value to a plain value.
func toPlain(v property.Value) any {
	switch {
	case v.IsNull():
		return nil
	case v.IsComputed():
		return unknownMarker{}
	case v.IsBool():
		return v.AsBool()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsString():
		return v.AsString()
	case v.IsArray():
		arr := v.AsArray()
		out := make([]any, 0, arr.Len())
		for _, e := range arr.All {
			out = append(out, toPlain(e))
		}
		return out
	case v.IsMap():
		return mapToPlain(v.AsMap())
	case v.IsResourceReference():
		ref := v.AsResourceReference()
		if id, ok := ref.IDString(); ok && id != "" {
			return id
		}
		return string(ref.URN)
	case v.IsAsset():
		a := v.AsAsset()
		return map[string]any{"hash": a.Hash, "path": a.Path, "text": a.Text, "uri": a.URI}
	case v.IsArchive():
		a := v.AsArchive()
		return map[string]any{"hash": a.Hash, "path": a.Path, "uri": a.URI}
	default:
		return fmt.Sprintf("%v", v)
	}
}

// mapToPlain converts a property map to a plain map.
func mapToPlain(m property.Map) map[string]any {
	out := make(map[string]any, m.Len())
	for k, v := range m.All {
		out[k] = toPlain(v)
	}
	return out
}

// fromPlain converts a plain value (as produced by encoding/json or by a type
// table's output function) back to a property value. Integers are accepted for
// convenience and become numbers.
func fromPlain(v any) property.Value {
	switch v := v.(type) {
	case nil:
		return property.New(property.Null)
	case unknownMarker:
		return property.New(property.Computed)
	case property.Value:
		return v
	case bool:
		return property.New(v)
	case float64:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case int64:
		return property.New(float64(v))
	case string:
		return property.New(v)
	case []string:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = property.New(e)
		}
		return property.New(out)
	case []any:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = fromPlain(e)
		}
		return property.New(out)
	case map[string]string:
		out := make(map[string]property.Value, len(v))
		for k, e := range v {
			out[k] = property.New(e)
		}
		return property.New(out)
	case map[string]any:
		return property.New(mapFromPlain(v))
	default:
		return property.New(fmt.Sprintf("%v", v))
	}
}

// mapFromPlain converts a plain map to a property map.
func mapFromPlain(m map[string]any) property.Map {
	out := make(map[string]property.Value, len(m))
	for k, v := range m {
		out[k] = fromPlain(v)
	}
	return property.NewMap(out)
}

// samePlain reports whether two property values are equal once secrets and
// dependencies are ignored. A value that is unknown on either side is never the
// same as a known one.
func samePlain(a, b property.Value) bool {
	return reflect.DeepEqual(toPlain(a), toPlain(b))
}

// isInternalKey reports whether a property key is engine/provider bookkeeping
// (such as "__defaults") rather than a resource property.
func isInternalKey(k string) bool { return strings.HasPrefix(k, "__") }

// withoutInternalKeys drops bookkeeping keys so they never reach the state.
func withoutInternalKeys(m property.Map) property.Map {
	var internal []string
	for k := range m.All {
		if isInternalKey(k) {
			internal = append(internal, k)
		}
	}
	return m.Delete(internal...)
}

// withoutDependencies strips resource dependencies from every nested value.
// Dependencies are only meaningful on inputs; state returned to the engine must
// not carry them.
func withoutDependencies(v property.Value) property.Value {
	v = v.WithDependencies(nil)
	switch {
	case v.IsArray():
		arr := v.AsArray().AsSlice()
		for i, e := range arr {
			arr[i] = withoutDependencies(e)
		}
		// Wrap in an Array: an empty []Value would normalize to null.
		return property.WithGoValue(v, property.NewArray(arr))
	case v.IsMap():
		m := v.AsMap().AsMap()
		for k, e := range m {
			m[k] = withoutDependencies(e)
		}
		return property.WithGoValue(v, m)
	}
	return v
}

// mergeOver lays the input value over a computed default: inputs win wherever
// they are set, and computed values fill the gaps, recursively through maps.
// This keeps the secretness of inputs while letting a type add nested outputs
// (for example vpcConfig.clusterSecurityGroupId on an EKS cluster).
func mergeOver(input, computed property.Value) property.Value {
	if input.IsNull() && !input.Secret() {
		return computed
	}
	if !input.IsMap() || !computed.IsMap() {
		return input
	}
	m := input.AsMap().AsMap()
	for k, c := range computed.AsMap().All {
		m[k] = mergeOver(m[k], c)
	}
	return property.WithGoValue(input, m)
}

// restoreSecrets marks parts of fresh as secret wherever the same path was
// secret in like. The ledger stores plain values, so state read back from it
// must borrow its secretness from the state the engine sent; otherwise a
// refresh would report every secret as changed.
func restoreSecrets(fresh, like property.Value) property.Value {
	switch {
	case fresh.IsMap() && like.IsMap():
		m := fresh.AsMap().AsMap()
		for k, v := range m {
			if l, ok := like.AsMap().GetOk(k); ok {
				m[k] = restoreSecrets(v, l)
			}
		}
		fresh = property.WithGoValue(fresh, m)
	case fresh.IsArray() && like.IsArray() && fresh.AsArray().Len() == like.AsArray().Len():
		arr := fresh.AsArray().AsSlice()
		for i := range arr {
			arr[i] = restoreSecrets(arr[i], like.AsArray().Get(i))
		}
		fresh = property.WithGoValue(fresh, property.NewArray(arr))
	}
	if like.Secret() {
		fresh = fresh.WithSecret(true)
	}
	return fresh
}

// stringOf returns the string inside v (looking through secrets), or "" when v
// is not a known string.
func stringOf(v property.Value) string {
	if v.IsString() {
		return v.AsString()
	}
	return ""
}

// stringMapOf returns the string entries of a map value, and whether the value
// is fully known. Non-string entries are ignored.
func stringMapOf(v property.Value) (map[string]string, bool) {
	out := map[string]string{}
	if v.IsComputed() {
		return out, false
	}
	if !v.IsMap() {
		return out, true
	}
	known := true
	for k, e := range v.AsMap().All {
		switch {
		case e.IsComputed():
			known = false
		case e.IsString():
			out[k] = e.AsString()
		}
	}
	return out, known
}

// sortedKeys returns the keys of m in order, for deterministic diffs and output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// PlainMap is a map of plain Go values as a property map, for tests that
// drive a type directly.
func PlainMap(m map[string]any) property.Map { return mapFromPlain(m) }
