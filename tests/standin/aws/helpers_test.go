package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
	"github.com/orgiac/pulumi-orgiac/tests/standin/moto"
)

// motoURL is the moto server the package's tests share.
var motoURL string

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	bin, err := moto.Binary(filepath.Join("..", "..", ".."))
	if err == nil {
		var dir string
		if dir, err = os.MkdirTemp("", "standin-aws-moto-"); err == nil {
			defer os.RemoveAll(dir)
			var s *moto.Server
			if s, err = moto.Start(bin, filepath.Join(dir, "moto.log")); err == nil {
				defer s.Stop()
				motoURL = s.URL
				return m.Run()
			}
		}
	}
	fmt.Fprintln(os.Stderr, err)
	return 1
}

// accounts numbers the tests' moto accounts.
var accounts atomic.Int64

// newServer runs the aws stand-in in process with a fresh ledger and moto
// account, configured with config, and returns it with the ledger path.
func newServer(t *testing.T, config map[string]any) (integration.Server, string) {
	t.Helper()
	ledger := filepath.Join(t.TempDir(), "ledger.json")
	api := awscloud.New(motoURL, fmt.Sprintf("%012d", 300_000_000_000+accounts.Add(1)))
	prov, err := standin.New(spec(api), standin.Options{LedgerPath: ledger})
	require.NoError(t, err)
	s, err := integration.NewServer(t.Context(), packageName, semver.MustParse(version), integration.WithProvider(prov))
	require.NoError(t, err)
	require.NoError(t, s.Configure(p.ConfigureRequest{Args: toMap(t, config)}))
	return s, ledger
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

// create runs Check and Create for a resource and returns its id and state.
func create(t *testing.T, s integration.Server, typ, name string, inputs map[string]any) (string, property.Map) {
	t.Helper()
	u := presource.URN("urn:pulumi:dev::proj::" + typ + "::" + name)
	checked, err := s.Check(p.CheckRequest{Urn: u, Inputs: toMap(t, inputs)})
	require.NoError(t, err)
	created, err := s.Create(p.CreateRequest{Urn: u, Properties: checked.Inputs})
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
