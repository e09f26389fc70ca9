package awscloud

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
	"github.com/orgiac/pulumi-orgiac/tests/standin/moto"
)

// motoURL is the moto server every test of the package shares; each test
// acts in an account of its own.
var motoURL string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	bin, err := moto.Binary(filepath.Join("..", "..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	dir, err := os.MkdirTemp("", "awscloud-moto-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	s, err := moto.Start(bin, filepath.Join(dir, "moto.log"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Stop()
	if err := PrepareFixtures(context.Background(), New(s.URL, DefaultAccount)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	motoURL = s.URL
	return m.Run()
}

// testAccount returns a fresh 12-digit account, so a test sees only what it
// created.
func testAccount(t *testing.T) *API {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	n := 0
	for _, c := range hex.EncodeToString(b) {
		n = (n*16 + int(c%16)) % 1_000_000_000_000
	}
	api := New(motoURL, fmt.Sprintf("%012d", 100_000_000_000+n%800_000_000_000))
	require.NoError(t, PrepareFixtures(context.Background(), api))
	return api
}

// resource drives one translated type as the stand-in does.
type resource struct {
	t     *testing.T
	cloud standin.Cloud
	ctx   standin.Ctx
}

func newResource(t *testing.T, api *API, token, name string, inputs map[string]any) *resource {
	t.Helper()
	cl, ok := Clouds(api)[token]
	require.True(t, ok, "%s is translated", token)
	return &resource{t: t, cloud: cl, ctx: standin.Ctx{
		Type: token, Name: name, Region: "us-west-2", Account: api.Account(),
		Settings: standin.Settings{Region: "us-west-2"}, Inputs: plainToMap(inputs),
	}}
}

func (r *resource) create() map[string]any {
	r.t.Helper()
	id, out, err := r.cloud.Create(context.Background(), &r.ctx)
	require.NoError(r.t, err)
	require.NotEmpty(r.t, id)
	r.ctx.ID = id
	r.ctx.Old = plainToMap(merge(out, r.ctx.Plain()))
	return out
}

func (r *resource) read() (map[string]any, bool) {
	r.t.Helper()
	out, found, err := r.cloud.Read(context.Background(), &r.ctx)
	require.NoError(r.t, err)
	return out, found
}

func (r *resource) update(inputs map[string]any) map[string]any {
	r.t.Helper()
	r.ctx.Inputs = plainToMap(inputs)
	out, err := r.cloud.Update(context.Background(), &r.ctx)
	require.NoError(r.t, err)
	r.ctx.Old = plainToMap(merge(out, r.ctx.Plain()))
	return out
}

func (r *resource) delete() {
	r.t.Helper()
	require.NoError(r.t, r.cloud.Delete(context.Background(), &r.ctx))
}

func merge(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func plainToMap(m map[string]any) property.Map {
	return standin.PlainMap(m)
}
