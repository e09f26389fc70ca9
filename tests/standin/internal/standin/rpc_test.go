package standin

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// These tests go through the gRPC server the real binary runs, to catch
// anything that only breaks on the wire (version reporting, diff encoding).

func rawServer(t *testing.T, opts Options) rpc.ResourceProviderServer {
	prov, err := New(testSpec(), opts)
	require.NoError(t, err)
	srv, err := p.RawServer("aws", "6.83.4", prov)(nil)
	require.NoError(t, err)
	return srv
}

func TestPluginInfoReportsTheRealPluginVersion(t *testing.T) {
	info, err := rawServer(t, Options{}).GetPluginInfo(t.Context(), &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, "6.83.4", info.GetVersion())
}

func TestWireRoundTripOfCheckCreateAndDiff(t *testing.T) {
	srv := rawServer(t, ledgerOpts(t))
	ctx := t.Context()
	u := string(urn(bucketType, "logs"))
	news, err := structpb.NewStruct(map[string]any{"tags": map[string]any{"team": "a"}, "grants": []any{}})
	require.NoError(t, err)

	checked, err := srv.Check(ctx, &rpc.CheckRequest{Urn: u, News: news, Olds: &structpb.Struct{}})
	require.NoError(t, err)
	created, err := srv.Create(ctx, &rpc.CreateRequest{Urn: u, Properties: checked.GetInputs()})
	require.NoError(t, err)
	state, err := plugin.UnmarshalProperties(created.GetProperties(), plugin.MarshalOptions{KeepSecrets: true})
	require.NoError(t, err)
	assert.Equal(t, created.GetId(), state["bucket"].StringValue())
	assert.True(t, state["grants"].IsArray(), "empty lists survive the wire")

	same, err := srv.Diff(ctx, &rpc.DiffRequest{
		Id: created.GetId(), Urn: u, Olds: created.GetProperties(), OldInputs: checked.GetInputs(), News: checked.GetInputs(),
	})
	require.NoError(t, err)
	assert.Equal(t, rpc.DiffResponse_DIFF_NONE, same.GetChanges())

	renamed := proto(t, map[string]any{"bucket": "renamed"})
	replace, err := srv.Diff(ctx, &rpc.DiffRequest{
		Id: created.GetId(), Urn: u, Olds: created.GetProperties(), OldInputs: checked.GetInputs(), News: renamed,
	})
	require.NoError(t, err)
	assert.Equal(t, rpc.DiffResponse_DIFF_SOME, replace.GetChanges())
	assert.Contains(t, replace.GetReplaces(), "bucket")
	assert.Equal(t, rpc.PropertyDiff_UPDATE_REPLACE, replace.GetDetailedDiff()["bucket"].GetKind())
	assert.False(t, replace.GetDeleteBeforeReplace())
}

func proto(t *testing.T, m map[string]any) *structpb.Struct {
	s, err := structpb.NewStruct(m)
	require.NoError(t, err)
	return s
}
