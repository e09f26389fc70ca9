package aws

import (
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

const secureBucketToken = "orgiac:aws:SecureBucket"

// assessSecureBucket plans a SecureBucket, judges the plan against the
// compliance controls, and adds the compliance tags. It is pure: everything
// Construct decides, it decides here.
func assessSecureBucket(name string, args SecureBucketArgs, cfg settings.Resolved) lifecycle.Assessment[bucketPlan] {
	plan, probs := planSecureBucket(name, args, cfg.Org)
	return lifecycle.Assess(plan, probs, lifecycle.Case{
		Token: secureBucketToken, Name: name, Subjects: plan.subjects(name),
		Waivers: args.Waivers, TagLimit: lifecycle.AWSTagLimit(0),
	}, cfg)
}

// subjects is the plan as the compliance checks see it: the properties each
// child will be registered with, as plain values. The component test asserts
// that the registered inputs agree with this view.
func (p bucketPlan) subjects(name string) []compliance.Subject {
	bucket := compliance.Subject{
		Resource: compliance.Resource{Type: compliance.TypeBucket, Name: name, Props: map[string]any{
			"objectLockEnabled": p.ObjectLock != nil,
		}},
		Related: map[string][]compliance.Resource{},
	}
	add := func(typ, child string, props map[string]any) {
		bucket.Related[typ] = append(bucket.Related[typ], compliance.Resource{Type: typ, Name: name + child, Props: props})
	}
	add(compliance.TypeBucketOwnership, "-ownership", map[string]any{
		"rule": map[string]any{"objectOwnership": "BucketOwnerEnforced"},
	})
	add(compliance.TypeBucketPAB, "-public-access-block", map[string]any{
		"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true,
	})
	if policy, err := tlsOnlyPolicy("arn:aws:s3:::" + name); err == nil {
		add(compliance.TypeBucketPolicy, "-tls-policy", map[string]any{"policy": policy})
	}
	if p.Versioning {
		add(compliance.TypeBucketVersioning, "-versioning", map[string]any{
			"versioningConfiguration": map[string]any{"status": "Enabled"},
		})
	}
	subjects := []compliance.Subject{}
	if enc := p.Encryption; enc != nil {
		byDefault := map[string]any{"sseAlgorithm": enc.Algorithm}
		if enc.Algorithm == AlgorithmKMS {
			// The key's ARN is known only after deployment; any non-empty
			// value stands for the customer-managed key the plan uses.
			byDefault["kmsMasterKeyId"] = "planned-customer-managed-key"
		}
		add(compliance.TypeBucketEncryption, "-encryption", map[string]any{
			"rules": []any{map[string]any{"applyServerSideEncryptionByDefault": byDefault, "bucketKeyEnabled": enc.BucketKeyEnabled}},
		})
		if enc.CreateKey {
			subjects = append(subjects, compliance.Subject{Resource: compliance.Resource{
				Type: compliance.TypeKMSKey, Name: name + "-key", Props: map[string]any{"enableKeyRotation": true},
			}})
		}
	}
	if p.Logging != nil {
		add(compliance.TypeBucketLogging, "-logging", map[string]any{"targetBucket": "planned-log-target"})
	}
	if len(p.Lifecycle) > 0 {
		rules := make([]any, len(p.Lifecycle))
		for i, r := range p.Lifecycle {
			status := "Enabled"
			if !r.Enabled {
				status = "Disabled"
			}
			rules[i] = map[string]any{"id": r.ID, "status": status}
		}
		add(compliance.TypeBucketLifecycle, "-lifecycle", map[string]any{"rules": rules})
	}
	if lock := p.ObjectLock; lock != nil {
		add(compliance.TypeBucketObjectLock, "-object-lock", map[string]any{
			"rule": map[string]any{"defaultRetention": map[string]any{"mode": lock.Mode}},
		})
	}
	return append([]compliance.Subject{bucket}, subjects...)
}
