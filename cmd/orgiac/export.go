package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"unsafe"

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
	Version    int               `json:"version"`
	Deployment *exportDeployment `json:"deployment"`
}

type exportDeployment struct {
	Resources []stateResource `json:"resources"`
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

// readExport reads and checks one export file; "-" reads stdin.
func readExport(path string, stdin io.Reader) (stackExport, error) {
	in, err := readInput(path, stdin)
	if err != nil {
		return stackExport{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer in.release()
	exp, err := parseExport(path, in.data)
	if in.changed() {
		err = errFileChanged // whatever was read, it is not the file
	}
	if err != nil {
		return stackExport{}, fmt.Errorf("reading %s: %w", displayPath(path), err)
	}
	return exp, nil
}

// mapThreshold is the size from which an export is mapped, not read.
const mapThreshold = 1 << 20

// exportInput is the bytes of an export as read.
type exportInput struct {
	data    []byte
	release func()      // call when done with data
	changed func() bool // whether the file has changed size or time since it was opened
}

// readInput reads an export. A large file is mapped where mapFile can
// (Linux).
func readInput(path string, stdin io.Reader) (exportInput, error) {
	in := exportInput{release: func() {}, changed: func() bool { return false }}
	if path == stdinPath {
		var err error
		in.data, err = io.ReadAll(stdin)
		return in, err
	}
	f, err := os.Open(path)
	if err != nil {
		return in, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return in, err
	}
	if !st.Mode().IsRegular() { // a pipe, as from <(pulumi stack export)
		in.data, err = io.ReadAll(f)
		return in, err
	}
	in.changed = func() bool {
		now, err := os.Stat(path)
		return err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime())
	}
	if st.Size() >= mapThreshold {
		if data, release, err := mapFile(f, int(st.Size())); err == nil {
			in.data, in.release = data, release
			return in, nil
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+1))
	_, err = buf.ReadFrom(f)
	in.data = buf.Bytes()
	return in, err
}

// errFileChanged is reading a file that changed meanwhile: a mapped file cut
// short faults, and a file whose size or time changed was not read whole.
var errFileChanged = errors.New("the file changed while it was read; " +
	"run the report again once whatever writes it has finished")

// readGuarded runs read, which reads data, and returns errFileChanged if
// reading data faults, as a mapped file does where it was truncated. Each
// goroutine that reads mapped data reads it through readGuarded. A fault
// anywhere else is a bug, and stays a crash.
func readGuarded(data []byte, read func()) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if f, ok := r.(interface{ Addr() uintptr }); ok && within(data, f.Addr()) {
			err = errFileChanged
			return
		}
		panic(r)
	}()
	read()
	return nil
}

// within reports whether addr is the address of a byte of data.
func within(data []byte, addr uintptr) bool {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	return len(data) > 0 && addr >= start && addr-start < uintptr(len(data))
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
// split, or returns false when the decoder does not read the sentinel as
// deployment.resources or a part does not decode.
func decodeParts(split resourceSplit) (exportFile, bool) {
	var skel exportSkeleton
	if json.Unmarshal(split.Skeleton, &skel) != nil || skel.Deployment == nil || !skel.Deployment.Resources.isSentinel() {
		return exportFile{}, false
	}
	f := exportFile{Version: skel.Version, Deployment: &exportDeployment{}}
	resources := make([]stateResource, len(split.Items))
	failed := make([]bool, len(split.Items))
	forEachParallel(len(split.Items), func(i int) {
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
