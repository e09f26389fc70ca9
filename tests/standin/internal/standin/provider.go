package standin

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// standin holds one plugin process's state: the spec it fakes, the provider
// configuration it was given, and its handles on the ledger and fault counters.
type standin struct {
	spec   Spec
	types  map[string]*TypeSpec
	opts   Options
	ledger *ledger
	faults *faults

	mu       sync.RWMutex
	settings Settings

	cancelOnce sync.Once
	cancelled  chan struct{}
}

// New returns a stand-in provider for spec, configured by opts. Run it with
// p.RunProvider(ctx, spec.Name, spec.Version, prov).
func New(spec Spec, opts Options) (p.Provider, error) {
	s := &standin{
		spec:      spec,
		types:     make(map[string]*TypeSpec, len(spec.Types)),
		opts:      opts,
		ledger:    &ledger{path: opts.LedgerPath},
		cancelled: make(chan struct{}),
	}
	for i := range spec.Types {
		t := &spec.Types[i]
		if _, dup := s.types[t.Token]; dup {
			return p.Provider{}, fmt.Errorf("stand-in %s type table lists %q twice", spec.Name, t.Token)
		}
		if t.ID == nil && t.Cloud == nil {
			return p.Provider{}, fmt.Errorf("stand-in %s type %q has no ID generator", spec.Name, t.Token)
		}
		s.types[t.Token] = t
	}
	f, err := newFaults(opts, s.ledger)
	if err != nil {
		return p.Provider{}, err
	}
	s.faults = f
	// Until Configure runs, behave as an unconfigured provider would.
	if spec.Configure != nil {
		if s.settings, err = spec.Configure(property.Map{}); err != nil {
			return p.Provider{}, fmt.Errorf("default configuration: %w", err)
		}
	}

	return p.Provider{
		GetSchema:   s.getSchema,
		Cancel:      s.cancel,
		CheckConfig: s.checkConfig,
		DiffConfig:  s.diffConfig,
		Configure:   s.configure,
		Invoke:      s.invoke,
		Check:       s.check,
		Diff:        s.diff,
		Create:      s.create,
		Read:        s.read,
		Update:      s.update,
		Delete:      s.delete,
	}, nil
}

// getSchema returns a minimal schema. The engine only asks for it in a few
// flows (e.g. `pulumi package get-schema`); programs under test register the
// resources through a real SDK and never need the stand-in's schema.
func (s *standin) getSchema(context.Context, p.GetSchemaRequest) (p.GetSchemaResponse, error) {
	b, err := json.Marshal(map[string]string{"name": s.spec.Name, "version": s.spec.Version})
	if err != nil {
		return p.GetSchemaResponse{}, fmt.Errorf("encoding schema: %w", err)
	}
	return p.GetSchemaResponse{Schema: string(b)}, nil
}

// cancel makes pending (delayed) Creates give up, as a real provider aborts
// in-flight operations when the engine is interrupted.
func (s *standin) cancel(context.Context) error {
	s.cancelOnce.Do(func() { close(s.cancelled) })
	return nil
}

// checkConfig accepts any configuration as is: the stand-in has no credentials
// to validate.
func (s *standin) checkConfig(_ context.Context, req p.CheckRequest) (p.CheckResponse, error) {
	return p.CheckResponse{Inputs: req.Inputs}, nil
}

// diffConfig reports configuration changes as in-place updates, never as a
// replacement of the provider.
func (s *standin) diffConfig(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	olds := req.OldInputs
	if olds.Len() == 0 {
		olds = req.State
	}
	return diffInputs(olds, req.Inputs, nil, req.IgnoreChanges), nil
}

func (s *standin) configure(_ context.Context, req p.ConfigureRequest) error {
	if s.spec.Configure == nil {
		return nil
	}
	args := req.Args
	if args.Len() == 0 && len(req.Variables) > 0 {
		// Old engines send "pkg:config:key" (or "pkg:key") strings only.
		vars := map[string]property.Value{}
		for k, v := range req.Variables {
			vars[k[strings.LastIndex(k, ":")+1:]] = property.New(v)
		}
		args = property.NewMap(vars)
	}
	settings, err := s.spec.Configure(args)
	if err != nil {
		return fmt.Errorf("configuring stand-in %s provider: %w", s.spec.Name, err)
	}
	s.mu.Lock()
	s.settings = settings
	s.mu.Unlock()
	return nil
}

func (s *standin) currentSettings() Settings {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.settings
}

func (s *standin) invoke(_ context.Context, req p.InvokeRequest) (p.InvokeResponse, error) {
	fn, ok := s.spec.Invokes[string(req.Token)]
	if !ok {
		return p.InvokeResponse{}, fmt.Errorf("stand-in %s provider does not know function %q; add it to %s",
			s.spec.Name, req.Token, s.spec.TypesFile)
	}
	out, err := fn(s.currentSettings(), req.Args)
	if err != nil {
		return p.InvokeResponse{}, fmt.Errorf("stand-in %s: invoking %s: %w", s.spec.Name, req.Token, err)
	}
	return p.InvokeResponse{Return: mapFromPlain(out)}, nil
}

// Main runs a stand-in plugin for spec, configured by the STANDIN_*
// environment, as the engine starts it; it exits the process on failure.
func Main(spec Spec) {
	if err := serve(spec); err != nil {
		fmt.Fprintf(os.Stderr, "stand-in %s provider: %v\n", spec.Name, err)
		os.Exit(1)
	}
}

func serve(spec Spec) error {
	opts, err := OptionsFromEnv()
	if err != nil {
		return err
	}
	prov, err := New(spec, opts)
	if err != nil {
		return err
	}
	return p.RunProvider(context.Background(), spec.Name, spec.Version, prov)
}
