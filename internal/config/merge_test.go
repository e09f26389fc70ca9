package config

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// obj parses JSON into generic values, as the loader produces them.
func obj(t testing.TB, s string) any {
	t.Helper()
	v, ok := parseJSON(s)
	require.True(t, ok, "bad JSON in test: %s", s)
	return v
}

func TestMerge_Rules(t *testing.T) {
	tests := []struct {
		name             string
		base, over, want string
	}{
		{"maps merge deeply, key by key",
			`{"a":{"x":1,"y":{"p":1}},"b":2}`, `{"a":{"y":{"q":2},"z":3}}`,
			`{"a":{"x":1,"y":{"p":1,"q":2},"z":3},"b":2}`},
		{"scalars are replaced",
			`{"a":1,"b":"x"}`, `{"a":2,"b":"y"}`, `{"a":2,"b":"y"}`},
		{"a value of another kind replaces",
			`{"a":{"x":1},"b":[1]}`, `{"a":"flat","b":{"k":1}}`, `{"a":"flat","b":{"k":1}}`},
		{"null in over leaves base",
			`{"a":1,"b":{"x":1}}`, `{"a":null,"b":null}`, `{"a":1,"b":{"x":1}}`},
		{"null in over adds nothing new",
			`{"a":1}`, `{"c":null}`, `{"a":1}`},
		{"lists of scalars are replaced",
			`{"l":["a","b"]}`, `{"l":["c"]}`, `{"l":["c"]}`},
		{"lists of objects merge by name: matches merge deeply in base order, the rest appended in order",
			`{"l":[{"name":"a","v":1,"k":{"x":1}},{"name":"b","v":2}]}`,
			`{"l":[{"name":"c","v":3},{"name":"a","v":9,"k":{"y":2}},{"name":"d"}]}`,
			`{"l":[{"name":"a","v":9,"k":{"x":1,"y":2}},{"name":"b","v":2},{"name":"c","v":3},{"name":"d"}]}`},
		{"lists of objects merge by id when not every item has a name",
			`{"l":[{"id":1,"name":"a","v":1},{"id":2,"v":2}]}`, `{"l":[{"id":2,"v":20}]}`,
			`{"l":[{"id":1,"name":"a","v":1},{"id":2,"v":20}]}`},
		{"lists of objects merge by key when neither name nor id is on every item",
			`{"l":[{"key":"k1","v":1}]}`, `{"l":[{"key":"k1","w":2},{"key":"k2"}]}`,
			`{"l":[{"key":"k1","v":1,"w":2},{"key":"k2"}]}`},
		{"lists of objects without a shared identity are replaced",
			`{"l":[{"name":"a"},{"v":1}]}`, `{"l":[{"name":"a","v":2}]}`, `{"l":[{"name":"a","v":2}]}`},
		{"an identity written twice on one side replaces the list",
			`{"l":[{"name":"a","v":1}]}`, `{"l":[{"name":"a","v":2},{"name":"a","v":3}]}`,
			`{"l":[{"name":"a","v":2},{"name":"a","v":3}]}`},
		{"an empty list in over clears the list",
			`{"l":[{"name":"a"}]}`, `{"l":[]}`, `{"l":[]}`},
		{"a list of objects onto an empty list is taken as is",
			`{"l":[]}`, `{"l":[{"name":"a"}]}`, `{"l":[{"name":"a"}]}`},
		{"numeric identities of any form match",
			`{"l":[{"id":1,"v":1}]}`, `{"l":[{"id":1.0,"w":2}]}`, `{"l":[{"id":1.0,"v":1,"w":2}]}`},
		{"credentials are replaced whole, never merged",
			`{"aws":{"credentials":{"access_key_id":"A","secret_access_key":"S"},"region":"r"}}`,
			`{"aws":{"credentials":{"access_key_id":"B"}}}`,
			`{"aws":{"credentials":{"access_key_id":"B"},"region":"r"}}`},
		{"a null credentials leaves base's",
			`{"credentials":{"a":1}}`, `{"credentials":null}`, `{"credentials":{"a":1}}`},
		{"merging into nothing copies over",
			`null`, `{"a":[{"name":"x"}]}`, `{"a":[{"name":"x"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, over := obj(t, tt.base), obj(t, tt.over)
			baseCopy, overCopy := deepCopy(base), deepCopy(over)
			got := Merge(base, over)
			assert.Equal(t, obj(t, tt.want), got)
			assert.Equal(t, baseCopy, base, "base is not modified")
			assert.Equal(t, overCopy, over, "over is not modified")
		})
	}
}

func TestMerge_ResultSharesNothingWithItsInputs(t *testing.T) {
	base := obj(t, `{"a":{"x":[1]},"l":[{"name":"n","v":{"k":1}}]}`)
	over := obj(t, `{"b":{"y":2},"l":[{"name":"m"}]}`)
	got := Merge(base, over).(map[string]any)
	got["a"].(map[string]any)["x"].([]any)[0] = "changed"
	got["b"].(map[string]any)["y"] = "changed"
	got["l"].([]any)[0].(map[string]any)["v"].(map[string]any)["k"] = "changed"
	assert.Equal(t, obj(t, `{"a":{"x":[1]},"l":[{"name":"n","v":{"k":1}}]}`), base)
	assert.Equal(t, obj(t, `{"b":{"y":2},"l":[{"name":"m"}]}`), over)
}

func TestInterpolate_ReplacesProjectPlaceholdersInEveryString(t *testing.T) {
	in := obj(t, `{"tags":{"Environment":"${project:environment}","Project":"${project:name}","Both":"${project:name}-${project:environment}",
		"${project:name}":"keys stay"},"list":["${project:name}",1,true,null],"other":"${project:region} is left"}`)
	want := obj(t, `{"tags":{"Environment":"dev","Project":"shop","Both":"shop-dev","${project:name}":"keys stay"},
		"list":["shop",1,true,null],"other":"${project:region} is left"}`)
	assert.Equal(t, want, Interpolate(in, "shop", "dev"))
	assert.Equal(t, "${project:name}", in.(map[string]any)["tags"].(map[string]any)["Project"], "the input is not modified")
	assert.Equal(t, map[string]string{"P": "shop"}, Interpolate(map[string]string{"P": "${project:name}"}, "shop", "dev"),
		"typed tag maps are interpolated too")
	assert.Equal(t, []string{"dev"}, Interpolate([]string{"${project:environment}"}, "shop", "dev"))
	assert.Equal(t, 5, Interpolate(5, "shop", "dev"))
}

// FuzzMerge: merging never panics, merging a value with itself gives the
// value, merging an empty object onto an object gives the object, merging
// nothing gives base, and the inputs are never modified.
func FuzzMerge(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"a":{"b":1}}`, `{"a":{"c":2}}`},
		{`{"l":[{"name":"x","v":1}]}`, `{"l":[{"name":"x","w":2},{"name":"y"}]}`},
		{`{"credentials":{"k":"v"}}`, `{"credentials":{"j":"w"}}`},
		{`[1,2]`, `{"a":null}`},
	} {
		f.Add([]byte(seed[0]), []byte(seed[1]))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var x, y any
		if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
			return
		}
		xCopy, yCopy := deepCopy(x), deepCopy(y)
		_ = Merge(x, y)
		if !reflect.DeepEqual(x, xCopy) || !reflect.DeepEqual(y, yCopy) {
			t.Fatalf("Merge modified its inputs")
		}
		if got := Merge(x, x); !reflect.DeepEqual(got, x) {
			t.Fatalf("Merge(x, x) = %v, want x = %v", got, x)
		}
		if got := Merge(x, nil); !reflect.DeepEqual(got, x) {
			t.Fatalf("Merge(x, nil) = %v, want x = %v", got, x)
		}
		if _, isMap := x.(map[string]any); isMap {
			if got := Merge(x, map[string]any{}); !reflect.DeepEqual(got, x) {
				t.Fatalf("Merge(x, {}) = %v, want x = %v", got, x)
			}
		}
	})
}
