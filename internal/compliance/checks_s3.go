package compliance

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Finding is a check's verdict on one subject.
type Finding struct {
	Pass bool
	// NotApplicable means the control cannot apply to this subject (an
	// asymmetric key cannot rotate), whatever the policy requires.
	NotApplicable bool
	Reason        string
}

func pass(format string, args ...any) Finding {
	return Finding{Pass: true, Reason: fmt.Sprintf(format, args...)}
}
func fail(format string, args ...any) Finding { return Finding{Reason: fmt.Sprintf(format, args...)} }
func notApplicable(format string, args ...any) Finding {
	return Finding{NotApplicable: true, Reason: fmt.Sprintf(format, args...)}
}

// Resource types the checks read.
const (
	TypeBucket            = "aws:s3/bucketV2:BucketV2"
	TypeBucketVersioning  = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	TypeBucketEncryption  = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	TypeBucketPAB         = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	TypeBucketOwnership   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	TypeBucketPolicy      = "aws:s3/bucketPolicy:BucketPolicy"
	TypeBucketLogging     = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	TypeBucketLifecycle   = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	TypeBucketObjectLock  = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	TypeBucketReplication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	TypeKMSKey            = "aws:kms/key:Key"
)

// checks maps every control id to its one check function.
var checks = map[string]func(Subject) Finding{
	"s3-public-access-block": checkPublicAccessBlock,
	"s3-tls-only":            checkTLSOnly,
	"s3-encryption-at-rest":  checkEncryptionAtRest,
	"s3-kms-cmk":             checkKMSCMK,
	"s3-versioning":          checkVersioning,
	"s3-access-logging":      checkAccessLogging,
	"s3-acls-disabled":       checkACLsDisabled,
	"s3-lifecycle":           checkLifecycle,
	"s3-object-lock":         checkObjectLock,
	"s3-replication":         checkReplication,
	"kms-key-rotation":       checkKeyRotation,

	"vpc-flow-logs":         checkFlowLogs,
	"vpc-default-sg-closed": checkDefaultSGClosed,
	"vpc-no-public-ip":      checkNoPublicIP,
	"vpc-sg-admin-ports":    checkSGAdminPorts,
	"vpc-nacl-admin-ports":  checkNACLAdminPorts,

	"eks-private-endpoint":       checkPrivateEndpoint,
	"eks-control-plane-logging":  checkControlPlaneLogging,
	"eks-secrets-encryption":     checkSecretsEncryption,
	"eks-supported-version":      checkSupportedVersion,
	"eks-node-imdsv2":            checkNodeIMDSv2,
	"eks-node-volume-encryption": checkNodeVolumeEncryption,
}

func checkPublicAccessBlock(s Subject) Finding {
	for _, pab := range s.Rel(TypeBucketPAB) {
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if !truthy(pab.Props, flag) {
				return fail("the public access block has %s off", flag)
			}
		}
		return pass("all four public access block flags are on")
	}
	return fail("the bucket has no public access block")
}

func checkTLSOnly(s Subject) Finding {
	for _, pol := range s.Rel(TypeBucketPolicy) {
		if deniesInsecureTransport(str(pol.Props, "policy")) {
			return pass("the bucket policy denies aws:SecureTransport=false")
		}
	}
	return fail("no bucket policy denies requests without TLS")
}

func deniesInsecureTransport(doc string) bool {
	var policy struct {
		Statement []struct {
			Effect    string
			Condition map[string]map[string]any
		}
	}
	if json.Unmarshal([]byte(doc), &policy) != nil {
		return false
	}
	for _, st := range policy.Statement {
		if st.Effect != "Deny" {
			continue
		}
		switch v := st.Condition["Bool"]["aws:SecureTransport"].(type) {
		case string:
			if v == "false" {
				return true
			}
		case bool:
			if !v {
				return true
			}
		}
	}
	return false
}

func sseAlgorithm(s Subject) (alg, key string) {
	for _, enc := range s.Rel(TypeBucketEncryption) {
		for _, rule := range list(enc.Props, "rules") {
			alg = str(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")
			key = str(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")
			if alg != "" {
				return alg, key
			}
		}
	}
	return "", ""
}

func checkEncryptionAtRest(s Subject) Finding {
	switch alg, _ := sseAlgorithm(s); alg {
	case "AES256", "aws:kms", "aws:kms:dsse":
		return pass("default encryption is %s", alg)
	case "":
		return fail("the bucket has no managed default encryption")
	default:
		return fail("default encryption uses the unknown algorithm %q", alg)
	}
}

func checkKMSCMK(s Subject) Finding {
	alg, key := sseAlgorithm(s)
	switch {
	case alg != "aws:kms" && alg != "aws:kms:dsse":
		return fail("default encryption is %q, not aws:kms", alg)
	case key == "" || key == "alias/aws/s3" || strings.HasSuffix(key, ":alias/aws/s3"):
		return fail("aws:kms uses the AWS-managed key, not a customer-managed one")
	}
	return pass("aws:kms with a customer-managed key")
}

func checkVersioning(s Subject) Finding {
	for _, v := range s.Rel(TypeBucketVersioning) {
		if status := str(v.Props, "versioningConfiguration", "status"); status != "Enabled" {
			return fail("versioning is %q", status)
		}
		return pass("versioning is Enabled")
	}
	return fail("versioning is not configured")
}

func checkAccessLogging(s Subject) Finding {
	for _, l := range s.Rel(TypeBucketLogging) {
		if target := str(l.Props, "targetBucket"); target != "" {
			return pass("access logs go to %s", target)
		}
	}
	return fail("server access logging is not configured")
}

func checkACLsDisabled(s Subject) Finding {
	for _, o := range s.Rel(TypeBucketOwnership) {
		if own := str(o.Props, "rule", "objectOwnership"); own != "BucketOwnerEnforced" {
			return fail("object ownership is %q", own)
		}
		return pass("object ownership is BucketOwnerEnforced")
	}
	return fail("ownership controls are not configured, so ACLs are enabled")
}

func checkLifecycle(s Subject) Finding {
	for _, lc := range s.Rel(TypeBucketLifecycle) {
		for _, r := range list(lc.Props, "rules") {
			if str(r, "status") == "Enabled" {
				return pass("lifecycle rule %q is enabled", str(r, "id"))
			}
		}
	}
	return fail("no enabled lifecycle rule")
}

func checkObjectLock(s Subject) Finding {
	if !truthy(s.Props, "objectLockEnabled") {
		return fail("Object Lock is not enabled on the bucket")
	}
	for _, ol := range s.Rel(TypeBucketObjectLock) {
		if mode := str(ol.Props, "rule", "defaultRetention", "mode"); mode != "" {
			return pass("Object Lock retains objects in %s mode", mode)
		}
	}
	return fail("Object Lock has no default retention")
}

func checkReplication(s Subject) Finding {
	for _, r := range s.Rel(TypeBucketReplication) {
		for _, rule := range list(r.Props, "rules") {
			if str(rule, "status") == "Enabled" {
				return pass("replication rule %q is enabled", str(rule, "id"))
			}
		}
	}
	return fail("the bucket does not replicate")
}

func checkKeyRotation(s Subject) Finding {
	if spec := str(s.Props, "customerMasterKeySpec"); spec != "" && spec != "SYMMETRIC_DEFAULT" {
		return notApplicable("asymmetric keys (%s) cannot rotate automatically", spec)
	}
	if truthy(s.Props, "enableKeyRotation") {
		return pass("automatic rotation is on")
	}
	return fail("automatic key rotation is off")
}
