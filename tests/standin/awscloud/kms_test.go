package awscloud

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	keyType   = "aws:kms/key:Key"
	aliasType = "aws:kms/alias:Alias"
)

// mustInventory is what the account holds in us-west-2, as "<type>/<id>".
func mustInventory(t *testing.T, api *API) []string {
	t.Helper()
	refs, err := Inventory(context.Background(), api, "us-west-2")
	require.NoError(t, err)
	var keys []string
	for _, r := range refs {
		keys = append(keys, r.Key())
	}
	return keys
}

// The key as SecureBucket and EksCluster make it: rotation on, a 30-day
// window, tags.
func TestAKeyLivesInMoto(t *testing.T) {
	api := testAccount(t)
	key := newResource(t, api, keyType, "secrets", map[string]any{
		"description": "Encrypts the Kubernetes secrets", "enableKeyRotation": true, "deletionWindowInDays": 30.0,
		"tags": map[string]any{"Team": "platform"},
	})
	out := key.create()
	assertNoDrift(t, key, out)
	id := key.ctx.ID
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, id, "a key's id is its KeyId")
	assert.Equal(t, "arn:aws:kms:us-west-2:"+api.Account()+":key/"+id, out["arn"])
	assert.Equal(t, id, out["keyId"])
	assert.Equal(t, true, out["enableKeyRotation"])
	assert.Equal(t, 365, out["rotationPeriodInDays"])
	assert.Equal(t, true, out["isEnabled"])
	assert.Equal(t, "ENCRYPT_DECRYPT", out["keyUsage"])
	assert.Contains(t, out["policy"], `"kms:*"`, "the default key policy")
	assert.Equal(t, map[string]any{"Team": "platform"}, out["tags"])

	alias := newResource(t, api, aliasType, "secrets", map[string]any{
		"name": "alias/demo-eks-secrets", "targetKeyId": id,
	})
	aout := alias.create()
	assertNoDrift(t, alias, aout)
	assert.Equal(t, "alias/demo-eks-secrets", alias.ctx.ID)
	assert.Equal(t, "arn:aws:kms:us-west-2:"+api.Account()+":alias/demo-eks-secrets", aout["arn"])
	assert.Equal(t, out["arn"], aout["targetKeyArn"])
	assert.Equal(t, []string{aliasType + "/alias/demo-eks-secrets", keyType + "/" + id}, mustInventory(t, api),
		"AWS's own aliases (alias/aws/...) are not counted")

	observed, found := key.read()
	require.True(t, found)
	assert.Equal(t, true, observed["enableKeyRotation"], "rotation is read back from GetKeyRotationStatus")
	assert.Equal(t, "Encrypts the Kubernetes secrets", observed["description"])
	observed, found = alias.read()
	require.True(t, found)
	assert.Equal(t, id, observed["targetKeyId"])

	alias.delete()
	_, found = alias.read()
	assert.False(t, found)
	key.delete()
	_, found = key.read()
	assert.False(t, found, "a key scheduled for deletion is gone")
	assert.Empty(t, mustInventory(t, api), "keys pending deletion are not counted")

	d, err := api.In("us-west-2").KMS.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String(id)})
	require.NoError(t, err)
	assert.Equal(t, kmstypes.KeyStatePendingDeletion, d.KeyMetadata.KeyState)
	key.delete() // deleting again is no error
}

// Turning rotation off behind Pulumi's back shows on refresh, and an update
// turns it on again.
func TestKeyRotationDriftIsReadAndRepaired(t *testing.T) {
	api := testAccount(t)
	key := newResource(t, api, keyType, "drift", map[string]any{"enableKeyRotation": true, "description": "d1"})
	key.create()
	defer key.delete()
	_, err := api.In("us-west-2").KMS.DisableKeyRotation(context.Background(), &kms.DisableKeyRotationInput{
		KeyId: aws.String(key.ctx.ID),
	})
	require.NoError(t, err)
	observed, found := key.read()
	require.True(t, found)
	assert.Equal(t, false, observed["enableKeyRotation"])

	out := key.update(map[string]any{"enableKeyRotation": true, "description": "d2", "tags": map[string]any{"a": "b"}})
	assert.Equal(t, true, out["enableKeyRotation"])
	assert.Equal(t, "d2", out["description"])
	assert.Equal(t, map[string]any{"a": "b"}, out["tags"])
	out = key.update(map[string]any{"enableKeyRotation": false, "description": "d2", "isEnabled": false})
	assert.Equal(t, false, out["enableKeyRotation"])
	assert.Equal(t, false, out["isEnabled"])
	assert.Equal(t, map[string]any{}, out["tags"], "the removed tag is gone")
}

// moto schedules any deletion window; KMS takes 7 to 30 days, and the
// Terraform provider checks the input before it creates anything.
func TestADeletionWindowKMSRefusesFailsTheCreate(t *testing.T) {
	api := testAccount(t)
	key := newResource(t, api, keyType, "short", map[string]any{"deletionWindowInDays": 3.0})
	_, _, err := key.cloud.Create(context.Background(), &key.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating KMS Key (short)")
	assert.Contains(t, err.Error(), "expected deletion_window_in_days to be in the range (7 - 30), got 3")
	assert.Empty(t, mustInventory(t, api), "no key was made")

	// A state holding such a window gets KMS's own answer at delete.
	key = newResource(t, api, keyType, "long", map[string]any{})
	key.create()
	key.ctx.Old = plainToMap(merge(key.ctx.OldPlain(), map[string]any{"deletionWindowInDays": 31.0}))
	err = key.cloud.Delete(context.Background(), &key.ctx)
	assert.ErrorContains(t, err, "ValidationException")
	assert.ErrorContains(t, err, "Member must have value less than or equal to 30")
	key.ctx.Old = plainToMap(merge(key.ctx.OldPlain(), map[string]any{"deletionWindowInDays": 7.0}))
	key.delete()
}

// What KMS refuses reaches the user with its code.
func TestAnAliasKMSRefusesFailsWithItsError(t *testing.T) {
	api := testAccount(t)
	alias := newResource(t, api, aliasType, "nokey", map[string]any{
		"name": "alias/nokey", "targetKeyId": "11111111-2222-3333-4444-555555555555",
	})
	_, _, err := alias.cloud.Create(context.Background(), &alias.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating KMS Alias (alias/nokey)")
	assert.Contains(t, err.Error(), "NotFoundException")
}

func TestAnAliasMovesToAnotherKey(t *testing.T) {
	api := testAccount(t)
	k1 := newResource(t, api, keyType, "k1", map[string]any{})
	k1.create()
	defer k1.delete()
	k2 := newResource(t, api, keyType, "k2", map[string]any{})
	out2 := k2.create()
	defer k2.delete()
	alias := newResource(t, api, aliasType, "moving", map[string]any{"name": "alias/moving", "targetKeyId": k1.ctx.ID})
	alias.create()
	defer alias.delete()
	// The program may name the key by its ARN; AWS answers its id.
	out := alias.update(map[string]any{"name": "alias/moving", "targetKeyId": out2["arn"]})
	assert.Equal(t, out2["arn"], out["targetKeyId"])
	assert.Equal(t, out2["arn"], out["targetKeyArn"])
}

// assertNoDrift reads r back with the state the engine would hold (its
// outputs under its inputs, merged as the stand-in merges them) and proves
// that a refresh would change nothing: every value Read reports equals the
// state's.
func assertNoDrift(t *testing.T, r *resource, outputs map[string]any) {
	t.Helper()
	state := deepUnder(r.ctx.Plain(), outputs)
	saved := r.ctx.Old
	r.ctx.Old = plainToMap(state)
	defer func() { r.ctx.Old = saved }()
	observed, found := r.read()
	require.True(t, found)
	for key, v := range observed {
		want, _ := json.Marshal(state[key])
		got, _ := json.Marshal(v)
		assert.JSONEq(t, string(want), string(got), "a refresh would change %s", key)
	}
}

// deepUnder is over with under's values filled in where over has none,
// objects merged key by key.
func deepUnder(over, under map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range under {
		out[k] = v
	}
	for k, v := range over {
		if om, ok := v.(map[string]any); ok {
			if um, ok := out[k].(map[string]any); ok {
				out[k] = deepUnder(om, um)
				continue
			}
		}
		out[k] = v
	}
	return out
}
