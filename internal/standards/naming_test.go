package standards

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRenderName(t *testing.T) {
	vars := NameVars{Org: "acme", Env: "dev", Project: "shop", Name: "logs"}
	tests := []struct {
		name     string
		template string
		vars     NameVars
		want     string
	}{
		{name: "the default template is org-env-name", template: "", vars: vars, want: "acme-dev-logs"},
		{name: "every placeholder is filled", template: "{project}.{env}.{name}.{org}", vars: vars, want: "shop.dev.logs.acme"},
		{name: "an empty value does not leave a double separator", template: "{org}-{env}-{name}",
			vars: NameVars{Env: "dev", Name: "logs"}, want: "dev-logs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, RenderName(tt.template, tt.vars))
		})
	}
}

func TestValidateNaming(t *testing.T) {
	tests := []struct {
		name     string
		template string
		want     []string
	}{
		{name: "the default template is valid", template: DefaultNaming},
		{name: "an unknown placeholder is rejected", template: "{org}-{region}-{name}", want: []string{"CFG002"}},
		{name: "a template without {name} is rejected", template: "{org}-{env}", want: []string{"CFG003"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, codes(ValidateNaming("orgiac:naming", tt.template)))
		})
	}
}
