package policypack

// Serving the pack as the engine starts a plugin.

import (
	"fmt"
	"io"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Serve listens on a free loopback port, writes the port as the first and
// only line of stdout (the engine reads it there; anything else written to
// stdout would be shown to the user) and serves until the engine stops it.
func Serve(pack *Server, stdout io.Writer) error {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(s, pack)
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("starting the policy pack's gRPC server: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%d\n", handle.Port); err != nil {
		return fmt.Errorf("telling the engine the policy pack's port: %w", err)
	}
	if err := <-handle.Done; err != nil {
		return fmt.Errorf("serving the policy pack: %w", err)
	}
	return nil
}
