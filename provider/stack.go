package provider

import (
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// component serves a component whose constructor runs on a fresh stack.
func component[A any, C pulumi.ComponentResource](construct infer.ComponentFn[A, C]) infer.InferredComponent {
	return infer.ComponentF(onFreshStack(construct))
}

// onFreshStack runs a component's constructor on a goroutine of its own and
// waits for it.
//
// The Go SDK records, with every resource, the stack of the goroutine that
// registered it, and the engine keeps it in the state. Constructed in the
// gRPC handler, each of a component's resources carried 23 frames, 20 of
// them gRPC and provider plumbing that says nothing about where the resource
// comes from: 2.6 KB of a SecureBucket child's 5 KB of state. The engine
// serializes the whole state after every step, so that size was most of what
// orgiac added to a large update (bench/analysis.md). On a fresh
// goroutine a resource records only orgiac's frames.
//
// A cancelled deployment does not wait for the constructor: the engine is
// waiting for the plugin to give up. A panic in the constructor ends the
// plugin as it did before, with the constructor's own stack in the crash
// report.
func onFreshStack[A any, C pulumi.ComponentResource](construct infer.ComponentFn[A, C]) infer.ComponentFn[A, C] {
	type result struct {
		comp C
		err  error
	}
	return func(ctx *pulumi.Context, name string, args A, opts ...pulumi.ResourceOption) (C, error) {
		done := make(chan result, 1)
		go func() {
			comp, err := construct(ctx, name, args, opts...)
			done <- result{comp, err}
		}()
		select {
		case r := <-done:
			return r.comp, r.err
		case <-ctx.Context().Done():
			var zero C
			return zero, fmt.Errorf("constructing %q: %w", name, ctx.Context().Err())
		}
	}
}
