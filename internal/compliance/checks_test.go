package compliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcome is what a check is expected to conclude.
type outcome int

const (
	passes outcome = iota
	fails
	isNotApplicable
)

func (o outcome) String() string {
	return [...]string{"passes", "fails", "is not applicable"}[o]
}

func outcomeOf(f Finding) outcome {
	switch {
	case f.NotApplicable:
		return isNotApplicable
	case f.Pass:
		return passes
	}
	return fails
}

// checkCase is one fixture for one control's check function.
type checkCase struct {
	control string
	want    outcome
	when    string
	subject Subject
	reason  string // a substring of the finding's reason, when it matters
}

// name reads like the rule: "s3-versioning fails when versioning is Suspended".
func (c checkCase) name() string { return c.control + " " + c.want.String() + " when " + c.when }

// checkCases returns fresh fixtures: a pass and a fail case for every control,
// plus the cases that pin tricky semantics. The Azure controls' cases are in
// checks_azure_test.go.
func checkCases() []checkCase {
	return append([]checkCase{
		// ------------------------------------------------------------ s3-public-access-block
		{control: "s3-public-access-block", want: passes, when: "all four flags are true",
			subject: bucket(pab(allPABFlags))},
		{control: "s3-public-access-block", want: fails, when: "restrictPublicBuckets is false",
			subject: bucket(pab(`"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true,"restrictPublicBuckets":false`)),
			reason:  "restrictPublicBuckets"},
		{control: "s3-public-access-block", want: fails, when: "a flag is missing",
			subject: bucket(pab(`"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true`))},
		{control: "s3-public-access-block", want: fails, when: "the bucket has no public access block",
			subject: bucket(), reason: "no public access block"},

		// ------------------------------------------------------------ s3-tls-only
		{control: "s3-tls-only", want: passes, when: "a Deny statement has aws:SecureTransport \"false\"",
			subject: bucket(bucketPolicy(denyInsecureTransport))},
		{control: "s3-tls-only", want: passes, when: "a Deny statement has aws:SecureTransport as the boolean false",
			subject: bucket(bucketPolicy(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`))},
		{control: "s3-tls-only", want: fails, when: "the SecureTransport condition is on an Allow statement",
			subject: bucket(bucketPolicy(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`))},
		{control: "s3-tls-only", want: fails, when: "the Deny statement denies aws:SecureTransport true",
			subject: bucket(bucketPolicy(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`))},
		{control: "s3-tls-only", want: fails, when: "the policy is not JSON",
			subject: bucket(bucketPolicy(`not a policy`))},
		{control: "s3-tls-only", want: fails, when: "the bucket has no policy",
			subject: bucket(), reason: "no bucket policy"},

		// ------------------------------------------------------------ s3-encryption-at-rest
		{control: "s3-encryption-at-rest", want: passes, when: "default encryption is AES256",
			subject: bucket(sse("AES256", "")), reason: "AES256"},
		{control: "s3-encryption-at-rest", want: passes, when: "default encryption is aws:kms:dsse",
			subject: bucket(sse("aws:kms:dsse", cmkARN))},
		{control: "s3-encryption-at-rest", want: fails, when: "the algorithm is unknown",
			subject: bucket(sse("rot13", "")), reason: "rot13"},
		{control: "s3-encryption-at-rest", want: fails, when: "the bucket has no encryption configuration",
			subject: bucket(), reason: "no managed default encryption"},

		// ------------------------------------------------------------ s3-kms-cmk
		{control: "s3-kms-cmk", want: passes, when: "aws:kms uses a customer-managed key ARN",
			subject: bucket(sse("aws:kms", cmkARN))},
		{control: "s3-kms-cmk", want: passes, when: "aws:kms:dsse uses a customer-managed key ARN",
			subject: bucket(sse("aws:kms:dsse", cmkARN))},
		{control: "s3-kms-cmk", want: fails, when: "aws:kms uses alias/aws/s3",
			subject: bucket(sse("aws:kms", "alias/aws/s3")), reason: "AWS-managed key"},
		{control: "s3-kms-cmk", want: fails, when: "aws:kms names no key",
			subject: bucket(sse("aws:kms", "")), reason: "AWS-managed key"},
		{control: "s3-kms-cmk", want: fails, when: "default encryption is AES256",
			subject: bucket(sse("AES256", "")), reason: "not aws:kms"},

		// ------------------------------------------------------------ s3-versioning
		{control: "s3-versioning", want: passes, when: "versioning is Enabled",
			subject: bucket(versioning("Enabled"))},
		{control: "s3-versioning", want: fails, when: "versioning is Suspended",
			subject: bucket(versioning("Suspended")), reason: `"Suspended"`},
		{control: "s3-versioning", want: fails, when: "versioning is not configured",
			subject: bucket(), reason: "not configured"},

		// ------------------------------------------------------------ s3-access-logging
		{control: "s3-access-logging", want: passes, when: "logs go to a target bucket",
			subject: bucket(logging("org-logs")), reason: "org-logs"},
		{control: "s3-access-logging", want: fails, when: "the logging configuration has no target bucket",
			subject: bucket(logging(""))},
		{control: "s3-access-logging", want: fails, when: "logging is not configured",
			subject: bucket(), reason: "not configured"},

		// ------------------------------------------------------------ s3-acls-disabled
		{control: "s3-acls-disabled", want: passes, when: "ownership is BucketOwnerEnforced",
			subject: bucket(ownership("BucketOwnerEnforced"))},
		{control: "s3-acls-disabled", want: fails, when: "ownership is BucketOwnerPreferred",
			subject: bucket(ownership("BucketOwnerPreferred")), reason: "BucketOwnerPreferred"},
		{control: "s3-acls-disabled", want: fails, when: "ownership controls are not configured",
			subject: bucket(), reason: "ACLs are enabled"},

		// ------------------------------------------------------------ s3-lifecycle
		{control: "s3-lifecycle", want: passes, when: "one of several rules is Enabled",
			subject: bucket(lifecycle(`[{"id":"old","status":"Disabled"},{"id":"expire","status":"Enabled","expiration":{"days":365}}]`)),
			reason:  `"expire"`},
		{control: "s3-lifecycle", want: fails, when: "every rule is Disabled",
			subject: bucket(lifecycle(`[{"id":"old","status":"Disabled"}]`))},
		{control: "s3-lifecycle", want: fails, when: "there is no lifecycle configuration",
			subject: bucket()},

		// ------------------------------------------------------------ s3-object-lock
		{control: "s3-object-lock", want: passes, when: "Object Lock is enabled with a default retention",
			subject: bucketWith(`{"bucket":"bucket","objectLockEnabled":true}`,
				objectLock(`{"defaultRetention":{"mode":"GOVERNANCE","days":30}}`)),
			reason: "GOVERNANCE"},
		{control: "s3-object-lock", want: fails, when: "Object Lock is not enabled on the bucket",
			subject: bucketWith(`{"bucket":"bucket","objectLockEnabled":false}`,
				objectLock(`{"defaultRetention":{"mode":"GOVERNANCE","days":30}}`)),
			reason: "not enabled"},
		{control: "s3-object-lock", want: fails, when: "Object Lock has no default retention",
			subject: bucketWith(`{"bucket":"bucket","objectLockEnabled":true}`), reason: "no default retention"},

		// ------------------------------------------------------------ s3-replication
		{control: "s3-replication", want: passes, when: "a replication rule is Enabled",
			subject: bucket(replication(`[{"id":"dr","status":"Enabled","destination":{"bucket":"arn:aws:s3:::dr"}}]`))},
		{control: "s3-replication", want: fails, when: "the only replication rule is Disabled",
			subject: bucket(replication(`[{"id":"dr","status":"Disabled","destination":{"bucket":"arn:aws:s3:::dr"}}]`))},
		{control: "s3-replication", want: fails, when: "the bucket has no replication configuration",
			subject: bucket(), reason: "does not replicate"},

		// ------------------------------------------------------------ kms-key-rotation
		{control: "kms-key-rotation", want: passes, when: "a symmetric key rotates",
			subject: kmsKey(`{"customerMasterKeySpec":"SYMMETRIC_DEFAULT","enableKeyRotation":true}`)},
		{control: "kms-key-rotation", want: passes, when: "a key without a spec rotates",
			subject: kmsKey(`{"enableKeyRotation":true}`)},
		{control: "kms-key-rotation", want: fails, when: "a symmetric key does not rotate",
			subject: kmsKey(`{"customerMasterKeySpec":"SYMMETRIC_DEFAULT","enableKeyRotation":false}`), reason: "off"},
		{control: "kms-key-rotation", want: fails, when: "enableKeyRotation is unset",
			subject: kmsKey(`{}`)},
		{control: "kms-key-rotation", want: isNotApplicable, when: "the key is asymmetric",
			subject: kmsKey(`{"customerMasterKeySpec":"RSA_2048","keyUsage":"SIGN_VERIFY","enableKeyRotation":false}`),
			reason:  "RSA_2048"},

		// ------------------------------------------------------------ vpc-flow-logs
		{control: "vpc-flow-logs", want: passes, when: "a flow log captures ALL traffic",
			subject: vpc(flowLog("REJECT"), flowLog("ALL"))},
		{control: "vpc-flow-logs", want: fails, when: "the flow log captures only REJECT traffic",
			subject: vpc(flowLog("REJECT")), reason: "does not capture ALL"},
		{control: "vpc-flow-logs", want: fails, when: "the VPC has no flow log",
			subject: vpc(), reason: "no flow log"},

		// ------------------------------------------------------------ vpc-default-sg-closed
		{control: "vpc-default-sg-closed", want: passes, when: "the default security group has no rules",
			subject: vpc(defaultSG(`[]`, `[]`))},
		{control: "vpc-default-sg-closed", want: fails, when: "the default security group keeps an egress rule",
			subject: vpc(defaultSG(`[]`, jsonList(sgIngress("-1", 0, 0, "0.0.0.0/0")))), reason: "1 rules"},
		{control: "vpc-default-sg-closed", want: fails, when: "the default security group is not managed",
			subject: vpc(), reason: "not managed"},

		// ------------------------------------------------------------ vpc-no-public-ip
		{control: "vpc-no-public-ip", want: passes, when: "no subnet maps public IPs",
			subject: vpc(subnet("private-a", false), subnet("private-b", false))},
		{control: "vpc-no-public-ip", want: fails, when: "one subnet maps public IPs",
			subject: vpc(subnet("private-a", false), subnet("public-a", true)), reason: "public-a"},

		// ------------------------------------------------------------ vpc-sg-admin-ports
		{control: "vpc-sg-admin-ports", want: passes, when: "the internet reaches only 443",
			subject: vpc(sg(jsonList(sgIngress("tcp", 443, 443, "0.0.0.0/0"))))},
		{control: "vpc-sg-admin-ports", want: passes, when: "SSH is open to a private range only",
			subject: vpc(sg(jsonList(sgIngress("tcp", 22, 22, "10.0.0.0/8"))))},
		{control: "vpc-sg-admin-ports", want: passes, when: "the port range 80-443 excludes 22 and 3389",
			subject: vpc(sg(jsonList(sgIngress("tcp", 80, 443, "0.0.0.0/0"))))},
		{control: "vpc-sg-admin-ports", want: passes, when: "the world rule is UDP",
			subject: vpc(sg(jsonList(sgIngress("udp", 0, 65535, "0.0.0.0/0"))))},
		{control: "vpc-sg-admin-ports", want: fails, when: "an inline rule opens 22 to 0.0.0.0/0",
			subject: vpc(sg(jsonList(sgIngress("tcp", 443, 443, "0.0.0.0/0"), sgIngress("tcp", 22, 22, "0.0.0.0/0")))),
			reason:  "port 22"},
		{control: "vpc-sg-admin-ports", want: fails, when: "an inline rule with protocol -1 (all) admits 0.0.0.0/0",
			subject: vpc(sg(jsonList(sgIngress("-1", 0, 0, "0.0.0.0/0")))), reason: "port 22"},
		{control: "vpc-sg-admin-ports", want: fails, when: "the port range 0-65535 covers 22 and 3389",
			subject: vpc(sg(jsonList(sgIngress("tcp", 0, 65535, "0.0.0.0/0")))), reason: "port 22"},
		{control: "vpc-sg-admin-ports", want: fails, when: "the port range 1024-65535 covers 3389",
			subject: vpc(sg(jsonList(sgIngress("tcp", 1024, 65535, "0.0.0.0/0")))), reason: "port 3389"},
		{control: "vpc-sg-admin-ports", want: fails, when: "the port range 3000-4000 covers 3389",
			subject: vpc(sg(jsonList(sgIngress("tcp", 3000, 4000, "0.0.0.0/0")))), reason: "port 3389"},
		{control: "vpc-sg-admin-ports", want: fails, when: "an inline rule opens 22 to ::/0",
			subject: vpc(sg(jsonList(sgIngress("tcp", 22, 22, "::/0")))), reason: "::/0"},
		{control: "vpc-sg-admin-ports", want: fails, when: "protocol 6 (tcp by number) opens 3389",
			subject: vpc(sg(jsonList(sgIngress("6", 3389, 3389, "0.0.0.0/0")))), reason: "port 3389"},
		{control: "vpc-sg-admin-ports", want: fails, when: "a standalone securityGroupIngressRule opens 3389 to 0.0.0.0/0",
			subject: vpc(sg(`[]`), ingressRule("rdp", `"ipProtocol":"tcp","fromPort":3389,"toPort":3389,"cidrIpv4":"0.0.0.0/0"`)),
			reason:  "port 3389"},
		{control: "vpc-sg-admin-ports", want: fails, when: "a standalone securityGroupIngressRule with ipProtocol -1 admits ::/0",
			subject: vpc(sg(`[]`), ingressRule("all-v6", `"ipProtocol":"-1","cidrIpv6":"::/0"`)), reason: "::/0"},
		{control: "vpc-sg-admin-ports", want: passes, when: "a standalone securityGroupIngressRule opens 22 to a private range",
			subject: vpc(sg(`[]`), ingressRule("ssh-vpn", `"ipProtocol":"tcp","fromPort":22,"toPort":22,"cidrIpv4":"10.8.0.0/16"`))},
		{control: "vpc-sg-admin-ports", want: passes, when: "a standalone securityGroupIngressRule references another group",
			subject: vpc(sg(`[]`), ingressRule("from-alb", `"ipProtocol":"tcp","fromPort":22,"toPort":22,"referencedSecurityGroupId":"sg-alb"`))},

		// ------------------------------------------------------------ vpc-nacl-admin-ports
		{control: "vpc-nacl-admin-ports", want: passes, when: "lower-numbered denies for 22 and 3389 shadow an allow 0.0.0.0/0",
			subject: vpc(nacl("acl-public", jsonList(
				naclEntry(100, "allow", "-1", "0.0.0.0/0", 0, 0),
				naclEntry(90, "deny", "tcp", "0.0.0.0/0", 22, 22),
				naclEntry(91, "deny", "tcp", "0.0.0.0/0", 3389, 3389),
			)))},
		{control: "vpc-nacl-admin-ports", want: fails, when: "an allow 0.0.0.0/0 has a lower number than the denies",
			subject: vpc(nacl("acl-public", jsonList(
				naclEntry(100, "allow", "-1", "0.0.0.0/0", 0, 0),
				naclEntry(110, "deny", "tcp", "0.0.0.0/0", 22, 22),
				naclEntry(120, "deny", "tcp", "0.0.0.0/0", 3389, 3389),
			))),
			reason: "rule 100"},
		{control: "vpc-nacl-admin-ports", want: fails, when: "a deny for 22 alone leaves 3389 to the allow",
			subject: vpc(nacl("acl-public", jsonList(
				naclEntry(90, "deny", "tcp", "0.0.0.0/0", 22, 22),
				naclEntry(100, "allow", "tcp", "0.0.0.0/0", 0, 65535),
			))),
			reason: "port 3389"},
		{control: "vpc-nacl-admin-ports", want: fails, when: "IPv4 is denied but ::/0 is allowed",
			subject: vpc(nacl("acl-public", jsonList(
				naclEntry(90, "deny", "tcp", "0.0.0.0/0", 22, 22),
				naclEntry(91, "deny", "tcp", "0.0.0.0/0", 3389, 3389),
				naclEntry(100, "allow", "-1", "0.0.0.0/0", 0, 0),
				naclEntry(101, "allow", "-1", "::/0", 0, 0),
			))),
			reason: "::/0"},
		{control: "vpc-nacl-admin-ports", want: passes, when: "both families are denied before their allows",
			subject: vpc(nacl("acl-public", jsonList(
				naclEntry(90, "deny", "tcp", "0.0.0.0/0", 22, 22),
				naclEntry(91, "deny", "tcp", "0.0.0.0/0", 3389, 3389),
				naclEntry(92, "deny", "tcp", "::/0", 22, 22),
				naclEntry(93, "deny", "tcp", "::/0", 3389, 3389),
				naclEntry(100, "allow", "-1", "0.0.0.0/0", 0, 0),
				naclEntry(101, "allow", "-1", "::/0", 0, 0),
			)))},
		{control: "vpc-nacl-admin-ports", want: passes, when: "the world is allowed only 80-443",
			subject: vpc(nacl("acl-public", jsonList(naclEntry(100, "allow", "tcp", "0.0.0.0/0", 80, 443))))},
		{control: "vpc-nacl-admin-ports", want: passes, when: "an allow for 22 comes from a private range only",
			subject: vpc(nacl("acl-private", jsonList(naclEntry(100, "allow", "tcp", "10.0.0.0/16", 22, 22))))},
		{control: "vpc-nacl-admin-ports", want: passes, when: "the VPC has no network ACL",
			subject: vpc()},
		{control: "vpc-nacl-admin-ports", want: passes, when: "standalone deny rules shadow a standalone allow",
			subject: vpc(nacl("acl-public", `[]`),
				naclRule("allow-all", "acl-public", 100, "allow", "-1", "0.0.0.0/0", 0, 0, false),
				naclRule("deny-ssh", "acl-public", 50, "deny", "6", "0.0.0.0/0", 22, 22, false),
				naclRule("deny-rdp", "acl-public", 51, "deny", "6", "0.0.0.0/0", 3389, 3389, false))},
		{control: "vpc-nacl-admin-ports", want: fails, when: "a standalone allow has a lower number than the inline denies",
			subject: vpc(nacl("acl-public", jsonList(
				naclEntry(90, "deny", "tcp", "0.0.0.0/0", 22, 22),
				naclEntry(91, "deny", "tcp", "0.0.0.0/0", 3389, 3389),
			)),
				naclRule("allow-all", "acl-public", 10, "allow", "-1", "0.0.0.0/0", 0, 0, false)),
			reason: "rule 10"},
		{control: "vpc-nacl-admin-ports", want: passes, when: "the world allow is an egress rule",
			subject: vpc(nacl("acl-public", `[]`),
				naclRule("egress-all", "acl-public", 100, "allow", "-1", "0.0.0.0/0", 0, 0, true))},
		{control: "vpc-nacl-admin-ports", want: passes, when: "the standalone allow belongs to another ACL",
			subject: vpc(nacl("acl-public", `[]`),
				naclRule("allow-all", "acl-other", 100, "allow", "-1", "0.0.0.0/0", 0, 0, false))},
		{control: "vpc-nacl-admin-ports", want: fails, when: "the managed default ACL allows everything",
			subject: vpc(res(TypeDefaultNetworkACL, "acl-default",
				`{"defaultNetworkAclId":"acl-default","vpcId":"vpc","ingress":`+
					jsonList(naclEntry(100, "allow", "-1", "0.0.0.0/0", 0, 0))+`}`)),
			reason: "acl-default"},

		// ------------------------------------------------------------ eks-private-endpoint
		{control: "eks-private-endpoint", want: passes, when: "the endpoint is private only",
			subject: cluster(compliantClusterProps)},
		{control: "eks-private-endpoint", want: fails, when: "the public endpoint is on",
			subject: cluster(`{"vpcConfig":{"endpointPrivateAccess":true,"endpointPublicAccess":true}}`), reason: "public endpoint"},
		{control: "eks-private-endpoint", want: fails, when: "the private endpoint is off",
			subject: cluster(`{"vpcConfig":{"endpointPrivateAccess":false,"endpointPublicAccess":false}}`), reason: "private endpoint"},

		// ------------------------------------------------------------ eks-control-plane-logging
		{control: "eks-control-plane-logging", want: passes, when: "all five log types are on",
			subject: cluster(compliantClusterProps)},
		{control: "eks-control-plane-logging", want: fails, when: "scheduler and controllerManager are off",
			subject: cluster(`{"enabledClusterLogTypes":["api","audit","authenticator"]}`),
			reason:  "controllerManager, scheduler"},
		{control: "eks-control-plane-logging", want: fails, when: "no log type is on",
			subject: cluster(`{}`)},

		// ------------------------------------------------------------ eks-secrets-encryption
		{control: "eks-secrets-encryption", want: passes, when: "secrets are encrypted with a KMS key",
			subject: cluster(compliantClusterProps)},
		{control: "eks-secrets-encryption", want: fails, when: "there is no encryption config",
			subject: cluster(`{"name":"cluster"}`), reason: "not envelope-encrypted"},
		{control: "eks-secrets-encryption", want: fails, when: "the encryption config names no key",
			subject: cluster(`{"encryptionConfig":{"provider":{},"resources":["secrets"]}}`), reason: "no KMS key"},

		// ------------------------------------------------------------ eks-supported-version
		{control: "eks-supported-version", want: passes, when: "the version is the newest supported",
			subject: cluster(`{"version":"` + EKSSupportedVersions[len(EKSSupportedVersions)-1] + `"}`)},
		{control: "eks-supported-version", want: passes, when: "the version is the oldest supported",
			subject: cluster(`{"version":"` + EKSSupportedVersions[0] + `"}`)},
		{control: "eks-supported-version", want: fails, when: "the version is 1.27",
			subject: cluster(`{"version":"1.27"}`), reason: `"1.27"`},
		{control: "eks-supported-version", want: fails, when: "the version is unset",
			subject: cluster(`{}`)},

		// ------------------------------------------------------------ eks-node-imdsv2
		{control: "eks-node-imdsv2", want: passes, when: "the cluster has no node groups",
			subject: cluster(compliantClusterProps), reason: "no managed node groups"},
		{control: "eks-node-imdsv2", want: passes, when: "every node group's template requires tokens",
			subject: cluster(compliantClusterProps,
				nodeGroup("ng-a", "lt-a"), nodeGroup("ng-b", "lt-b"),
				launchTemplate("lt-a", "required", `"true"`), launchTemplate("lt-b", "required", `"true"`))},
		{control: "eks-node-imdsv2", want: fails, when: "a node group's template has httpTokens optional",
			subject: cluster(compliantClusterProps,
				nodeGroup("ng-a", "lt-a"), nodeGroup("ng-b", "lt-b"),
				launchTemplate("lt-a", "required", `"true"`), launchTemplate("lt-b", "optional", `"true"`)),
			reason: "ng-b"},
		{control: "eks-node-imdsv2", want: fails, when: "a node group has no launch template",
			subject: cluster(compliantClusterProps, nodeGroup("ng-default", "")), reason: "ng-default"},
		{control: "eks-node-imdsv2", want: fails, when: "a node group without a launch template meets a template without an id",
			subject: cluster(compliantClusterProps, nodeGroup("ng-default", ""), launchTemplate("", "required", `"true"`)),
			reason:  "ng-default"},
		{control: "eks-node-imdsv2", want: fails, when: "a node group's launch template is not in the state",
			subject: cluster(compliantClusterProps, nodeGroup("ng-a", "lt-missing")), reason: "ng-a"},

		// ------------------------------------------------------------ eks-node-volume-encryption
		{control: "eks-node-volume-encryption", want: passes, when: "the cluster has no node groups",
			subject: cluster(compliantClusterProps)},
		{control: "eks-node-volume-encryption", want: passes, when: "encrypted is the string \"true\"",
			subject: cluster(compliantClusterProps, nodeGroup("ng-a", "lt-a"), launchTemplate("lt-a", "required", `"true"`))},
		{control: "eks-node-volume-encryption", want: passes, when: "encrypted is the boolean true",
			subject: cluster(compliantClusterProps, nodeGroup("ng-a", "lt-a"), launchTemplate("lt-a", "required", `true`))},
		{control: "eks-node-volume-encryption", want: fails, when: "encrypted is the string \"false\"",
			subject: cluster(compliantClusterProps, nodeGroup("ng-a", "lt-a"), launchTemplate("lt-a", "required", `"false"`)),
			reason:  "ng-a"},
		{control: "eks-node-volume-encryption", want: fails, when: "encrypted is unset",
			subject: cluster(compliantClusterProps, nodeGroup("ng-a", "lt-a"),
				res(TypeLaunchTemplate, "lt-a", `{"blockDeviceMappings":[{"deviceName":"/dev/xvda","ebs":{"volumeSize":50}}]}`))},
		{control: "eks-node-volume-encryption", want: fails, when: "the template has no block devices",
			subject: cluster(compliantClusterProps, nodeGroup("ng-a", "lt-a"),
				res(TypeLaunchTemplate, "lt-a", `{"metadataOptions":{"httpTokens":"required"}}`))},
		{control: "eks-node-volume-encryption", want: fails, when: "a node group without a launch template meets a template without an id",
			subject: cluster(compliantClusterProps, nodeGroup("ng-default", ""), launchTemplate("", "required", `"true"`)),
			reason:  "ng-default"},
		{control: "eks-node-volume-encryption", want: fails, when: "a node group has no launch template",
			subject: cluster(compliantClusterProps, nodeGroup("ng-default", "")), reason: "ng-default"},
	}, azureCheckCases()...)
}

func TestChecks(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range checkCases() {
		t.Run(tc.name(), func(t *testing.T) {
			require.False(t, seen[tc.name()], "case names are unique")
			seen[tc.name()] = true
			ctl, ok := Lookup(tc.control)
			require.True(t, ok, "%s is a catalog control", tc.control)
			require.Equal(t, ctl.Subject, tc.subject.Type, "the fixture is the control's subject type")

			f := checks[tc.control](tc.subject)

			assert.Equal(t, tc.want.String(), outcomeOf(f).String(), "reason: %s", f.Reason)
			assert.NotEmpty(t, f.Reason, "every finding says why")
			if tc.reason != "" {
				assert.Contains(t, f.Reason, tc.reason)
			}
		})
	}
}

// TestEveryControlHasPassAndFailCases keeps the table complete: a control
// added to the catalog fails here until it has both a pass and a fail case.
func TestEveryControlHasPassAndFailCases(t *testing.T) {
	have := map[string]map[outcome]bool{}
	for _, tc := range checkCases() {
		if have[tc.control] == nil {
			have[tc.control] = map[outcome]bool{}
		}
		have[tc.control][tc.want] = true
	}
	controls := Controls()
	require.GreaterOrEqual(t, len(controls), 22)
	for _, c := range controls {
		assert.True(t, have[c.ID][passes], "control %s has no pass case in checkCases", c.ID)
		assert.True(t, have[c.ID][fails], "control %s has no fail case in checkCases", c.ID)
	}
	for id := range have {
		_, ok := Lookup(id)
		assert.True(t, ok, "checkCases names %s, which is not in the catalog", id)
	}
}

// TestChecksTolerateMalformedProperties: a plan may carry unknowns or odd
// shapes; a check must judge them, never panic.
func TestChecksTolerateMalformedProperties(t *testing.T) {
	odd := []Resource{
		{Type: TypeSecurityGroup, Name: "sg", ID: "sg", Props: map[string]any{"vpcId": "vpc",
			"ingress": []any{map[string]any{"protocol": "tcp", "fromPort": 22.0, "toPort": 22.0, "cidrBlocks": []any{nil, 42.0}}}}},
		{Type: TypeNetworkACL, Name: "acl", ID: "acl", Props: map[string]any{"ingress": []any{"not an entry", nil}}},
		{Type: TypeSubnet, Name: "subnet", Props: nil},
		{Type: TypeFlowLog, Name: "fl", Props: map[string]any{"trafficType": 7.0}},
	}
	subjects := map[string]Subject{
		TypeBucket:     bucketWith(`{"objectLockEnabled":"yes"}`, Resource{Type: TypeBucketEncryption, Props: map[string]any{"rules": "x"}}),
		TypeKMSKey:     kmsKey(`{"customerMasterKeySpec":5}`),
		TypeVPC:        vpc(odd...),
		TypeEKSCluster: cluster(`{"encryptionConfig":[],"enabledClusterLogTypes":"api"}`, nodeGroup("ng", "lt"), Resource{Type: TypeLaunchTemplate, ID: "lt"}),
	}
	for typ, s := range azureMalformedSubjects() {
		subjects[typ] = s
	}
	for _, c := range Controls() {
		t.Run(c.ID, func(t *testing.T) {
			s, ok := subjects[c.Subject]
			require.True(t, ok, "a malformed fixture exists for %s", c.Subject)
			assert.NotPanics(t, func() { checks[c.ID](s) })
		})
	}
}
