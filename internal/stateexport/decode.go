package stateexport

// This file holds decoding an export's JSON: the document, whole or split,
// its resources and their outputs, and what is wrong when it does not decode.

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"

	json "github.com/go-json-experiment/json/v1"

	"github.com/orgiac/pulumi-orgiac/internal/chunks"
)

type exportFile struct {
	Version    int               `json:"version"`
	Deployment *exportDeployment `json:"deployment"`
}

type exportDeployment struct {
	Resources []Resource `json:"resources"`
}

// exportSkeleton is what a split document's skeleton decodes into: the
// fields of an exportFile, with a probe where the resources are.
type exportSkeleton struct {
	Version    int `json:"version"`
	Deployment *struct {
		Resources *sentinelProbe `json:"resources"`
	} `json:"deployment"`
}

// sentinelProbe records every value the decoder reads as
// deployment.resources. The decoder merges a repeated name into what it read
// before, so the split is used only when it read one value, the sentinel
// alone: a repeated "resources" or "deployment", in whatever case or
// spelling the decoder matches, leaves the document to the whole decode.
type sentinelProbe struct {
	reads int
	last  []byte
}

func (p *sentinelProbe) UnmarshalJSON(b []byte) error {
	p.reads++
	p.last = append(p.last[:0], b...)
	return nil
}

func (p *sentinelProbe) isSentinel() bool {
	return p != nil && p.reads == 1 && string(p.last) == "["+splitSentinel+"]"
}

func parseExport(path string, data []byte) (Export, error) {
	f, err := decodeExport(data)
	if err != nil {
		return Export{}, err
	}
	if f.Version <= 0 || f.Deployment == nil {
		return Export{}, errors.New(`not a pulumi stack export: it has no "version" and "deployment"; ` +
			"make one with `pulumi stack export --file FILE`")
	}
	exp := Export{Path: path, Resources: f.Deployment.Resources}
	for i, r := range exp.Resources {
		if r.URN == "" || r.Type == "" {
			return Export{}, fmt.Errorf("not a pulumi stack export: deployment.resources[%d] has no urn or type", i)
		}
	}
	for i, r := range exp.Resources {
		if r.outputsErr != nil {
			return Export{}, fmt.Errorf("not a pulumi stack export: deployment.resources[%d] (%s) outputs: %w",
				i, r.URN, r.outputsErr)
		}
		exp.Encrypted += r.encrypted
	}
	return exp, nil
}

// decodeExport decodes a document: its resources in parallel when
// splitResources can split it, else the whole document at once, which also
// describes what is wrong with a document that does not decode. Either way,
// each resource's outputs are decoded in parallel, the split's by the worker
// that decoded the resource, while its bytes are in its cache.
func decodeExport(data []byte) (f exportFile, err error) {
	fault := readGuarded(data, func() {
		var ok bool
		if f, ok = decodeSplit(data); ok {
			return
		}
		f = exportFile{}
		if err = json.Unmarshal(data, &f); err != nil {
			err = describeJSONError(data, err)
			return
		}
		if f.Deployment != nil {
			rs := f.Deployment.Resources
			chunks.ForEach(len(rs), func(i int) { rs[i].decodeOutputs() })
		}
	})
	if fault != nil {
		return exportFile{}, fault
	}
	return f, err
}

// decodeSplit decodes a document through splitResources, or returns false
// when it does not split or a part does not decode.
func decodeSplit(data []byte) (exportFile, bool) {
	split, ok := splitResources(data)
	if !ok {
		return exportFile{}, false
	}
	return decodeParts(split)
}

// decodeParts decodes the skeleton and, in parallel, the resources of a
// split, or returns false when the decoder does not read the sentinel as
// deployment.resources or a part does not decode.
func decodeParts(split resourceSplit) (exportFile, bool) {
	var skel exportSkeleton
	if json.Unmarshal(split.Skeleton, &skel) != nil || skel.Deployment == nil || !skel.Deployment.Resources.isSentinel() {
		return exportFile{}, false
	}
	f := exportFile{Version: skel.Version, Deployment: &exportDeployment{}}
	resources := make([]Resource, len(split.Items))
	failed := make([]bool, len(split.Items))
	chunks.ForEach(len(split.Items), func(i int) {
		var err error
		fault := readGuarded(split.Items[i], func() { err = json.Unmarshal(split.Items[i], &resources[i]) })
		failed[i] = fault != nil || err != nil
		if !failed[i] {
			resources[i].decodeOutputs()
		}
	})
	if slices.Contains(failed, true) {
		return exportFile{}, false
	}
	f.Deployment.Resources = resources
	return f, true
}

// decodeOutputs decodes what a report reads of the raw outputs: all of them
// for a managed resource, the complianceReport of a component, nothing of
// the rest. Encrypted values of a managed resource are counted.
func (r *Resource) decodeOutputs() {
	raw := r.RawOutputs
	r.RawOutputs = nil
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	switch {
	case r.Managed():
		if r.outputsErr = json.Unmarshal(raw, &r.Outputs); r.outputsErr != nil {
			return
		}
		for k, v := range r.Outputs {
			r.Outputs[k] = revealSecrets(v, &r.encrypted)
		}
	case r.IsComponent():
		var outs struct {
			ComplianceReport json.RawMessage `json:"complianceReport"`
		}
		if r.outputsErr = json.Unmarshal(raw, &outs); r.outputsErr != nil {
			return
		}
		r.Recorded, r.Secret = unwrapSecret(outs.ComplianceReport)
	}
}

// describeJSONError says where the JSON breaks, by line, since exports are
// long and edited by hand when someone trims them for a bug report.
func describeJSONError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return errors.New("the file is empty, not a pulumi stack export")
	case errors.As(err, &syntax) && syntax.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))):
		return fmt.Errorf("not valid JSON: the file ends before the document does; is it cut short? (%w)", err)
	case errors.As(err, &syntax):
		line, col := lineCol(data, syntax.Offset)
		return fmt.Errorf("not valid JSON at line %d, column %d: %w", line, col, err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Errorf("not a pulumi stack export: %s is a JSON %s, not %s", field, typ.Value, jsonKind(typ.Type))
	}
	return fmt.Errorf("not valid JSON: %w", err)
}

// jsonKind names the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Bool:
		return "a boolean"
	case reflect.String:
		return "a string"
	default:
		return "a number"
	}
}

func lineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	return line, int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
}
