package standin

import (
	"slices"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// diffInputs compares old and new inputs property by property (top level
// only) and reports each changed property in DetailedDiff. A change to a
// property in replaceOn is a replacement, as it is in the real provider.
// Bookkeeping keys ("__defaults" and the like) and ignored keys are skipped;
// null and absent are the same. Identical inputs yield HasChanges=false so the
// engine shows the resource as unchanged.
func diffInputs(olds, news property.Map, replaceOn, ignore []string) p.DiffResponse {
	keys := map[string]struct{}{}
	for k := range olds.All {
		keys[k] = struct{}{}
	}
	for k := range news.All {
		keys[k] = struct{}{}
	}

	detailed := map[string]p.PropertyDiff{}
	for _, k := range sortedKeys(keys) {
		if isInternalKey(k) || slices.Contains(ignore, k) {
			continue
		}
		o, n := olds.Get(k), news.Get(k)
		oldSet, newSet := isSet(o), isSet(n)
		if !oldSet && !newSet || oldSet && newSet && samePlain(o, n) {
			continue
		}
		replace := slices.Contains(replaceOn, k)
		var kind p.DiffKind
		switch {
		case !oldSet && replace:
			kind = p.AddReplace
		case !oldSet:
			kind = p.Add
		case !newSet && replace:
			kind = p.DeleteReplace
		case !newSet:
			kind = p.Delete
		case replace:
			kind = p.UpdateReplace
		default:
			kind = p.Update
		}
		detailed[k] = p.PropertyDiff{Kind: kind, InputDiff: true}
	}

	return p.DiffResponse{
		DeleteBeforeReplace: false,
		HasChanges:          len(detailed) > 0,
		DetailedDiff:        detailed,
	}
}

// isSet reports whether a value counts as present for diffing: anything but a
// plain (non-secret) null.
func isSet(v property.Value) bool { return !v.IsNull() || v.Secret() }
