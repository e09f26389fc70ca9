package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blang/semver"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// TestBinaryReportsLinkedVersion builds the plugin the way releases do, with
// the version injected by -ldflags, and asks the running binary for it. A
// renamed or moved Version variable makes -X a silent no-op; this catches it.
func TestBinaryReportsLinkedVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the plugin binary")
	}
	const want = "1.2.3-test.4"
	bin := filepath.Join(t.TempDir(), "pulumi-resource-orgiac")
	// Built as `make build` and the e2e TestMain build it (static,
	// -trimpath), so the compiled aws and azure SDKs come from the shared
	// build cache; with the race run's CGO_ENABLED=1 this build compiled
	// them all again, six minutes on a cold machine.
	build := exec.Command("go", "build", "-trimpath", "-o", bin,
		"-ldflags", "-X github.com/orgiac/pulumi-orgiac/internal/version.Version="+want, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the plugin: %s", out)

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	// A plugin started without an engine address prints the port it serves on.
	port, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()

	info, err := pulumirpc.NewResourceProviderClient(conn).GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, want, info.GetVersion())
	_, err = semver.Parse(info.GetVersion())
	assert.NoError(t, err, "the reported version is semver")
}
