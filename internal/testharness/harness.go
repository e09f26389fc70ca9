// Package testharness runs orgiac components through the go-provider
// integration server with mocked cloud resources, and records every child the
// component registers so tests can assert on inputs, parents and outputs.
//
// It is imported only by tests.
package testharness

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"
)

// Child is one resource a component registered.
type Child struct {
	Type    string
	Name    string
	Parent  string // the parent URN
	Inputs  property.Map
	Custom  bool
	Deps    []string // URNs of explicit dependsOn
	Protect bool
	// Frames are the source positions of the stack trace recorded with the
	// registration, innermost first.
	Frames []string
}

// Harness is a running integration server plus the children it has seen.
type Harness struct {
	Server integration.Server

	mu       sync.Mutex
	children []Child
	// Outputs computes extra outputs a mocked resource returns, by type.
	Outputs func(typ, name string, inputs property.Map) map[string]property.Value
	// Invoke answers the invokes (data sources) a component calls, by token
	// (e.g. `aws:index/getRegion:getRegion`). When nil, every invoke fails.
	Invoke func(token string, args property.Map) (property.Map, error)
	// ConfigSecretKeys are the stack config keys (`orgiac:owner`) the engine
	// reports as secrets to every Construct.
	ConfigSecretKeys []string
	invokes          []Call
}

// Call is one invoke a component made.
type Call struct {
	Token string
	Args  property.Map
}

// New starts a server for prov and configures it with cfg (values as the
// engine would send them: strings, numbers, bools or nested maps).
func New(t testing.TB, prov p.Provider, cfg map[string]property.Value) *Harness {
	t.Helper()
	h := &Harness{}
	srv, err := integration.NewServer(t.Context(), "orgiac", semver.MustParse("1.0.0"),
		integration.WithProvider(prov),
		integration.WithMocks(&integration.MockResourceMonitor{
			NewResourceF: h.newResource,
			CallF:        h.call,
		}))
	require.NoError(t, err)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: property.NewMap(cfg)}))
	h.Server = srv
	return h
}

func (h *Harness) newResource(args integration.MockResourceArgs) (string, property.Map, error) {
	c := Child{Type: string(args.TypeToken), Name: args.Name, Inputs: args.Inputs, Custom: args.Custom}
	if rpc := args.RegisterRPC; rpc != nil {
		c.Parent = rpc.GetParent()
		c.Deps = rpc.GetDependencies()
		c.Protect = rpc.GetProtect()
		for _, f := range rpc.GetStackTrace().GetFrames() {
			c.Frames = append(c.Frames, f.GetPc().GetUri())
		}
	}
	h.mu.Lock()
	h.children = append(h.children, c)
	h.mu.Unlock()
	if !args.Custom {
		return "", property.Map{}, nil
	}
	state := args.Inputs.AsMap()
	if h.Outputs != nil {
		for k, v := range h.Outputs(c.Type, c.Name, args.Inputs) {
			state[k] = v
		}
	}
	return args.Name + "-id", property.NewMap(state), nil
}

func (h *Harness) call(args integration.MockCallArgs) (property.Map, error) {
	h.mu.Lock()
	h.invokes = append(h.invokes, Call{Token: string(args.Token), Args: args.Args})
	invoke := h.Invoke
	h.mu.Unlock()
	if invoke == nil {
		return property.Map{}, fmt.Errorf("unexpected invoke %s", args.Token)
	}
	return invoke(string(args.Token), args.Args)
}

// Invokes returns the invokes made so far, in call order.
func (h *Harness) Invokes() []Call {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Call(nil), h.invokes...)
}

// Construct builds the component typ (e.g. `orgiac:aws:SecureBucket`) named
// name with inputs.
func (h *Harness) Construct(typ, name string, inputs map[string]property.Value) (p.ConstructResponse, error) {
	urn := resource.NewURN("test", "shop", "", tokens.Type(typ), name)
	var secretKeys []config.Key
	for _, k := range h.ConfigSecretKeys {
		key, err := config.ParseKey(k)
		if err != nil {
			return p.ConstructResponse{}, fmt.Errorf("config secret key %q: %w", k, err)
		}
		secretKeys = append(secretKeys, key)
	}
	return h.Server.Construct(p.ConstructRequest{Urn: urn, Inputs: property.NewMap(inputs), ConfigSecretKeys: secretKeys})
}

// Children returns the resources registered so far, in registration order.
func (h *Harness) Children() []Child {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Child(nil), h.children...)
}

// Child returns the registered resource of type typ, or fails the test.
func (h *Harness) Child(t testing.TB, typ string) Child {
	t.Helper()
	var found []Child
	for _, c := range h.Children() {
		if c.Type == typ {
			found = append(found, c)
		}
	}
	require.Len(t, found, 1, "want exactly one %s", typ)
	return found[0]
}

// Types lists the registered types, in registration order.
func (h *Harness) Types() []string {
	var out []string
	for _, c := range h.Children() {
		out = append(out, c.Type)
	}
	return out
}

// Get walks a dotted path (`rules[0].applyServerSideEncryptionByDefault.sseAlgorithm`)
// through a property map and returns the value there.
func Get(m property.Map, path string) property.Value {
	v := property.New(m)
	for _, part := range strings.Split(path, ".") {
		idx := -1
		if i := strings.Index(part, "["); i >= 0 {
			fmt.Sscanf(part[i:], "[%d]", &idx)
			part = part[:i]
		}
		if !v.IsMap() {
			return property.Value{}
		}
		v = v.AsMap().Get(part)
		if idx >= 0 {
			if !v.IsArray() || idx >= v.AsArray().Len() {
				return property.Value{}
			}
			v = v.AsArray().Get(idx)
		}
	}
	return v
}

// Str returns v as a string, or "" when v is not a string (property.Value's
// AsString panics on null, which is noise in a failing assertion).
func Str(v property.Value) string {
	if v.IsString() {
		return v.AsString()
	}
	return ""
}
