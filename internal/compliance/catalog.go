package compliance

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed catalog.yaml
var catalogYAML []byte

// Control is one entry of the catalog.
type Control struct {
	ID       string `yaml:"id"`
	Title    string `yaml:"title"`
	Severity string `yaml:"severity"`
	Subject  string `yaml:"subject"` // the resource type the check reads
	// Standalone are resource types judged as subjects of their own when no
	// subject links them: a security group outside any VPC the stack
	// declares is still judged for the ports it opens.
	Standalone []string            `yaml:"standalone"`
	Components []string            `yaml:"components"` // orgiac component tokens it applies to
	Setting    string              `yaml:"setting"`    // what satisfies it
	Input      string              `yaml:"input"`      // the component input to change
	Required   bool                `yaml:"required"`   // evaluated as pass/fail by default
	Frameworks map[string][]string `yaml:"frameworks"` // framework id -> framework control ids
}

// Framework is one public standard controls map to.
type Framework struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

type catalogFile struct {
	Version    string      `yaml:"version"`
	Frameworks []Framework `yaml:"frameworks"`
	Controls   []Control   `yaml:"controls"`
}

var loadCatalog = sync.OnceValue(func() catalogFile {
	var c catalogFile
	if err := yaml.Unmarshal(catalogYAML, &c); err != nil {
		panic(fmt.Sprintf("compliance: the embedded catalog does not parse: %v", err))
	}
	if err := validateCatalog(c); err != nil {
		panic(fmt.Sprintf("compliance: the embedded catalog is invalid: %v", err))
	}
	slices.SortFunc(c.Controls, func(a, b Control) int { return compareStrings(a.ID, b.ID) })
	return c
})

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// validateCatalog makes a broken catalog a test failure, not a runtime surprise.
func validateCatalog(c catalogFile) error {
	known := map[string]bool{}
	for _, f := range c.Frameworks {
		known[f.ID] = true
	}
	seen := map[string]bool{}
	for _, ctl := range c.Controls {
		switch {
		case ctl.ID == "" || ctl.Title == "" || ctl.Subject == "" || ctl.Setting == "":
			return fmt.Errorf("control %q lacks an id, title, subject or setting", ctl.ID)
		case seen[ctl.ID]:
			return fmt.Errorf("control %q is defined twice", ctl.ID)
		case checks[ctl.ID] == nil:
			return fmt.Errorf("control %q has no check function", ctl.ID)
		case len(ctl.Frameworks) == 0:
			return fmt.Errorf("control %q maps to no framework", ctl.ID)
		}
		switch ctl.Severity {
		case "critical", "high", "medium", "low":
		default:
			return fmt.Errorf("control %q has severity %q", ctl.ID, ctl.Severity)
		}
		for fw := range ctl.Frameworks {
			if !known[fw] {
				return fmt.Errorf("control %q maps to the unknown framework %q", ctl.ID, fw)
			}
		}
		for _, typ := range ctl.Standalone {
			if typ == ctl.Subject || !strings.Contains(typ, ":") {
				return fmt.Errorf("control %q has the standalone type %q: a resource type other than its subject", ctl.ID, typ)
			}
		}
		seen[ctl.ID] = true
	}
	for id := range checks {
		if !seen[id] {
			return fmt.Errorf("check %q has no catalog entry", id)
		}
	}
	return nil
}

// CatalogVersion is the version of the embedded catalog.
func CatalogVersion() string { return loadCatalog().Version }

// Controls returns every control, sorted by id.
func Controls() []Control { return slices.Clone(loadCatalog().Controls) }

// Frameworks returns the frameworks controls map to, in catalog order.
func Frameworks() []Framework { return slices.Clone(loadCatalog().Frameworks) }

// Lookup returns the control with the given id.
func Lookup(id string) (Control, bool) {
	for _, c := range loadCatalog().Controls {
		if c.ID == id {
			return c, true
		}
	}
	return Control{}, false
}

// ForComponent returns the controls that apply to an orgiac component token.
func ForComponent(token string) []Control {
	var out []Control
	for _, c := range loadCatalog().Controls {
		if slices.Contains(c.Components, token) {
			out = append(out, c)
		}
	}
	return out
}

// standaloneTypes are the resource types some control judges on their own.
var standaloneTypes = sync.OnceValue(func() map[string]bool {
	types := map[string]bool{}
	for _, c := range loadCatalog().Controls {
		for _, typ := range c.Standalone {
			types[typ] = true
		}
	}
	return types
})

// IsStandalone reports whether some control judges resources of type typ on
// their own when no subject links them (Control.Standalone).
func IsStandalone(typ string) bool { return standaloneTypes()[CanonicalType(typ)] }

// judges reports whether the control is checked on a subject of type typ.
func (c Control) judges(typ string) bool {
	return typ == c.Subject || slices.Contains(c.Standalone, typ)
}

// DefaultFrameworks are applied when orgiac:frameworks is unset.
var DefaultFrameworks = []string{"cis-aws-foundations-3.0", "nist-800-53-r5"}
