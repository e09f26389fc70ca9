package standards

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidateAzureTags(t *testing.T) {
	tests := []struct {
		name string
		tags map[string]string
		want []string
	}{
		{"plain names and values pass", map[string]string{"CostCenter": "cc-1", "compliance:frameworks": "a b"}, nil},
		{"a name with a slash is rejected", map[string]string{"team/owner": "x"}, []string{"TAG101"}},
		{"a name with a percent sign is rejected", map[string]string{"100%": "x"}, []string{"TAG101"}},
		{"a name over 512 characters is rejected", map[string]string{strings.Repeat("k", 513): "x"}, []string{"TAG101"}},
		{"a name of 512 characters passes", map[string]string{strings.Repeat("k", 512): "x"}, nil},
		{"a value over 256 characters is rejected", map[string]string{"k": strings.Repeat("v", 257)}, []string{"TAG102"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, codes(ValidateAzureTags("tags", tt.tags)))
		})
	}
}

func TestCheckAzureTagCount(t *testing.T) {
	tags := map[string]string{}
	for i := range 51 {
		tags[strings.Repeat("k", i+1)] = "v"
	}
	assert.Equal(t, []string{"TAG103"}, codes(CheckAzureTagCount("tags", tags)))
	delete(tags, "k")
	assert.Empty(t, codes(CheckAzureTagCount("tags", tags)))
}
