package aws

import (
	"fmt"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Defaults a SecureBucket applies when an input is omitted. Schema defaults
// are not applied inside Construct, so the plan applies these itself.
const (
	defaultAlgorithm                = AlgorithmKMS
	defaultNoncurrentExpirationDays = 90
	defaultAbortMultipartDays       = 7
	defaultLifecycleRuleID          = "orgiac-default"
	kmsKeyDeletionWindowDays        = 30
)

// Server-side encryption algorithms.
const (
	AlgorithmAES256 = "AES256"
	AlgorithmKMS    = "aws:kms"
)

var (
	RuleBucketACL = problem.Define("S3010",
		"a SecureBucket's ACL can only be private; ACLs are disabled by BucketOwnerEnforced",
		"remove acl, or set it to private; grant access with a bucket policy or IAM instead")
	RuleEncryptionAlgorithm = problem.Define("S3011",
		"encryption.algorithm is AES256 or aws:kms",
		"set encryption.algorithm to aws:kms (the default) or AES256")
	RuleKMSKeyWithAES = problem.Define("S3012",
		"encryption.kmsKeyArn needs encryption.algorithm aws:kms",
		"remove kmsKeyArn, or set algorithm to aws:kms")
	RuleObjectLockVersioning = problem.Define("S3013",
		"object lock needs versioning",
		"remove versioning: false, or remove objectLock")
	RuleObjectLockMode = problem.Define("S3014",
		"objectLock.mode is GOVERNANCE or COMPLIANCE",
		"set objectLock.mode to GOVERNANCE or COMPLIANCE")
	RuleObjectLockRetention = problem.Define("S3015",
		"objectLock sets exactly one of days or years, greater than 0",
		"set objectLock.days (for example 30) or objectLock.years, not both")
	RuleLifecycleDays = problem.Define("S3016",
		"lifecycle day counts are whole days greater than 0",
		"use a number of days of 1 or more, or omit the setting")
	RuleLifecycleDuplicateID = problem.Define("S3017",
		"lifecycle rule ids are unique within a bucket",
		"give each lifecycle rule its own id")
	RuleLifecycleStorageClass = problem.Define("S3018",
		"transition storage classes are the ones S3 lifecycle accepts",
		"use one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE")
	RuleLifecycleID = problem.Define("S3019",
		"lifecycle rule ids are 1 to 255 characters",
		"set id to a short name such as expire-logs")
)

// publicACLs are the canned ACLs that make a bucket public. They get their own
// message because they are the mistake the rule exists for.
var publicACLs = map[string]bool{"public-read": true, "public-read-write": true, "authenticated-read": true}

var transitionStorageClasses = map[string]bool{
	"STANDARD_IA": true, "ONEZONE_IA": true, "INTELLIGENT_TIERING": true,
	"GLACIER_IR": true, "GLACIER": true, "DEEP_ARCHIVE": true,
}

// bucketPlan is everything a SecureBucket will register, decided from plain
// values. Values that only exist at deploy time (a given kmsKeyArn or log
// target) stay on the args; the plan records whether they were given.
type bucketPlan struct {
	standards.Applied
	BucketName   string // the physical name the user gave, or ""
	BucketPrefix string // used when BucketName is "", from StandardName
	ForceDestroy bool
	Versioning   bool
	Encryption   *encryptionPlan // nil: encryption is not managed (audit/off only)
	Logging      *loggingPlan    // nil: no access logging (audit/off only)
	Lifecycle    []lifecycleRulePlan
	ObjectLock   *objectLockPlan
}

type encryptionPlan struct {
	Algorithm        string
	CreateKey        bool // aws:kms without a given kmsKeyArn
	BucketKeyEnabled bool
}

type loggingPlan struct {
	// ConfigTarget is orgiac:loggingBucket, used when the args give no target.
	ConfigTarget string
	Prefix       string
}

type lifecycleRulePlan struct {
	ID                              string
	Enabled                         bool
	Prefix                          string
	ExpirationDays                  int
	NoncurrentVersionExpirationDays int
	AbortIncompleteMultipartDays    int
	Transitions                     []BucketTransition
}

type objectLockPlan struct {
	Mode  string
	Days  int
	Years int
}

// planSecureBucket decides the children of a SecureBucket named name. It never
// stops at the first problem: it returns every input error and every breach of
// the standards that the enforcement mode makes fatal.
func planSecureBucket(name string, args SecureBucketArgs, org standards.Org) (bucketPlan, problem.List) {
	var errs, breaches problem.List
	plan := bucketPlan{
		Applied:      org.Apply(name),
		BucketName:   args.BucketName,
		ForceDestroy: deref(args.ForceDestroy, false),
		Versioning:   deref(args.Versioning, true),
	}
	if args.BucketName != "" {
		errs.Merge("", validateBucketName("bucketName", args.BucketName))
	} else {
		plan.BucketPrefix = bucketPrefixFor(plan.StandardName)
	}

	switch {
	case args.ACL == "" || args.ACL == "private":
	case publicACLs[args.ACL]:
		errs.Addf(RuleBucketACL, "acl", args.ACL, "would make the bucket public; SecureBucket never allows public ACLs")
	default:
		errs.Addf(RuleBucketACL, "acl", args.ACL, "is not supported; SecureBucket disables ACLs")
	}

	// Turning off versioning, encryption or logging is not an input error:
	// the compliance controls judge it, under the enforcement mode.
	enc, p := planEncryption(args.Encryption)
	plan.Encryption = enc
	errs.Merge("encryption", p)
	plan.Logging = planLogging(name, args.AccessLogging, org.LoggingBucket)

	lifecycle, p := planLifecycle(args.LifecycleRules)
	plan.Lifecycle = lifecycle
	errs.Merge("", p)

	if args.ObjectLock != nil {
		lock, p := planObjectLock(*args.ObjectLock)
		plan.ObjectLock = lock
		errs.Merge("objectLock", p)
		if !plan.Versioning {
			errs.Addf(RuleObjectLockVersioning, "objectLock", nil, "is set while versioning is false")
		}
	}

	failures := plan.Conclude(org, args.Tags, standards.ValidateAWSTags, errs, breaches)
	// Every child of a bucket is named after it.
	plan.Tags = standards.WithName(plan.Tags, plan.StandardName)
	failures.Merge("", standards.CheckAWSTagCount("tags", plan.Tags, 0))
	return plan, failures
}

func planEncryption(args *BucketEncryption) (*encryptionPlan, problem.List) {
	var errs problem.List
	if args == nil {
		args = &BucketEncryption{}
	}
	if !deref(args.Enabled, true) {
		return nil, errs
	}
	alg := args.Algorithm
	if alg == "" {
		alg = defaultAlgorithm
	}
	switch alg {
	case AlgorithmAES256, AlgorithmKMS:
	default:
		errs.Addf(RuleEncryptionAlgorithm, "algorithm", alg, "is not a supported algorithm")
	}
	if alg == AlgorithmAES256 && args.KmsKeyArn != nil {
		errs.Addf(RuleKMSKeyWithAES, "kmsKeyArn", nil, "is set while algorithm is AES256")
	}
	return &encryptionPlan{
		Algorithm:        alg,
		CreateKey:        alg == AlgorithmKMS && args.KmsKeyArn == nil,
		BucketKeyEnabled: alg == AlgorithmKMS && deref(args.BucketKeyEnabled, true),
	}, errs
}

// planLogging returns nil when logging is off or has no target: the
// s3-access-logging control then fails (enforce) or warns (audit), and the
// bucket never gets a logging configuration without a target.
func planLogging(name string, args *BucketAccessLogging, configTarget string) *loggingPlan {
	if args == nil {
		args = &BucketAccessLogging{}
	}
	if !deref(args.Enabled, true) || (args.TargetBucket == nil && configTarget == "") {
		return nil
	}
	prefix := args.TargetPrefix
	if prefix == "" {
		prefix = fmt.Sprintf("s3-logs/%s/", name)
	}
	return &loggingPlan{ConfigTarget: configTarget, Prefix: prefix}
}

func planLifecycle(rules []BucketLifecycleRule) ([]lifecycleRulePlan, problem.List) {
	var errs problem.List
	if rules == nil {
		return []lifecycleRulePlan{{
			ID:                              defaultLifecycleRuleID,
			Enabled:                         true,
			NoncurrentVersionExpirationDays: defaultNoncurrentExpirationDays,
			AbortIncompleteMultipartDays:    defaultAbortMultipartDays,
		}}, errs
	}
	seen := map[string]bool{}
	out := make([]lifecycleRulePlan, 0, len(rules))
	for i, r := range rules {
		at := fmt.Sprintf("lifecycleRules[%d]", i)
		if n := len(r.ID); n == 0 || n > 255 {
			errs.Addf(RuleLifecycleID, at+".id", r.ID, "must be 1 to 255 characters")
		} else if seen[r.ID] {
			errs.Addf(RuleLifecycleDuplicateID, at+".id", r.ID, "is used by an earlier rule")
		}
		seen[r.ID] = true
		plan := lifecycleRulePlan{
			ID:                              r.ID,
			Enabled:                         deref(r.Enabled, true),
			Prefix:                          r.Prefix,
			ExpirationDays:                  deref(r.ExpirationDays, 0),
			NoncurrentVersionExpirationDays: deref(r.NoncurrentVersionExpirationDays, 0),
			AbortIncompleteMultipartDays:    deref(r.AbortIncompleteMultipartUploadDays, defaultAbortMultipartDays),
			Transitions:                     r.Transitions,
		}
		for _, f := range []struct {
			field string
			days  *int
		}{
			{"expirationDays", r.ExpirationDays},
			{"noncurrentVersionExpirationDays", r.NoncurrentVersionExpirationDays},
			{"abortIncompleteMultipartUploadDays", r.AbortIncompleteMultipartUploadDays},
		} {
			if f.days != nil && *f.days <= 0 {
				errs.Addf(RuleLifecycleDays, at+"."+f.field, *f.days, "is not a positive number of days")
			}
		}
		for j, t := range r.Transitions {
			tat := fmt.Sprintf("%s.transitions[%d]", at, j)
			if t.Days <= 0 {
				errs.Addf(RuleLifecycleDays, tat+".days", t.Days, "is not a positive number of days")
			}
			if !transitionStorageClasses[t.StorageClass] {
				errs.Addf(RuleLifecycleStorageClass, tat+".storageClass", t.StorageClass, "is not a lifecycle storage class")
			}
		}
		out = append(out, plan)
	}
	return out, errs
}

func planObjectLock(args BucketObjectLock) (*objectLockPlan, problem.List) {
	var errs problem.List
	if args.Mode != "GOVERNANCE" && args.Mode != "COMPLIANCE" {
		errs.Addf(RuleObjectLockMode, "mode", args.Mode, "is not an object lock mode")
	}
	days, years := deref(args.Days, 0), deref(args.Years, 0)
	switch {
	case args.Days != nil && args.Years != nil:
		errs.Addf(RuleObjectLockRetention, "days", days, "is set together with years")
	case args.Days == nil && args.Years == nil:
		errs.Addf(RuleObjectLockRetention, "days", nil, "is missing, and so is years")
	case args.Days != nil && days <= 0:
		errs.Addf(RuleObjectLockRetention, "days", days, "is not greater than 0")
	case args.Years != nil && years <= 0:
		errs.Addf(RuleObjectLockRetention, "years", years, "is not greater than 0")
	}
	return &objectLockPlan{Mode: args.Mode, Days: days, Years: years}, errs
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
