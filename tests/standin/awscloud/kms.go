package awscloud

// KMS: customer managed keys (their aliases are in kms_alias.go). A key's
// id is its KeyId, a UUID, as in the Terraform provider.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"
)

var kmsKinds = map[string]kind{
	"aws:kms/key:Key":     {create: createKey, read: readKey, update: updateKey, del: deleteKey, list: listKeys},
	"aws:kms/alias:Alias": {create: createAlias, read: readAlias, update: updateAlias, del: deleteAlias, list: listAliases},
}

// AWS's defaults for what a key does not say.
const (
	kmsDefaultWindow   = 30  // days between ScheduleKeyDeletion and the key's end
	kmsDefaultRotation = 365 // days between automatic rotations
)

// kmsCheckWindow refuses a deletion window AWS would refuse. moto takes
// any number of days, but the Terraform provider validates the input before
// creating anything, so a bad window fails the up, not the destroy years
// later.
func kmsCheckWindow(k call) error {
	if days, ok := k.in.num("deletionWindowInDays"); ok && (days < 7 || days > 30) {
		return fmt.Errorf("expected deletion_window_in_days to be in the range (7 - 30), got %d", days)
	}
	return nil
}

func createKey(k call) (string, map[string]any, error) {
	if err := kmsCheckWindow(k); err != nil {
		return "", nil, verb("creating", "KMS Key", k.c.Name, err)
	}
	// KMS's defaults are sent explicitly: moto leaves an unset usage unset.
	usage, spec := k.in.str("keyUsage"), k.in.str("customerMasterKeySpec")
	if usage == "" {
		usage = string(kmstypes.KeyUsageTypeEncryptDecrypt)
	}
	if spec == "" {
		spec = string(kmstypes.KeySpecSymmetricDefault)
	}
	in := &kms.CreateKeyInput{
		Description:                    k.in.strPtr("description"),
		KeyUsage:                       kmstypes.KeyUsageType(usage),
		KeySpec:                        kmstypes.KeySpec(spec),
		Policy:                         k.in.strPtr("policy"),
		BypassPolicyLockoutSafetyCheck: k.in.flag("bypassPolicyLockoutSafetyCheck"),
		Tags:                           kmsTags(k.c.TagsAll()),
	}
	if multi, ok := k.in.boolean("multiRegion"); ok {
		in.MultiRegion = aws.Bool(multi)
	}
	out, err := k.api.KMS.CreateKey(k.ctx, in)
	if err != nil {
		return "", nil, verb("creating", "KMS Key", k.c.Name, err)
	}
	id := aws.ToString(out.KeyMetadata.KeyId)
	// The Terraform provider turns rotation on and the key off after
	// creating it; if that fails, the key must not outlive the failed create.
	if err := kmsApplySettings(k, id, false, true); err != nil {
		_, _ = k.api.KMS.ScheduleKeyDeletion(k.ctx, &kms.ScheduleKeyDeletionInput{
			KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7),
		})
		return "", nil, verb("creating", "KMS Key", k.c.Name, err)
	}
	observed, found, err := kmsKeyObserved(k, id)
	if err == nil && !found {
		err = fmt.Errorf("the new key %s is not found", id)
	}
	if err != nil {
		return "", nil, verb("creating", "KMS Key", k.c.Name, err)
	}
	observed["bypassPolicyLockoutSafetyCheck"] = k.in.flag("bypassPolicyLockoutSafetyCheck")
	return id, observed, nil
}

// kmsApplySettings brings the key's rotation and enabled state to what the
// inputs ask for; wasRotating and wasEnabled are what the key has now.
func kmsApplySettings(k call, id string, wasRotating, wasEnabled bool) error {
	rotate := k.in.flag("enableKeyRotation")
	period := k.in.int32Ptr("rotationPeriodInDays")
	oldPeriod, _ := k.old.num("rotationPeriodInDays")
	switch {
	case rotate && (!wasRotating || period != nil && int(*period) != oldPeriod):
		if _, err := k.api.KMS.EnableKeyRotation(k.ctx, &kms.EnableKeyRotationInput{
			KeyId: aws.String(id), RotationPeriodInDays: period,
		}); err != nil {
			return err
		}
	case !rotate && wasRotating:
		if _, err := k.api.KMS.DisableKeyRotation(k.ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(id)}); err != nil {
			return err
		}
	}
	enabled, set := k.in.boolean("isEnabled")
	switch {
	case set && !enabled && wasEnabled:
		_, err := k.api.KMS.DisableKey(k.ctx, &kms.DisableKeyInput{KeyId: aws.String(id)})
		return err
	case (!set || enabled) && !wasEnabled:
		_, err := k.api.KMS.EnableKey(k.ctx, &kms.EnableKeyInput{KeyId: aws.String(id)})
		return err
	}
	return nil
}

// kmsKeyObserved is the key as DescribeKey, GetKeyPolicy,
// GetKeyRotationStatus and ListResourceTags report it. A key scheduled for
// deletion is gone, as the Terraform provider has it: it can only be
// cancelled, never used again.
func kmsKeyObserved(k call, id string) (map[string]any, bool, error) {
	d, err := k.api.KMS.DescribeKey(k.ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	if hasCode(err, "NotFoundException") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	md := d.KeyMetadata
	if md.KeyState == kmstypes.KeyStatePendingDeletion {
		return nil, false, nil
	}
	policy, err := k.api.KMS.GetKeyPolicy(k.ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default")})
	if err != nil {
		return nil, false, err
	}
	rotation, err := k.api.KMS.GetKeyRotationStatus(k.ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
	if err != nil {
		return nil, false, err
	}
	observed := map[string]any{
		"arn":                   aws.ToString(md.Arn),
		"keyId":                 aws.ToString(md.KeyId),
		"description":           aws.ToString(md.Description),
		"keyUsage":              string(md.KeyUsage),
		"customerMasterKeySpec": string(md.KeySpec),
		"isEnabled":             md.Enabled,
		"multiRegion":           aws.ToBool(md.MultiRegion),
		"enableKeyRotation":     rotation.KeyRotationEnabled,
		"policy":                iamPolicyDoc(aws.ToString(policy.Policy), k.in.str("policy"), k.old.str("policy")),
	}
	if rotation.KeyRotationEnabled {
		// moto does not keep the period; AWS answers the one asked for, 365
		// by default.
		period := int(aws.ToInt32(rotation.RotationPeriodInDays))
		if period == 0 {
			period = kmsDefaultRotation
			if n, ok := k.in.num("rotationPeriodInDays"); ok {
				period = n
			}
		}
		observed["rotationPeriodInDays"] = period
	}
	tags, err := kmsKeyTags(k, id)
	if err != nil {
		return nil, false, err
	}
	if own, ok := iamOwnTags(k, tags); ok {
		observed["tags"] = own
	}
	return observed, true, nil
}

func kmsKeyTags(k call, id string) (map[string]string, error) {
	out := map[string]string{}
	p := kms.NewListResourceTagsPaginator(k.api.KMS, &kms.ListResourceTagsInput{KeyId: aws.String(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(k.ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Tags {
			out[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
		}
	}
	return out, nil
}

func kmsTags(tags map[string]string) []kmstypes.Tag {
	var out []kmstypes.Tag
	for _, key := range iamSortedKeys(tags) {
		out = append(out, kmstypes.Tag{TagKey: aws.String(key), TagValue: aws.String(tags[key])})
	}
	return out
}

func readKey(k call) (map[string]any, bool, error) {
	observed, found, err := kmsKeyObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "KMS Key", k.c.ID, err)
	}
	return observed, found, nil
}

func updateKey(k call) (map[string]any, error) {
	id := k.c.ID
	fail := func(err error) (map[string]any, error) { return nil, verb("updating", "KMS Key", id, err) }
	if err := kmsCheckWindow(k); err != nil {
		return fail(err)
	}
	d, err := k.api.KMS.DescribeKey(k.ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	if err != nil {
		return fail(err)
	}
	if desc := k.in.str("description"); desc != aws.ToString(d.KeyMetadata.Description) {
		if _, err := k.api.KMS.UpdateKeyDescription(k.ctx, &kms.UpdateKeyDescriptionInput{
			KeyId: aws.String(id), Description: aws.String(desc),
		}); err != nil {
			return fail(err)
		}
	}
	// A policy that says what the state's says, in other words, is no change.
	if policy := k.in.str("policy"); policy != "" && iamPolicyDoc(policy, k.old.str("policy")) != k.old.str("policy") {
		if _, err := k.api.KMS.PutKeyPolicy(k.ctx, &kms.PutKeyPolicyInput{
			KeyId: aws.String(id), PolicyName: aws.String("default"), Policy: aws.String(policy),
			BypassPolicyLockoutSafetyCheck: k.in.flag("bypassPolicyLockoutSafetyCheck"),
		}); err != nil {
			return fail(err)
		}
	}
	rotation, err := k.api.KMS.GetKeyRotationStatus(k.ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
	if err != nil {
		return fail(err)
	}
	if err := kmsApplySettings(k, id, rotation.KeyRotationEnabled, d.KeyMetadata.Enabled); err != nil {
		return fail(err)
	}
	current, err := kmsKeyTags(k, id)
	if err != nil {
		return fail(err)
	}
	set, remove := iamTagChanges(current, k.c.TagsAll())
	if len(set) > 0 {
		if _, err := k.api.KMS.TagResource(k.ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: kmsTags(set)}); err != nil {
			return fail(err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.KMS.UntagResource(k.ctx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: remove}); err != nil {
			return fail(err)
		}
	}
	observed, _, err := kmsKeyObserved(k, id)
	if err != nil {
		return fail(err)
	}
	return observed, nil
}

// deleteKey schedules the key's deletion, as deleting a key in AWS does,
// after the window the key was given (30 days unless it says otherwise).
func deleteKey(k call) error {
	days, ok := k.old.num("deletionWindowInDays")
	if !ok {
		days = kmsDefaultWindow
	}
	if days < 7 || days > 30 {
		// What KMS answers; moto schedules any window.
		bound := "greater than or equal to 7"
		if days > 30 {
			bound = "less than or equal to 30"
		}
		return verb("deleting", "KMS Key", k.c.ID, &smithy.GenericAPIError{
			Code: "ValidationException", Fault: smithy.FaultClient,
			Message: fmt.Sprintf("1 validation error detected: Value '%d' at 'pendingWindowInDays' failed to satisfy "+
				"constraint: Member must have value %s", days, bound),
		})
	}
	_, err := k.api.KMS.ScheduleKeyDeletion(k.ctx, &kms.ScheduleKeyDeletionInput{
		KeyId: aws.String(k.c.ID), PendingWindowInDays: aws.Int32(int32(days)),
	})
	// A key already pending deletion is as deleted as it gets.
	if err != nil && !hasCode(err, "NotFoundException", "KMSInvalidStateException") {
		return verb("deleting", "KMS Key", k.c.ID, err)
	}
	return nil
}

// listKeys leaves out keys pending deletion (they stay listed for their
// window) and keys AWS manages for its services.
func listKeys(ctx context.Context, api *Clients) ([]string, error) {
	var ids []string
	p := kms.NewListKeysPaginator(api.KMS, &kms.ListKeysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing KMS keys: %w", err)
		}
		for _, key := range page.Keys {
			d, err := api.KMS.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key.KeyId})
			if err != nil {
				return nil, fmt.Errorf("describing KMS key %s: %w", aws.ToString(key.KeyId), err)
			}
			md := d.KeyMetadata
			if md.KeyState != kmstypes.KeyStatePendingDeletion && md.KeyManager != kmstypes.KeyManagerTypeAws {
				ids = append(ids, aws.ToString(md.KeyId))
			}
		}
	}
	return ids, nil
}
