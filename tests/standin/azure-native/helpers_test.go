package main

import (
	"path/filepath"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// newServer runs the azure-native stand-in in process with a fresh ledger,
// configured with config, and returns it with the ledger path.
func newServer(t *testing.T, config map[string]any) (integration.Server, string) {
	t.Helper()
	ledger := filepath.Join(t.TempDir(), "ledger.json")
	return newServerWith(t, standin.Options{LedgerPath: ledger, RunID: t.Name()}, config), ledger
}

// newServerWith runs the stand-in with the given options.
func newServerWith(t *testing.T, opts standin.Options, config map[string]any) integration.Server {
	t.Helper()
	prov, err := standin.New(spec(), opts)
	require.NoError(t, err)
	s, err := integration.NewServer(t.Context(), packageName, semver.MustParse(version), integration.WithProvider(prov))
	require.NoError(t, err)
	require.NoError(t, s.Configure(p.ConfigureRequest{Args: toMap(t, config)}))
	return s
}

// toMap converts plain Go values to a property map.
func toMap(t *testing.T, m map[string]any) property.Map {
	t.Helper()
	out := map[string]property.Value{}
	for k, v := range m {
		out[k] = toValue(t, v)
	}
	return property.NewMap(out)
}

func toValue(t *testing.T, v any) property.Value {
	switch v := v.(type) {
	case map[string]any:
		return property.New(toMap(t, v))
	case []any:
		arr := make([]property.Value, len(v))
		for i, e := range v {
			arr[i] = toValue(t, e)
		}
		return property.New(arr)
	case int:
		return property.New(float64(v))
	default:
		pv, err := property.Any(v)
		require.NoError(t, err)
		return pv
	}
}

func urn(typ, name string) presource.URN {
	return presource.URN("urn:pulumi:dev::proj::" + typ + "::" + name)
}

// check runs Check for a new resource and returns the checked inputs.
func check(t *testing.T, s integration.Server, typ, name string, inputs map[string]any) property.Map {
	t.Helper()
	checked, err := s.Check(p.CheckRequest{Urn: urn(typ, name), Inputs: toMap(t, inputs)})
	require.NoError(t, err)
	return checked.Inputs
}

// create runs Check and Create for a resource and returns its id and state.
func create(t *testing.T, s integration.Server, typ, name string, inputs map[string]any) (string, property.Map) {
	t.Helper()
	checked := check(t, s, typ, name, inputs)
	created, err := s.Create(p.CreateRequest{Urn: urn(typ, name), Properties: checked})
	require.NoError(t, err)
	return created.ID, created.Properties
}

// at returns the value at a path of keys and indexes in state (null if absent).
func at(state property.Map, path ...any) property.Value {
	v := property.New(state)
	for _, seg := range path {
		switch seg := seg.(type) {
		case string:
			if !v.IsMap() {
				return property.Value{}
			}
			v = v.AsMap().Get(seg)
		case int:
			if !v.IsArray() || v.AsArray().Len() <= seg {
				return property.Value{}
			}
			v = v.AsArray().Get(seg)
		}
	}
	return v
}
