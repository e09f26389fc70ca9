package stateexport

// This file holds what Read returns: Export and its Resources.

import (
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// StdinPath is the path that reads an export from standard input, so
// `pulumi stack export | orgiac report -` needs no temporary file.
const StdinPath = "-"

// DisplayPath names an export's path for people: "(stdin)" for StdinPath,
// else the path as given.
func DisplayPath(path string) string {
	if path == StdinPath {
		return "(stdin)"
	}
	return path
}

// Export is the part of a `pulumi stack export` file a report reads.
type Export struct {
	Path      string // as given to Read
	Resources []Resource
	// Encrypted counts secret values exported without --show-secrets; they
	// read as absent.
	Encrypted int
}

// Resource is one entry of deployment.resources. Inputs are left out on
// purpose: a report judges outputs, the state as last read from the cloud,
// so drift shows after `pulumi refresh`.
type Resource struct {
	URN      string `json:"urn"`
	Type     string `json:"type"`
	ID       string `json:"id"`
	Custom   bool   `json:"custom"`
	Delete   bool   `json:"delete"`
	External bool   `json:"external"`
	Parent   string `json:"parent"`
	// RawOutputs is the outputs as the decoder reads them; Read decodes them
	// only where a report reads them, into Outputs for the managed
	// resources, into Recorded for orgiac components, and leaves RawOutputs
	// nil. Decoding every component's complianceReport into maps, then
	// converting them to reports, was a third of the time of a large export.
	RawOutputs json.RawMessage `json:"outputs"`
	// Outputs are the outputs of a managed resource, secrets revealed.
	Outputs map[string]any `json:"-"`
	// Recorded is an orgiac component's complianceReport output; Secret is
	// set when it is an encrypted secret.
	Recorded json.RawMessage `json:"-"`
	Secret   bool            `json:"-"`
	// Refs names, per output, the resource whose output gave its value
	// (compliance.Resource.Refs). A state export has none; the policy pack
	// fills them from the engine's property dependencies.
	Refs map[string]string `json:"-"`
	// Unknown is set when some outputs are values a preview does not know.
	Unknown bool `json:"-"`
	// encrypted counts the encrypted values in Outputs; outputsErr is why
	// the outputs did not decode.
	encrypted  int
	outputsErr error
}

// Managed reports whether r is a managed cloud resource, the kind a report
// judges. Providers configure, components group; a resource pending deletion
// is the old copy of a replacement; an external one was only read, not
// managed.
func (r Resource) Managed() bool {
	return r.Custom && !r.Delete && !r.External && !strings.HasPrefix(r.Type, "pulumi:providers:")
}

// IsComponent reports whether r is an orgiac component.
func (r Resource) IsComponent() bool {
	return !r.Custom && !r.Delete && strings.HasPrefix(r.Type, "orgiac:")
}
