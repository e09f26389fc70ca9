package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestAutomationDriver is not a test of its own: it lets the repository's
// e2e suite run the program E2E_PROGRAM names through the Automation API with
// the real CLI and engine, because the Go language host cannot be installed
// on the build machines.
//
//	E2E_PROGRAM=raw-subnet E2E_WORK_DIR=<copy of this folder> E2E_STACK=dev go test -run TestAutomationDriver . -args up
func TestAutomationDriver(t *testing.T) {
	workDir, stackName := os.Getenv("E2E_WORK_DIR"), os.Getenv("E2E_STACK")
	if workDir == "" || stackName == "" {
		t.Skip("driver for the repository's e2e suite; set E2E_WORK_DIR and E2E_STACK")
	}
	op := flag.Arg(0)
	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "goraw", pick(),
		auto.WorkDir(workDir))
	if err != nil {
		t.Fatalf("selecting stack %s in %s: %v", stackName, filepath.Base(workDir), err)
	}
	out := os.Stdout
	// E2E_POLICY_PACK (the analyzer binary) and E2E_POLICY_PACK_CONFIG run
	// the preview and the up under the orgiac policy pack.
	previewOpts, upOpts := []optpreview.Option{optpreview.ProgressStreams(out)}, []optup.Option{optup.ProgressStreams(out)}
	if pack := os.Getenv("E2E_POLICY_PACK"); pack != "" {
		previewOpts, upOpts = append(previewOpts, optpreview.PolicyPacks(pack)), append(upOpts, optup.PolicyPacks(pack))
		if cfg := os.Getenv("E2E_POLICY_PACK_CONFIG"); cfg != "" {
			previewOpts = append(previewOpts, optpreview.PolicyPackConfigs(cfg))
			upOpts = append(upOpts, optup.PolicyPackConfigs(cfg))
		}
	}
	switch op {
	case "preview":
		_, err = stack.Preview(ctx, previewOpts...)
	case "up":
		// The CLI's up previews first, and a mandatory policy violation in
		// the preview stops it before anything is created; the Automation
		// API's Up always skips the preview, so do what the CLI does.
		if os.Getenv("E2E_POLICY_PACK") != "" {
			if _, err = stack.Preview(ctx, previewOpts...); err != nil {
				break
			}
		}
		_, err = stack.Up(ctx, upOpts...)
	case "up-skip-preview":
		_, err = stack.Up(ctx, upOpts...)
	case "refresh":
		_, err = stack.Refresh(ctx, optrefresh.ProgressStreams(out))
	case "destroy":
		_, err = stack.Destroy(ctx, optdestroy.ProgressStreams(out))
	default:
		t.Fatalf("unknown operation %q", op)
	}
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
}

// pick is the program E2E_PROGRAM names.
func pick() pulumi.RunFunc {
	if p, ok := programs[os.Getenv("E2E_PROGRAM")]; ok {
		return p
	}
	return func(*pulumi.Context) error {
		return fmt.Errorf("E2E_PROGRAM=%q names no program of tests/e2e/programs/goraw", os.Getenv("E2E_PROGRAM"))
	}
}
