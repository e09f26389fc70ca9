package jsonvalue

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAtWalksMapsAndLists(t *testing.T) {
	doc := map[string]any{"rules": []any{map[string]any{"id": "a"}, map[string]any{"id": "b"}}}
	tests := []struct {
		name string
		path []string
		want any
	}{
		{"a key then an index then a key", []string{"rules", "1", "id"}, "b"},
		{"no path is the value itself", nil, doc},
		{"a missing key is nil", []string{"nope"}, nil},
		{"an index past the end is nil", []string{"rules", "2"}, nil},
		{"a negative index is nil", []string{"rules", "-1"}, nil},
		{"a key into a list is nil", []string{"rules", "id"}, nil},
		{"a path through a scalar is nil", []string{"rules", "0", "id", "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, At(doc, tt.path...))
		})
	}
}
