package awscloud

// What the KMS, IAM, CloudWatch Logs and EKS translations share: policy
// documents, tags, and calls moto does not implement.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// iamInputOrState is a string input, or the state's value when the input is
// absent (a read without inputs, as an import does).
func iamInputOrState(k call, key string) string {
	if s := k.in.str(key); s != "" {
		return s
	}
	return k.old.str(key)
}

// iamDecode undoes the URL encoding IAM answers policy documents in.
func iamDecode(doc string) (string, error) {
	out, err := url.PathUnescape(doc)
	if err != nil {
		return "", fmt.Errorf("decoding a policy document: %w", err)
	}
	return out, nil
}

// iamPolicyDoc is fresh, the policy document AWS answers, unless one of
// priors (what the program or the state holds) says the same in other
// words (spacing, key order): then that one, so that AWS's reformatting is
// no drift, as the Terraform provider has it.
func iamPolicyDoc(fresh string, priors ...string) string {
	var f any
	if json.Unmarshal([]byte(fresh), &f) != nil {
		return fresh
	}
	for _, p := range priors {
		var v any
		if p != "" && json.Unmarshal([]byte(p), &v) == nil && reflect.DeepEqual(f, v) {
			return p
		}
	}
	return fresh
}

// iamOwnTags are the resource's own tags among those AWS reports: the
// provider's default tags are tagsAll's business, except where the
// resource sets the same key itself. ok is false when there are none and
// the resource never had any, so that a read adds no empty tags.
func iamOwnTags(k call, all map[string]string) (map[string]any, bool) {
	declared := k.in.stringMap("tags")
	own := map[string]any{}
	for key, v := range all {
		if d, isDefault := k.c.Settings.DefaultTags[key]; isDefault && d == v {
			if _, mine := declared[key]; !mine {
				continue
			}
		}
		own[key] = v
	}
	if len(own) == 0 && k.in.at("tags") == nil && k.old.at("tags") == nil {
		return nil, false
	}
	return own, true
}

// iamTagChanges are the tags to set and the keys to remove to turn have
// into want.
func iamTagChanges(have, want map[string]string) (set map[string]string, remove []string) {
	set = map[string]string{}
	for key, v := range want {
		if old, ok := have[key]; !ok || old != v {
			set[key] = v
		}
	}
	for key := range have {
		if _, ok := want[key]; !ok {
			remove = append(remove, key)
		}
	}
	sort.Strings(remove)
	return set, remove
}

func iamSortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

func iamTags(tags map[string]string) []iamtypes.Tag {
	var out []iamtypes.Tag
	for _, key := range iamSortedKeys(tags) {
		out = append(out, iamtypes.Tag{Key: aws.String(key), Value: aws.String(tags[key])})
	}
	return out
}

// iamAPIError is the AWS error inside err without the operation that got
// it, for a check made by another call than the one AWS would refuse.
func iamAPIError(err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae
	}
	return err
}

// iamAsSet reports a list that is a set in the Terraform provider (client
// ids, thumbprints) in a prior's order when it holds the same elements, so
// that AWS's order is no drift.
func iamAsSet(fresh []string, priors ...[]string) []any {
	pick := fresh
	for _, p := range priors {
		if iamSameElements(fresh, p) && p != nil {
			pick = p
			break
		}
	}
	out := make([]any, len(pick))
	for i, s := range pick {
		out[i] = s
	}
	return out
}

func iamSameElements(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// iamUnimplemented reports whether moto failed a call it does not
// implement: it answers HTTP 404 (no such route) or 500 with a body that is
// no AWS error, or a server fault. A missing resource is a 404 too, but one
// with AWS's error code, and is not taken for it.
func iamUnimplemented(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorFault() == smithy.FaultServer
	}
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && (re.HTTPStatusCode() == 404 || re.HTTPStatusCode() >= 500)
}

// iamMotoLacks says so when err is moto failing a call it does not implement,
// rather than leave the user with a "deserialization failed".
func iamMotoLacks(call string, err error) error {
	if iamUnimplemented(err) {
		return fmt.Errorf("moto 5.2.5 does not implement %s, which this change needs: %w", call, err)
	}
	return err
}
