package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// urn names a resource the way a stack export does.
func urn(typ, name string) string { return "urn:pulumi:dev::shop::" + typ + "::" + name }

// st is a resource as read from a stack's state: a URN, a cloud id, outputs.
func st(typ, name, id, props string) Resource {
	return Resource{Type: typ, Name: urn(typ, name), ID: id, Props: obj(props)}
}

// synthState is a small stack: two buckets, a key, two VPCs and two clusters,
// with companions of each and resources that belong to none of them.
func synthState() []Resource {
	return []Resource{
		// S3: "data" is found by its id for one companion and by its bucket
		// output for others; "logs" only by its bucket name.
		st(TypeBucket, "data", "data-id", `{"bucket":"data-bucket","arn":"arn:aws:s3:::data-bucket"}`),
		st(TypeBucketVersioning, "data-versioning", "data-id", `{"bucket":"data-id","versioningConfiguration":{"status":"Enabled"}}`),
		st(TypeBucketEncryption, "data-sse", "data-bucket", `{"bucket":"data-bucket","rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"AES256"}}]}`),
		st(TypeBucketLogging, "data-logging", "data-bucket", `{"bucket":"data-bucket","targetBucket":"logs"}`),
		st(TypeBucket, "logs", "logs", `{"bucket":"logs"}`),
		st(TypeBucketVersioning, "logs-versioning", "logs", `{"bucket":"logs","versioningConfiguration":{"status":"Suspended"}}`),
		st(TypeBucketOwnership, "elsewhere-ownership", "elsewhere", `{"bucket":"elsewhere","rule":{"objectOwnership":"BucketOwnerEnforced"}}`),
		st(TypeBucketPAB, "blank-pab", "", `{"bucket":""}`),
		st(TypeKMSKey, "data-key", "key-1", `{"enableKeyRotation":true,"keyId":"key-1"}`),

		// VPC: vpc-1 and its companions, vpc-2 with one of each.
		st(TypeVPC, "main", "vpc-1", `{"cidrBlock":"10.0.0.0/16","defaultNetworkAclId":"acl-def1","defaultSecurityGroupId":"sg-def1"}`),
		st(TypeVPC, "edge", "vpc-2", `{"cidrBlock":"10.1.0.0/16","defaultNetworkAclId":"acl-def2"}`),
		st(TypeSubnet, "main-a", "subnet-a", `{"vpcId":"vpc-1","mapPublicIpOnLaunch":false}`),
		st(TypeSubnet, "edge-a", "subnet-b", `{"vpcId":"vpc-2","mapPublicIpOnLaunch":true}`),
		st(TypeFlowLog, "main-flows", "fl-1", `{"vpcId":"vpc-1","trafficType":"ALL"}`),
		st(TypeDefaultSecurityGroup, "main-default-sg", "sg-def1", `{"vpcId":"vpc-1","ingress":[],"egress":[]}`),
		st(TypeSecurityGroup, "main-web", "sg-1", `{"vpcId":"vpc-1","ingress":[]}`),
		st(TypeSecurityGroup, "edge-web", "sg-2", `{"vpcId":"vpc-2","ingress":[]}`),
		st(TypeSGIngressRule, "main-web-https", "sgr-1", `{"securityGroupId":"sg-1","ipProtocol":"tcp","fromPort":443,"toPort":443,"cidrIpv4":"0.0.0.0/0"}`),
		st(TypeSGIngressRule, "edge-web-ssh", "sgr-2", `{"securityGroupId":"sg-2","ipProtocol":"tcp","fromPort":22,"toPort":22,"cidrIpv4":"0.0.0.0/0"}`),
		st(TypeNetworkACL, "main-public", "acl-1", `{"vpcId":"vpc-1","ingress":[]}`),
		st(TypeNetworkACL, "edge-public", "acl-2", `{"vpcId":"vpc-2","ingress":[]}`),
		st(TypeNetworkACLRule, "main-public-ssh", "acl-1:100", `{"networkAclId":"acl-1","ruleNumber":100,"egress":false,"protocol":"6","ruleAction":"allow","cidrBlock":"0.0.0.0/0","fromPort":22,"toPort":22}`),
		st(TypeNetworkACLRule, "edge-public-all", "acl-2:100", `{"networkAclId":"acl-2","ruleNumber":100,"egress":false,"protocol":"-1","ruleAction":"allow","cidrBlock":"0.0.0.0/0","fromPort":0,"toPort":0}`),
		st(TypeDefaultNetworkACL, "main-default-acl", "acl-def1", `{"defaultNetworkAclId":"acl-def1","vpcId":"vpc-1","ingress":[]}`),

		// EKS: prod is found by its name output, staging by its id; both of
		// prod's node groups share one launch template.
		st(TypeEKSCluster, "prod", "prod", `{"name":"prod","version":"1.33"}`),
		st(TypeEKSCluster, "staging", "staging", `{"version":"1.33"}`),
		st(TypeEKSNodeGroup, "prod-general", "prod:general", `{"clusterName":"prod","launchTemplate":{"id":"lt-a","version":"1"}}`),
		st(TypeEKSNodeGroup, "prod-batch", "prod:batch", `{"clusterName":"prod","launchTemplate":{"id":"lt-a","version":"2"}}`),
		st(TypeEKSNodeGroup, "staging-general", "staging:general", `{"clusterName":"staging","launchTemplate":{"id":"lt-c","version":"1"}}`),
		st(TypeLaunchTemplate, "prod-nodes", "lt-a", `{"metadataOptions":{"httpTokens":"required"}}`),
		st(TypeLaunchTemplate, "unused", "lt-b", `{"metadataOptions":{"httpTokens":"optional"}}`),
		st(TypeLaunchTemplate, "staging-nodes", "lt-c", `{"metadataOptions":{"httpTokens":"optional"}}`),
		st(TypeLaunchTemplate, "no-id", "", `{}`),
	}
}

// linked lists a subject's related resources as short names by type, sorted,
// keeping duplicates so a resource linked twice shows up.
func linked(s Subject) map[string][]string {
	out := map[string][]string{}
	for typ, rs := range s.Related {
		for _, r := range rs {
			out[typ] = append(out[typ], r.Name[strings.LastIndex(r.Name, "::")+2:])
		}
		slices.Sort(out[typ])
	}
	return out
}

func TestLinkSubjects(t *testing.T) {
	subjects := LinkSubjects(synthState())
	byName := map[string]Subject{}
	var names []string
	for _, s := range subjects {
		byName[s.Name] = s
		names = append(names, s.Name)
	}

	t.Run("every subject-type resource is a subject, sorted by name", func(t *testing.T) {
		want := []string{
			urn(TypeEKSCluster, "prod"), urn(TypeEKSCluster, "staging"),
			urn(TypeVPC, "edge"), urn(TypeVPC, "main"),
			urn(TypeKMSKey, "data-key"),
			urn(TypeBucket, "data"), urn(TypeBucket, "logs"),
		}
		slices.Sort(want)
		assert.Equal(t, want, names)
	})

	for _, tc := range []struct {
		name    string
		subject string
		want    map[string][]string
	}{
		{
			name:    "a bucket gets companions by bucket, matching its id or its bucket output",
			subject: urn(TypeBucket, "data"),
			want: map[string][]string{
				TypeBucketVersioning: {"data-versioning"},
				TypeBucketEncryption: {"data-sse"},
				TypeBucketLogging:    {"data-logging"},
			},
		},
		{
			name:    "a log bucket does not get the logging config that targets it",
			subject: urn(TypeBucket, "logs"),
			want:    map[string][]string{TypeBucketVersioning: {"logs-versioning"}},
		},
		{
			name:    "a key has no related resources",
			subject: urn(TypeKMSKey, "data-key"),
			want:    map[string][]string{},
		},
		{
			name:    "a VPC gets its subnets, flow logs, groups, rules and ACLs, each once",
			subject: urn(TypeVPC, "main"),
			want: map[string][]string{
				TypeSubnet:               {"main-a"},
				TypeFlowLog:              {"main-flows"},
				TypeDefaultSecurityGroup: {"main-default-sg"},
				TypeSecurityGroup:        {"main-web"},
				TypeSGIngressRule:        {"main-web-https"},
				TypeNetworkACL:           {"main-public"},
				TypeNetworkACLRule:       {"main-public-ssh"},
				TypeDefaultNetworkACL:    {"main-default-acl"},
			},
		},
		{
			name:    "another VPC gets only its own resources",
			subject: urn(TypeVPC, "edge"),
			want: map[string][]string{
				TypeSubnet:         {"edge-a"},
				TypeSecurityGroup:  {"edge-web"},
				TypeSGIngressRule:  {"edge-web-ssh"},
				TypeNetworkACL:     {"edge-public"},
				TypeNetworkACLRule: {"edge-public-all"},
			},
		},
		{
			name:    "a cluster gets node groups by clusterName and their launch templates, each once",
			subject: urn(TypeEKSCluster, "prod"),
			want: map[string][]string{
				TypeEKSNodeGroup:   {"prod-batch", "prod-general"},
				TypeLaunchTemplate: {"prod-nodes"},
			},
		},
		{
			name:    "a cluster without a name output is matched by its id",
			subject: urn(TypeEKSCluster, "staging"),
			want: map[string][]string{
				TypeEKSNodeGroup:   {"staging-general"},
				TypeLaunchTemplate: {"staging-nodes"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := byName[tc.subject]
			require.True(t, ok, "%s is a subject", tc.subject)
			assert.Equal(t, tc.want, linked(s))
		})
	}

	t.Run("resources of no subject are linked nowhere", func(t *testing.T) {
		for _, s := range subjects {
			for _, rs := range s.Related {
				for _, r := range rs {
					assert.NotContains(t, []string{
						urn(TypeBucketOwnership, "elsewhere-ownership"),
						urn(TypeBucketPAB, "blank-pab"),
						urn(TypeLaunchTemplate, "unused"),
						urn(TypeLaunchTemplate, "no-id"),
					}, r.Name, "linked to %s", s.Name)
				}
			}
		}
	})
}

func TestLinkSubjectsOfAnEmptyStateIsEmpty(t *testing.T) {
	assert.Empty(t, LinkSubjects(nil))
	assert.Empty(t, LinkSubjects([]Resource{st(TypeSubnet, "orphan", "subnet-x", `{"vpcId":"vpc-gone"}`)}))
}

// TestLinkedStateEvaluates: `orgiac report` evaluates linked state without a
// component, so each finding must come from the right subject's companions.
func TestLinkedStateEvaluates(t *testing.T) {
	r := Evaluate("", "", LinkSubjects(synthState()), Policy{})
	for _, tc := range []struct {
		control, status, reason string
	}{
		{"s3-versioning", StatusFail, urn(TypeBucket, "logs") + `: versioning is "Suspended"`},
		{"s3-encryption-at-rest", StatusFail, urn(TypeBucket, "logs") + ": the bucket has no managed default encryption"},
		{"kms-key-rotation", StatusPass, "automatic rotation is on"},
		{"vpc-sg-admin-ports", StatusFail, urn(TypeVPC, "edge") + ": a security group admits 0.0.0.0/0 to port 22"},
		{"vpc-nacl-admin-ports", StatusFail, "network ACL " + urn(TypeNetworkACL, "main-public") + " allows 0.0.0.0/0 to port 22 (rule 100)"},
		{"vpc-no-public-ip", StatusFail, urn(TypeSubnet, "edge-a")},
		{"eks-node-imdsv2", StatusFail, urn(TypeEKSCluster, "staging") + ": node groups without IMDSv2 required: " + urn(TypeEKSNodeGroup, "staging-general")},
	} {
		t.Run(tc.control+" is "+tc.status, func(t *testing.T) {
			got := find(t, r, tc.control)
			assert.Equal(t, tc.status, got.Status, got.Reason)
			assert.Contains(t, got.Reason, tc.reason)
		})
	}
	assert.NotContains(t, find(t, r, "eks-node-imdsv2").Reason, urn(TypeEKSCluster, "prod")+":",
		"prod's node groups share a template that requires IMDSv2")
}

func TestCanonicalTypeDropsTheAzureAPIVersion(t *testing.T) {
	assert.Equal(t, "azure-native:network:Subnet", CanonicalType("azure-native:network/v20240501:Subnet"))
	assert.Equal(t, "azure-native:network:Subnet", CanonicalType("azure-native:network:Subnet"))
	assert.Equal(t, "aws:s3/bucketV2:BucketV2", CanonicalType("aws:s3/bucketV2:BucketV2"), "aws tokens keep their module path")
}

func TestLinkSubjects_ASecurityGroupInNoDeclaredVPCIsJudgedOnItsOwn(t *testing.T) {
	open22 := `{"ingress":[{"protocol":"tcp","fromPort":22,"toPort":22,"cidrBlocks":["0.0.0.0/0"]}]}`
	subjects := LinkSubjects([]Resource{
		st(TypeVPC, "main", "vpc-1", `{"cidrBlock":"10.0.0.0/16"}`),
		st(TypeSecurityGroup, "inside", "sg-1", `{"vpcId":"vpc-1"}`),
		st(TypeSecurityGroup, "loose", "sg-2", `{}`),
		st(TypeSGIngressRule, "loose-rdp", "sgr-1", `{"securityGroupId":"sg-2","ipProtocol":"tcp","fromPort":3389,"toPort":3389,"cidrIpv4":"0.0.0.0/0"}`),
		st(TypeSecurityGroup, "quiet", "sg-3", open22),
	})
	var names []string
	for _, s := range subjects {
		names = append(names, s.Name)
	}
	assert.ElementsMatch(t, []string{urn(TypeVPC, "main"), urn(TypeSecurityGroup, "loose"), urn(TypeSecurityGroup, "quiet")}, names,
		"the group inside the declared VPC belongs to it; the others are subjects of their own")

	r := Evaluate("", "", subjects, Policy{})
	got := map[string]string{}
	for _, c := range r.Controls {
		got[c.ID] = c.Status
	}
	assert.Equal(t, StatusFail, got["vpc-sg-admin-ports"], "the loose groups open 3389 (by a rule resource) and 22 (inline)")
	for _, c := range r.Controls {
		if c.ID == "vpc-sg-admin-ports" {
			assert.Contains(t, c.Reason, "3389")
			assert.Contains(t, c.Reason, "port 22")
		}
	}
}

func TestLinkSubjects_LinksByWhereAValueCameFromWhenIdsAreUnknown(t *testing.T) {
	// A preview: ids are not known yet, and the companions' bucket and vpcId
	// are unknown values that came from the subjects' outputs.
	unknown := "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
	bucket := Resource{Type: TypeBucket, Name: urn(TypeBucket, "raw"), Props: obj(`{"bucket":"raw-bucket"}`)}
	versioning := Resource{Type: TypeBucketVersioning, Name: urn(TypeBucketVersioning, "raw-v"),
		Props: obj(`{"bucket":"` + unknown + `","versioningConfiguration":{"status":"Enabled"}}`),
		Refs:  map[string]string{"bucket": bucket.Name}}
	other := Resource{Type: TypeBucketVersioning, Name: urn(TypeBucketVersioning, "other-v"),
		Props: obj(`{"bucket":"` + unknown + `"}`), Refs: map[string]string{"bucket": urn(TypeBucket, "other")}}
	vpc := Resource{Type: TypeVPC, Name: urn(TypeVPC, "net"), Props: obj(`{"cidrBlock":"10.0.0.0/16"}`)}
	sg := Resource{Type: TypeSecurityGroup, Name: urn(TypeSecurityGroup, "web"), Props: obj(`{"vpcId":"` + unknown + `"}`),
		Refs: map[string]string{"vpcId": vpc.Name}}
	rule := Resource{Type: TypeSGIngressRule, Name: urn(TypeSGIngressRule, "web-ssh"),
		Props: obj(`{"securityGroupId":"` + unknown + `","fromPort":22,"toPort":22,"ipProtocol":"tcp","cidrIpv4":"0.0.0.0/0"}`),
		Refs:  map[string]string{"securityGroupId": sg.Name}}

	byName := map[string]Subject{}
	for _, s := range LinkSubjects([]Resource{bucket, versioning, other, vpc, sg, rule}) {
		byName[s.Name] = s
	}
	require.Contains(t, byName, bucket.Name)
	assert.Equal(t, []Resource{versioning}, byName[bucket.Name].Rel(TypeBucketVersioning),
		"the versioning whose bucket came from this bucket, and not the other")
	assert.Equal(t, []Resource{sg}, byName[vpc.Name].Rel(TypeSecurityGroup))
	assert.Equal(t, []Resource{rule}, byName[vpc.Name].Rel(TypeSGIngressRule), "the rule of the VPC's group, through two refs")
}
