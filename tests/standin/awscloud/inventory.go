package awscloud

// What the emulated cloud holds: the ground truth end-to-end tests compare
// the state with, and find leaks in.

import (
	"context"
	"fmt"
	"sort"
)

// Ref names one resource of a translated type.
type Ref struct{ Type, ID string }

// Key is the ref as "<type token>/<id>", the ledger's form.
func (r Ref) Key() string { return r.Type + "/" + r.ID }

// Inventory returns, for the account of api and region, every resource of a
// translated type that moto holds, sorted. AWS's own
// defaults (the default VPC and its parts, AWS-managed KMS aliases, deleted
// NAT gateways and endpoints, keys pending deletion) are left out, and so
// are the account's fixtures (its log bucket and its policy).
func Inventory(ctx context.Context, api *API, region string) ([]Ref, error) {
	clients := api.In(region)
	var out []Ref
	for token, k := range kinds() {
		ids, err := k.list(ctx, clients)
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", token, err)
		}
		for _, id := range ids {
			if ref := (Ref{Type: token, ID: id}); !isFixture(api.Account(), ref) {
				out = append(out, ref)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, nil
}

func isFixture(account string, ref Ref) bool {
	return ref.ID == LogBucketFor(account) &&
		(ref.Type == "aws:s3/bucketV2:BucketV2" || ref.Type == "aws:s3/bucketPolicy:BucketPolicy")
}
