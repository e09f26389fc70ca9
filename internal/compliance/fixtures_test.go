package compliance

import (
	"encoding/json"
	"fmt"
	"strings"
)

// obj decodes a JSON object the way a stack export is decoded, so fixtures
// carry float64 numbers, []any lists and map[string]any objects exactly as the
// checks see them in `orgiac report`.
func obj(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(fmt.Sprintf("fixture %s is not a JSON object: %v", s, err))
	}
	return m
}

// res is a resource whose ID is its name, which keeps links in fixtures
// (networkAclId, launchTemplate.id) readable.
func res(typ, name, props string) Resource {
	return Resource{Type: typ, Name: name, ID: name, Props: obj(props)}
}

// subj makes r a subject with the given related resources, grouped by type.
func subj(r Resource, related ...Resource) Subject {
	s := Subject{Resource: r, Related: map[string][]Resource{}}
	for _, rel := range related {
		s.Related[rel.Type] = append(s.Related[rel.Type], rel)
	}
	return s
}

// ---------------------------------------------------------------- S3

func bucket(related ...Resource) Subject {
	return subj(res(TypeBucket, "bucket", `{"bucket":"bucket"}`), related...)
}

func bucketWith(props string, related ...Resource) Subject {
	return subj(res(TypeBucket, "bucket", props), related...)
}

func pab(flags string) Resource {
	return res(TypeBucketPAB, "bucket-pab", `{"bucket":"bucket",`+flags+`}`)
}

const allPABFlags = `"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true,"restrictPublicBuckets":true`

// bucketPolicy wraps a policy document the way the provider stores it: a
// JSON string inside the properties.
func bucketPolicy(doc string) Resource {
	return Resource{Type: TypeBucketPolicy, Name: "bucket-policy", ID: "bucket-policy",
		Props: map[string]any{"bucket": "bucket", "policy": doc}}
}

const denyInsecureTransport = `{"Version":"2012-10-17","Statement":[
	{"Sid":"AllowRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
	{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
	 "Resource":["arn:aws:s3:::bucket","arn:aws:s3:::bucket/*"],
	 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

func sse(alg, key string) Resource {
	def := map[string]any{"sseAlgorithm": alg}
	if key != "" {
		def["kmsMasterKeyId"] = key
	}
	return Resource{Type: TypeBucketEncryption, Name: "bucket-sse", ID: "bucket-sse", Props: map[string]any{
		"bucket": "bucket",
		"rules":  []any{map[string]any{"applyServerSideEncryptionByDefault": def, "bucketKeyEnabled": true}},
	}}
}

const cmkARN = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"

func versioning(status string) Resource {
	return res(TypeBucketVersioning, "bucket-versioning",
		`{"bucket":"bucket","versioningConfiguration":{"status":"`+status+`","mfaDelete":"Disabled"}}`)
}

func logging(target string) Resource {
	return res(TypeBucketLogging, "bucket-logging", `{"bucket":"bucket","targetBucket":"`+target+`","targetPrefix":"bucket/"}`)
}

func ownership(mode string) Resource {
	return res(TypeBucketOwnership, "bucket-ownership", `{"bucket":"bucket","rule":{"objectOwnership":"`+mode+`"}}`)
}

func lifecycle(rules string) Resource {
	return res(TypeBucketLifecycle, "bucket-lifecycle", `{"bucket":"bucket","rules":`+rules+`}`)
}

func objectLock(rule string) Resource {
	return res(TypeBucketObjectLock, "bucket-object-lock", `{"bucket":"bucket","rule":`+rule+`}`)
}

func replication(rules string) Resource {
	return res(TypeBucketReplication, "bucket-replication",
		`{"bucket":"bucket","role":"arn:aws:iam::111122223333:role/replication","rules":`+rules+`}`)
}

func kmsKey(props string) Subject { return subj(res(TypeKMSKey, "key", props)) }

// ---------------------------------------------------------------- VPC

func vpc(related ...Resource) Subject {
	return subj(res(TypeVPC, "vpc", `{"cidrBlock":"10.0.0.0/16","defaultNetworkAclId":"acl-default"}`), related...)
}

func subnet(name string, public bool) Resource {
	return res(TypeSubnet, name, fmt.Sprintf(`{"vpcId":"vpc","cidrBlock":"10.0.1.0/24","mapPublicIpOnLaunch":%t}`, public))
}

func flowLog(traffic string) Resource {
	return res(TypeFlowLog, "flow-log", `{"vpcId":"vpc","trafficType":"`+traffic+`","logDestinationType":"cloud-watch-logs"}`)
}

func defaultSG(ingress, egress string) Resource {
	return res(TypeDefaultSecurityGroup, "default-sg", `{"vpcId":"vpc","ingress":`+ingress+`,"egress":`+egress+`}`)
}

// sg is a security group with inline ingress rules (a JSON list).
func sg(ingress string) Resource {
	return res(TypeSecurityGroup, "sg-web", `{"vpcId":"vpc","ingress":`+ingress+`,"egress":[]}`)
}

// sgIngress is one inline ingress rule of aws:ec2/securityGroup from cidr
// (an IPv6 block when it contains a colon).
func sgIngress(protocol string, from, to int, cidr string) string {
	v4, v6 := `[]`, `[]`
	if strings.Contains(cidr, ":") {
		v6 = fmt.Sprintf(`[%q]`, cidr)
	} else {
		v4 = fmt.Sprintf(`[%q]`, cidr)
	}
	return fmt.Sprintf(`{"protocol":%q,"fromPort":%d,"toPort":%d,"cidrBlocks":%s,"ipv6CidrBlocks":%s,"securityGroups":[],"self":false}`,
		protocol, from, to, v4, v6)
}

// ingressRule is a standalone aws:vpc/securityGroupIngressRule on sg-web.
func ingressRule(name, props string) Resource {
	return res(TypeSGIngressRule, name, `{"securityGroupId":"sg-web",`+props+`}`)
}

// nacl is a network ACL with inline ingress entries (a JSON list).
func nacl(name, ingress string) Resource {
	return res(TypeNetworkACL, name, `{"vpcId":"vpc","ingress":`+ingress+`,"egress":[]}`)
}

// naclEntry is one inline entry of aws:ec2/networkAcl or defaultNetworkAcl.
func naclEntry(ruleNo int, action, protocol, cidr string, from, to int) string {
	key := "cidrBlock"
	if strings.Contains(cidr, ":") {
		key = "ipv6CidrBlock"
	}
	return fmt.Sprintf(`{"ruleNo":%d,"action":%q,"protocol":%q,%q:%q,"fromPort":%d,"toPort":%d}`,
		ruleNo, action, protocol, key, cidr, from, to)
}

// jsonList joins JSON values into a JSON list.
func jsonList(entries ...string) string { return "[" + strings.Join(entries, ",") + "]" }

// naclRule is a standalone aws:ec2/networkAclRule.
func naclRule(name, acl string, number int, action, protocol, cidr string, from, to int, egress bool) Resource {
	key := "cidrBlock"
	if strings.Contains(cidr, ":") {
		key = "ipv6CidrBlock"
	}
	return res(TypeNetworkACLRule, name, fmt.Sprintf(
		`{"networkAclId":%q,"ruleNumber":%d,"ruleAction":%q,"protocol":%q,%q:%q,"fromPort":%d,"toPort":%d,"egress":%t}`,
		acl, number, action, protocol, key, cidr, from, to, egress))
}

// ---------------------------------------------------------------- EKS

const allLogTypes = `["api","audit","authenticator","controllerManager","scheduler"]`

func cluster(props string, related ...Resource) Subject {
	return subj(res(TypeEKSCluster, "cluster", props), related...)
}

// compliantClusterProps satisfies every cluster-level EKS control.
const compliantClusterProps = `{"name":"cluster","version":"1.33",
	"vpcConfig":{"endpointPrivateAccess":true,"endpointPublicAccess":false,"subnetIds":["subnet-a","subnet-b"]},
	"enabledClusterLogTypes":` + allLogTypes + `,
	"encryptionConfig":{"provider":{"keyArn":"` + cmkARN + `"},"resources":["secrets"]}}`

func nodeGroup(name, launchTemplateID string) Resource {
	if launchTemplateID == "" {
		return res(TypeEKSNodeGroup, name, `{"clusterName":"cluster","scalingConfig":{"desiredSize":2,"maxSize":3,"minSize":1}}`)
	}
	return res(TypeEKSNodeGroup, name, `{"clusterName":"cluster","launchTemplate":{"id":"`+launchTemplateID+`","version":"1"}}`)
}

// launchTemplate has the given httpTokens and one block device whose
// encrypted value is the raw JSON encrypted (the provider keeps it a string).
func launchTemplate(id, httpTokens, encrypted string) Resource {
	return res(TypeLaunchTemplate, id, `{"metadataOptions":{"httpTokens":"`+httpTokens+`","httpEndpoint":"enabled"},
		"blockDeviceMappings":[{"deviceName":"/dev/xvda","ebs":{"encrypted":`+encrypted+`,"volumeSize":50,"volumeType":"gp3"}}]}`)
}

// ---------------------------------------------------------------- component sets

// secureBucketSubjects is what a SecureBucket with every option on plans: the
// bucket with all its companions, and its KMS key. Every control passes.
func secureBucketSubjects() []Subject {
	b := bucketWith(`{"bucket":"bucket","objectLockEnabled":true}`,
		pab(allPABFlags),
		bucketPolicy(denyInsecureTransport),
		sse("aws:kms", cmkARN),
		versioning("Enabled"),
		logging("org-logs"),
		ownership("BucketOwnerEnforced"),
		lifecycle(`[{"id":"expire-noncurrent","status":"Enabled","noncurrentVersionExpiration":{"noncurrentDays":90}}]`),
		objectLock(`{"defaultRetention":{"mode":"GOVERNANCE","days":30}}`),
		replication(`[{"id":"dr","status":"Enabled","destination":{"bucket":"arn:aws:s3:::bucket-dr"}}]`),
	)
	return []Subject{b, kmsKey(`{"customerMasterKeySpec":"SYMMETRIC_DEFAULT","enableKeyRotation":true,"keyUsage":"ENCRYPT_DECRYPT"}`)}
}

// allFrameworks is every catalog framework, in catalog order.
func allFrameworks() []string {
	var out []string
	for _, f := range Frameworks() {
		out = append(out, f.ID)
	}
	return out
}
