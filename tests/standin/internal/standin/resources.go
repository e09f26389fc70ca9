package standin

// The resource operations: check, diff, create, read, update and delete of
// the stand-in's resources, recorded in the ledger.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/events"
)

// typeOf looks up the type spec for a resource type token.
func (s *standin) typeOf(typ string) (*TypeSpec, error) {
	t, ok := s.types[typ]
	if !ok {
		return nil, fmt.Errorf("stand-in %s provider does not know resource type %q; add it to %s",
			s.spec.Name, typ, s.spec.TypesFile)
	}
	return t, nil
}

// check returns the inputs unchanged apart from autonaming.
func (s *standin) check(_ context.Context, req p.CheckRequest) (p.CheckResponse, error) {
	t, err := s.typeOf(req.Urn.Type().String())
	if err != nil {
		return p.CheckResponse{}, err
	}
	news := req.Inputs
	if t.AutoName != nil {
		news = applyAutoName(t.AutoName, req.Urn.Name(), req.State, news)
	}
	return p.CheckResponse{Inputs: news}, nil
}

func (s *standin) diff(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	var replaceOn []string
	if t, err := s.typeOf(req.Urn.Type().String()); err == nil {
		replaceOn = t.ReplaceOnChanges
	}
	olds := req.OldInputs
	if olds.Len() == 0 {
		// Without old inputs, compare against the state, but only for keys the
		// program sets: the rest of the state is computed outputs.
		m := map[string]property.Value{}
		for k := range req.Inputs.All {
			if v, ok := req.State.GetOk(k); ok {
				m[k] = v
			}
		}
		olds = property.NewMap(m)
	}
	return diffInputs(olds, req.Inputs, replaceOn, req.IgnoreChanges), nil
}

// newCtx builds the view of a resource that ID and Outputs functions get.
func (s *standin) newCtx(t *TypeSpec, name, id string, inputs, old property.Map) *Ctx {
	settings := s.currentSettings()
	return &Ctx{
		Type: t.Token, Name: name, ID: id,
		Region: settings.Region, Account: s.spec.Account, Settings: settings,
		Inputs: inputs, Old: old,
		ledger: s.ledger,
	}
}

// buildState is inputs (minus bookkeeping) merged over the type's computed
// outputs, plus tagsAll for taggable types. In a preview, outputs the program
// did not set are unknown.
func (s *standin) buildState(t *TypeSpec, c *Ctx, preview bool) property.Map {
	state := map[string]property.Value{}
	for k, v := range withoutInternalKeys(c.Inputs).All {
		state[k] = withoutDependencies(v)
	}
	if t.Outputs != nil {
		for k, v := range t.Outputs(c) {
			computed := fromPlain(v)
			if preview && !isSet(state[k]) {
				computed = property.New(property.Computed)
			}
			state[k] = mergeOver(state[k], computed)
		}
	}
	if t.Taggable {
		state[tagsAllKey] = tagsAll(c.Settings.DefaultTags, state["tags"])
	}
	return property.NewMap(state)
}

func (s *standin) create(ctx context.Context, req p.CreateRequest) (p.CreateResponse, error) {
	typ, name := req.Urn.Type().String(), req.Urn.Name()
	t, err := s.typeOf(typ)
	if err != nil {
		return p.CreateResponse{}, err
	}
	if req.DryRun {
		c := s.newCtx(t, name, "", req.Properties, property.Map{})
		return p.CreateResponse{Properties: s.buildState(t, c, true)}, nil
	}

	if err := s.delay(ctx, typ, name); err != nil {
		return p.CreateResponse{}, err
	}
	v, err := s.faults.judgeCreate(typ)
	if err != nil {
		return p.CreateResponse{}, fmt.Errorf("stand-in: counting creates for fault injection: %w", err)
	}
	event := events.Event{Type: typ, Name: name, URN: string(req.Urn)}
	if v.fail {
		event.Kind = events.Failed
		if err := s.notify(event); err != nil {
			return p.CreateResponse{}, err
		}
		return p.CreateResponse{}, fmt.Errorf("stand-in: injected failure creating %s %s (%s=%s)",
			typ, name, EnvFailCreate, s.opts.FailCreate)
	}
	if v.hold {
		event.Kind = events.Held
		return p.CreateResponse{}, s.holdUntilCancelled(ctx, event)
	}

	c := s.newCtx(t, name, "", req.Properties, property.Map{})
	if t.Cloud != nil {
		return s.createInCloud(ctx, t, c)
	}
	id := t.ID(c)
	if id == "" {
		return p.CreateResponse{}, fmt.Errorf("stand-in %s cannot make an id for %s %s: an input its id is built from is missing",
			s.spec.Name, typ, name)
	}
	c.ID = id
	state := s.buildState(t, c, false)

	err = s.ledger.update(func(entries map[string]Entry) error {
		entries[LedgerKey(typ, id)] = s.entry(string(req.Urn), typ, id, state, req.Properties)
		return nil
	})
	if err != nil {
		return p.CreateResponse{}, fmt.Errorf("stand-in: recording %s %s: %w", typ, name, err)
	}
	return p.CreateResponse{ID: id, Properties: state}, nil
}

// delay sleeps for STANDIN_CREATE_DELAY, giving cancellation tests a window;
// it gives up early if the operation or the whole deployment is cancelled.
func (s *standin) delay(ctx context.Context, typ, name string) error {
	if s.opts.CreateDelay <= 0 {
		return nil
	}
	timer := time.NewTimer(s.opts.CreateDelay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stand-in: create of %s %s interrupted: %w", typ, name, ctx.Err())
	case <-s.cancelled:
		return fmt.Errorf("stand-in: create of %s %s cancelled by the engine", typ, name)
	}
}

// holdUntilCancelled keeps a create in flight, creating nothing, until the
// engine cancels the deployment (or drops the request), then fails it.
func (s *standin) holdUntilCancelled(ctx context.Context, e events.Event) error {
	if err := s.notify(e); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return fmt.Errorf("stand-in: held create of %s %s interrupted (%s=%s): %w",
			e.Type, e.Name, EnvHoldCreates, s.opts.HoldCreates, ctx.Err())
	case <-s.cancelled:
		return fmt.Errorf("stand-in: held create of %s %s cancelled by the engine (%s=%s)",
			e.Type, e.Name, EnvHoldCreates, s.opts.HoldCreates)
	}
}

func (s *standin) entry(urn, typ, id string, state, inputs property.Map) Entry {
	return Entry{
		Type: typ, URN: urn, Provider: s.spec.Name, ID: id,
		State:  mapToPlain(state),
		Inputs: mapToPlain(inputs),
	}
}

func (s *standin) update(ctx context.Context, req p.UpdateRequest) (p.UpdateResponse, error) {
	typ, name := req.Urn.Type().String(), req.Urn.Name()
	t, err := s.typeOf(typ)
	if err != nil {
		return p.UpdateResponse{}, err
	}
	c := s.newCtx(t, name, req.ID, req.Inputs, req.State)
	if t.Cloud != nil {
		if req.DryRun {
			return p.UpdateResponse{Properties: s.cloudState(t, c, mapToPlain(req.State))}, nil
		}
		return s.updateInCloud(ctx, t, c)
	}
	state := s.buildState(t, c, false)
	if req.DryRun {
		return p.UpdateResponse{Properties: state}, nil
	}
	err = s.ledger.update(func(entries map[string]Entry) error {
		entries[LedgerKey(typ, req.ID)] = s.entry(string(req.Urn), typ, req.ID, state, req.Inputs)
		return nil
	})
	if err != nil {
		return p.UpdateResponse{}, fmt.Errorf("stand-in: recording update of %s %s: %w", typ, name, err)
	}
	return p.UpdateResponse{Properties: state}, nil
}

// read answers from the ledger: a resource missing from it is gone (empty id).
// Without a ledger every resource is assumed to be exactly as the engine
// remembers it.
func (s *standin) read(ctx context.Context, req p.ReadRequest) (p.ReadResponse, error) {
	typ := req.Urn.Type().String()
	if t, err := s.typeOf(typ); err == nil && t.Cloud != nil {
		return s.readFromCloud(ctx, t, s.newCtx(t, req.Urn.Name(), req.ID, req.Inputs, req.Properties), req)
	}
	if !s.ledger.enabled() {
		return p.ReadResponse{ID: req.ID, Properties: req.Properties, Inputs: req.Inputs}, nil
	}
	e, ok, err := s.ledger.get(LedgerKey(typ, req.ID))
	if err != nil {
		return p.ReadResponse{}, fmt.Errorf("stand-in: reading %s %s: %w", typ, req.ID, err)
	}
	if !ok {
		return p.ReadResponse{}, nil
	}
	props := restoreSecrets(property.New(mapFromPlain(e.State)), property.New(req.Properties)).AsMap()
	inputs := req.Inputs
	if inputs.Len() == 0 {
		inputs = mapFromPlain(e.Inputs)
	}
	return p.ReadResponse{ID: req.ID, Properties: props, Inputs: inputs}, nil
}

// delete removes the resource from the ledger. The entry is left alone when it
// no longer holds the state being deleted: a replacement that reuses the id
// (create-before-delete of, say, a bucket policy) has already overwritten it.
func (s *standin) delete(ctx context.Context, req p.DeleteRequest) error {
	typ := req.Urn.Type().String()
	if t, err := s.typeOf(typ); err == nil && t.Cloud != nil {
		return t.Cloud.Delete(ctx, s.newCtx(t, req.Urn.Name(), req.ID, req.OldInputs, req.Properties))
	}
	key := LedgerKey(typ, req.ID)
	err := s.ledger.update(func(entries map[string]Entry) error {
		e, ok := entries[key]
		if !ok {
			return nil
		}
		if req.Properties.Len() > 0 && !sameState(e.State, mapToPlain(withoutInternalKeys(req.Properties))) {
			p.GetLogger(ctx).Debugf("stand-in: keeping %s: a newer resource with the same id replaced it", key)
			return nil
		}
		delete(entries, key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("stand-in: deleting %s: %w", key, err)
	}
	return nil
}

// sameState compares two plain states by canonical JSON (sorted keys), after
// dropping nulls and empty lists and maps, which the engine and the ledger's
// JSON round trip may represent differently.
func sameState(a, b map[string]any) bool {
	ja, errA := json.Marshal(canonical(a))
	jb, errB := json.Marshal(canonical(b))
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// canonical removes null, empty-list and empty-map entries from maps,
// recursively, and returns nil for values that are "empty" in that sense.
func canonical(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if c := canonical(e); c != nil {
				out[k] = c
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		if len(v) == 0 {
			return nil
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = canonical(e)
		}
		return out
	default:
		return v
	}
}
