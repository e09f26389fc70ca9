package awscloud

// The shape every translated type shares, and the table of them.

import (
	"context"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// call is what a type's functions get: the request's context, the
// resource, and the clients of its region.
type call struct {
	ctx context.Context
	c   *standin.Ctx
	api *Clients
	in  props // the inputs, as plain values
	old props // the prior state, as plain values (Update, Read, Delete)
}

// kind is a translated type: its four operations and how to list what moto
// holds of it.
type kind struct {
	create func(k call) (id string, outputs map[string]any, err error)
	read   func(k call) (observed map[string]any, found bool, err error)
	// update is nil for configurations that are put whole: Update puts them
	// again, as Create does.
	update func(k call) (outputs map[string]any, err error)
	del    func(k call) error
	// list returns the ids of every resource of the type in the account and
	// region, AWS's own defaults left out.
	list func(ctx context.Context, api *Clients) ([]string, error)
}

// cloud is a kind bound to an account.
type cloud struct {
	api *API
	k   kind
}

func (cl cloud) call(ctx context.Context, c *standin.Ctx) call {
	return call{ctx: ctx, c: c, api: cl.api.In(c.Region), in: c.Plain(), old: c.OldPlain()}
}

func (cl cloud) Create(ctx context.Context, c *standin.Ctx) (string, map[string]any, error) {
	return cl.k.create(cl.call(ctx, c))
}

func (cl cloud) Read(ctx context.Context, c *standin.Ctx) (map[string]any, bool, error) {
	return cl.k.read(cl.call(ctx, c))
}

func (cl cloud) Update(ctx context.Context, c *standin.Ctx) (map[string]any, error) {
	k := cl.call(ctx, c)
	if cl.k.update == nil {
		_, outputs, err := cl.k.create(k)
		return outputs, err
	}
	return cl.k.update(k)
}

func (cl cloud) Delete(ctx context.Context, c *standin.Ctx) error { return cl.k.del(cl.call(ctx, c)) }

// kinds are the translated types by token.
func kinds() map[string]kind {
	out := map[string]kind{}
	for _, table := range []map[string]kind{s3Kinds, kmsKinds, ec2NetworkKinds, ec2SecurityKinds, ec2MiscKinds,
		iamKinds, logsKinds, eksKinds} {
		for token, k := range table {
			if _, dup := out[token]; dup {
				panic("awscloud: " + token + " is translated twice")
			}
			out[token] = k
		}
	}
	return out
}

// Clouds are the translated types by token, acting in api's account.
func Clouds(api *API) map[string]standin.Cloud {
	out := map[string]standin.Cloud{}
	for token, k := range kinds() {
		out[token] = cloud{api: api, k: k}
	}
	return out
}

// Translated reports whether the type token is translated to moto.
func Translated(token string) bool {
	_, ok := kinds()[token]
	return ok
}
