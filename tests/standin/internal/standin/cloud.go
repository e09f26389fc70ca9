package standin

// Cloud-backed types: the stand-in as a translator between the engine and
// a real API (for aws, the moto emulator).

import (
	"context"
	"maps"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Cloud is the API behind a type. The stand-in turns Create, Read, Update
// and Delete into its calls: ids and computed outputs are the API's answers,
// and what the API refuses fails the operation with the API's own error.
// Outputs are plain Go values keyed by the Pulumi property names.
type Cloud interface {
	// Create creates the resource from c.Inputs.
	Create(ctx context.Context, c *Ctx) (id string, outputs map[string]any, err error)
	// Read returns the properties the API reports for c.ID, by Pulumi name,
	// and false when the resource no longer exists.
	Read(ctx context.Context, c *Ctx) (observed map[string]any, found bool, err error)
	// Update changes the resource c.ID from c.Old (its state) to c.Inputs.
	Update(ctx context.Context, c *Ctx) (outputs map[string]any, err error)
	// Delete deletes c.ID; a resource that is already gone is not an error.
	Delete(ctx context.Context, c *Ctx) error
}

// cloudState is the state of a cloud-backed resource: the API's outputs
// under the inputs (inputs win, as a provider stores what it was asked
// for), plus tagsAll.
func (s *standin) cloudState(t *TypeSpec, c *Ctx, outputs map[string]any) property.Map {
	state := map[string]property.Value{}
	for k, v := range outputs {
		state[k] = fromPlain(v)
	}
	for k, v := range withoutInternalKeys(c.Inputs).All {
		state[k] = mergeOver(withoutDependencies(v), state[k])
	}
	if t.Taggable {
		state[tagsAllKey] = tagsAll(c.Settings.DefaultTags, state["tags"])
	}
	return property.NewMap(state)
}

func (s *standin) createInCloud(ctx context.Context, t *TypeSpec, c *Ctx) (p.CreateResponse, error) {
	id, outputs, err := t.Cloud.Create(ctx, c)
	if err != nil {
		return p.CreateResponse{}, err
	}
	c.ID = id
	return p.CreateResponse{ID: id, Properties: s.cloudState(t, c, outputs)}, nil
}

func (s *standin) updateInCloud(ctx context.Context, t *TypeSpec, c *Ctx) (p.UpdateResponse, error) {
	outputs, err := t.Cloud.Update(ctx, c)
	if err != nil {
		return p.UpdateResponse{}, err
	}
	return p.UpdateResponse{Properties: s.cloudState(t, c, outputs)}, nil
}

// readFromCloud refreshes a resource from the API. What the API reports
// replaces the state's value, and the input's where the program set one, so
// that a change made outside Pulumi shows as a diff on the next up and the
// up puts it back.
func (s *standin) readFromCloud(ctx context.Context, t *TypeSpec, c *Ctx, req p.ReadRequest) (p.ReadResponse, error) {
	observed, found, err := t.Cloud.Read(ctx, c)
	if err != nil {
		return p.ReadResponse{}, err
	}
	if !found {
		return p.ReadResponse{}, nil
	}
	state := maps.Collect(req.Properties.All)
	inputs := maps.Collect(req.Inputs.All)
	for k, v := range observed {
		fresh := fromPlain(v)
		state[k] = restoreSecrets(fresh, state[k])
		if old, ok := inputs[k]; ok {
			inputs[k] = restoreSecrets(fresh, old)
		}
	}
	if t.Taggable {
		state[tagsAllKey] = tagsAll(c.Settings.DefaultTags, state["tags"])
	}
	return p.ReadResponse{ID: req.ID, Properties: property.NewMap(state), Inputs: property.NewMap(inputs)}, nil
}
