package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"

	json "github.com/go-json-experiment/json/v1"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// stdinPath is the argument that reads an export from standard input, so
// `pulumi stack export | orgiac report -` needs no temporary file.
const stdinPath = "-"

// stackExport is the part of a `pulumi stack export` file a report reads.
type stackExport struct {
	Path      string // as given on the command line
	Resources []stateResource
	// Encrypted counts secret values exported without --show-secrets; the
	// checks read them as absent.
	Encrypted int
}

// stateResource is one entry of deployment.resources. Inputs are left out on
// purpose: the report judges outputs, the state as last read from the cloud,
// so drift shows after `pulumi refresh`.
type stateResource struct {
	URN      string `json:"urn"`
	Type     string `json:"type"`
	ID       string `json:"id"`
	Custom   bool   `json:"custom"`
	Delete   bool   `json:"delete"`
	External bool   `json:"external"`
	Parent   string `json:"parent"`
	// RawOutputs is decoded only where a report reads it: into Outputs for
	// the resources it judges, into Recorded for orgiac components. Decoding
	// every component's complianceReport into maps, then converting them to
	// reports, was a third of the time of a large export.
	RawOutputs json.RawMessage `json:"outputs"`
	// Outputs are the outputs of a judged resource, secrets revealed.
	Outputs map[string]any `json:"-"`
	// Recorded is an orgiac component's complianceReport output; Secret is
	// set when it is an encrypted secret.
	Recorded json.RawMessage `json:"-"`
	Secret   bool            `json:"-"`
	// encrypted counts the encrypted values in Outputs; outputsErr is why
	// the outputs did not decode.
	encrypted  int
	outputsErr error
}

type exportFile struct {
	Version    int `json:"version"`
	Deployment *struct {
		Resources []stateResource `json:"resources"`
	} `json:"deployment"`
}

// readExport reads and checks one export file; "-" reads stdin.
func readExport(path string, stdin io.Reader) (stackExport, error) {
	data, release, err := readInput(path, stdin)
	if err != nil {
		return stackExport{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer release()
	exp, err := parseExport(path, data)
	if err != nil {
		return stackExport{}, fmt.Errorf("reading %s: %w", displayPath(path), err)
	}
	return exp, nil
}

// mapThreshold is the size from which an export is mapped, not read.
const mapThreshold = 1 << 20

// readInput returns the bytes of an export, and a function to call when done
// with them. A large file is mapped where mapFile can (Linux).
func readInput(path string, stdin io.Reader) (data []byte, release func(), err error) {
	if path == stdinPath {
		data, err = io.ReadAll(stdin)
		return data, func() {}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Mode().IsRegular() && st.Size() >= mapThreshold && st.Size() <= math.MaxInt {
		if data, release, err := mapFile(f, int(st.Size())); err == nil {
			return data, release, nil
		}
	}
	var buf bytes.Buffer
	if st.Mode().IsRegular() && st.Size() < math.MaxInt {
		buf.Grow(int(st.Size()) + 1)
	}
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), func() {}, err
}

// errFileChanged is reading a mapped file that was cut short meanwhile.
var errFileChanged = errors.New("the file changed while it was read: it is shorter than when it was opened; " +
	"run the report again once whatever writes it has finished")

// readGuarded runs read, which reads mapped data, and returns errFileChanged
// if the data faults, as a mapped file does where it was truncated. Each
// goroutine that reads mapped data reads it through readGuarded.
func readGuarded(read func()) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			err = errFileChanged
		}
	}()
	read()
	return nil
}

func parseExport(path string, data []byte) (stackExport, error) {
	f, err := decodeExport(data)
	if err != nil {
		return stackExport{}, err
	}
	if f.Version <= 0 || f.Deployment == nil {
		return stackExport{}, errors.New(`not a pulumi stack export: it has no "version" and "deployment"; ` +
			"make one with `pulumi stack export --file FILE`")
	}
	exp := stackExport{Path: path, Resources: f.Deployment.Resources}
	for i, r := range exp.Resources {
		if r.URN == "" || r.Type == "" {
			return stackExport{}, fmt.Errorf("not a pulumi stack export: deployment.resources[%d] has no urn or type", i)
		}
	}
	for i, r := range exp.Resources {
		if r.outputsErr != nil {
			return stackExport{}, fmt.Errorf("not a pulumi stack export: deployment.resources[%d] (%s) outputs: %w",
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
	fault := readGuarded(func() {
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
			forEachParallel(len(rs), func(i int) { rs[i].decodeOutputs() })
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
// split, or returns false when the skeleton does not hold the sentinel
// where the decoder reads the resources or a part does not decode.
func decodeParts(split resourceSplit) (exportFile, bool) {
	var f exportFile
	if json.Unmarshal(split.Skeleton, &f) != nil || f.Deployment == nil ||
		len(f.Deployment.Resources) != 1 || f.Deployment.Resources[0].URN != splitSentinelURN {
		return exportFile{}, false
	}
	resources := make([]stateResource, len(split.Items))
	failed := make([]bool, len(split.Items))
	forEachParallel(len(split.Items), func(i int) {
		var err error
		fault := readGuarded(func() { err = json.Unmarshal(split.Items[i], &resources[i]) })
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
// for a judged resource, the complianceReport of a component, nothing of
// the rest. Encrypted values of a judged resource are counted.
func (r *stateResource) decodeOutputs() {
	raw := r.RawOutputs
	r.RawOutputs = nil
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	switch {
	case r.checked():
		if r.outputsErr = json.Unmarshal(raw, &r.Outputs); r.outputsErr != nil {
			return
		}
		for k, v := range r.Outputs {
			r.Outputs[k] = revealSecrets(v, &r.encrypted)
		}
	case r.isComponent():
		var outs struct {
			ComplianceReport json.RawMessage `json:"complianceReport"`
		}
		if r.outputsErr = json.Unmarshal(raw, &outs); r.outputsErr != nil {
			return
		}
		r.Recorded, r.Secret = unwrapSecret(outs.ComplianceReport)
	}
}

// unwrapSecret returns a raw value without its secret envelope: the
// plaintext when it was exported with --show-secrets, or nil and true when
// only the ciphertext is there.
func unwrapSecret(raw json.RawMessage) (json.RawMessage, bool) {
	if !bytes.Contains(raw, []byte(secretSigKey)) {
		return raw, false
	}
	var env map[string]any
	if json.Unmarshal(raw, &env) != nil || env[secretSigKey] != secretSigValue {
		return raw, false
	}
	plain, ok := env["plaintext"].(string)
	if !ok {
		return nil, true
	}
	return json.RawMessage(plain), false
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

// Pulumi marks a secret value with this signature key and value.
const (
	secretSigKey   = "4dabf18193072939515e22adb298388d"
	secretSigValue = "1b47061264138c4ac30d75fd1eb44270"
)

// revealSecrets replaces secret envelopes with their plaintext (present when
// exported with --show-secrets) or, when only ciphertext is there, with nil,
// counted, so no ciphertext ever reaches a check or a report.
func revealSecrets(v any, encrypted *int) any {
	switch t := v.(type) {
	case map[string]any:
		if t[secretSigKey] == secretSigValue {
			plain, ok := t["plaintext"].(string)
			var val any
			if !ok || json.Unmarshal([]byte(plain), &val) != nil {
				*encrypted++
				return nil
			}
			return revealSecrets(val, encrypted)
		}
		for k, e := range t {
			t[k] = revealSecrets(e, encrypted)
		}
	case []any:
		for i, e := range t {
			t[i] = revealSecrets(e, encrypted)
		}
	}
	return v
}

// checked reports whether a resource is judged: a managed cloud resource.
// Providers configure, components group; a resource pending deletion is the
// old copy of a replacement; an external one was only read, not managed.
func (r stateResource) checked() bool {
	return r.Custom && !r.Delete && !r.External && !strings.HasPrefix(r.Type, "pulumi:providers:")
}

// isComponent reports whether a resource is an orgiac component.
func (r stateResource) isComponent() bool {
	return !r.Custom && !r.Delete && strings.HasPrefix(r.Type, "orgiac:")
}

// complianceResources turns the judged resources into check input.
func (exp stackExport) complianceResources() []compliance.Resource {
	out := make([]compliance.Resource, 0, len(exp.Resources))
	for _, r := range exp.Resources {
		if r.checked() {
			out = append(out, compliance.Resource{Type: r.Type, Name: r.URN, ID: r.ID, Props: r.Outputs})
		}
	}
	return out
}

// urnName is the name part of a URN, the text after the last "::".
func urnName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// shortURN drops the stack, project and parent types: "TYPE::NAME".
func shortURN(urn string) string {
	i := strings.LastIndex(urn, "::")
	if i < 0 || !strings.HasPrefix(urn, "urn:pulumi:") {
		return urn
	}
	typ := urn[:i]
	typ = typ[strings.LastIndex(typ, "::")+2:]
	typ = typ[strings.LastIndex(typ, "$")+1:]
	return typ + urn[i:]
}

// displayPath names stdin in human-readable output.
func displayPath(path string) string {
	if path == stdinPath {
		return "(stdin)"
	}
	return path
}
