package standin

import "github.com/pulumi/pulumi/sdk/v3/go/property"

// tagsAllKey is the output in which taggable resources report their effective
// tags, as the real AWS provider does.
const tagsAllKey = "tagsAll"

// tagsAll returns the provider's default tags merged with the resource's own
// tags, the resource winning on conflicts. It is unknown when the tags are
// (previews), and an empty map when there are no tags at all. Like the real
// provider (pulumi-aws#2778), it is a secret when the tags hold one.
func tagsAll(defaults map[string]string, tags property.Value) property.Value {
	own, known := stringMapOf(tags)
	if !known {
		return property.New(property.Computed)
	}
	merged := make(map[string]property.Value, len(defaults)+len(own))
	for k, v := range defaults {
		merged[k] = property.New(v)
	}
	for k, v := range own {
		merged[k] = property.New(v)
	}
	return property.New(merged).WithSecret(holdsSecret(tags))
}

// holdsSecret reports whether v, or a value of the map v, is a secret.
func holdsSecret(v property.Value) bool {
	if v.Secret() {
		return true
	}
	if v.IsMap() {
		for _, e := range v.AsMap().All {
			if e.Secret() {
				return true
			}
		}
	}
	return false
}
