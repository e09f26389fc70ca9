package policypack

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

const (
	bucketURN     = "urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::raw"
	versioningURN = "urn:pulumi:dev::shop::aws:s3/bucketVersioningV2:BucketVersioningV2::raw-v"
	policyURN     = "urn:pulumi:dev::shop::aws:s3/bucketPolicy:BucketPolicy::raw-policy"
	sgURN         = "urn:pulumi:dev::shop::aws:ec2/securityGroup:SecurityGroup::ssh"
	innerSGURN    = "urn:pulumi:dev::shop::orgiac:aws:SecureVpc$aws:ec2/securityGroup:SecurityGroup::net-web"
)

var today = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)

// pack is a configured pack: mode and waivers as the stack's configuration
// would give them, levels as --policy-pack-config would.
func pack(t *testing.T, mode standards.Enforcement, dryRun bool, waivers ...compliance.Waiver) *Server {
	t.Helper()
	s := New(func(Stack) (compliance.Policy, standards.Enforcement, problem.List) {
		return compliance.Policy{Waivers: waivers, Today: today}, mode, problem.List{}
	})
	_, err := s.ConfigureStack(context.Background(), &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev", DryRun: dryRun})
	require.NoError(t, err)
	return s
}

func props(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(m, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	require.NoError(t, err)
	return s
}

func openSSH(t *testing.T) *structpb.Struct {
	return props(t, resource.NewPropertyMapFromMap(map[string]any{
		"ingress": []any{map[string]any{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []any{"0.0.0.0/0"}}},
	}))
}

func failing(diags []*pulumirpc.AnalyzeDiagnostic) map[string][]string {
	out := map[string][]string{}
	for _, d := range diags {
		out[d.Urn] = append(out[d.Urn], d.PolicyName)
	}
	return out
}

func TestGetAnalyzerInfo_EveryControlIsAPolicyAtTheModesLevel(t *testing.T) {
	for mode, level := range map[standards.Enforcement]pulumirpc.EnforcementLevel{
		standards.Enforce: pulumirpc.EnforcementLevel_MANDATORY,
		standards.Audit:   pulumirpc.EnforcementLevel_ADVISORY,
		standards.Off:     pulumirpc.EnforcementLevel_DISABLED,
	} {
		info, err := pack(t, mode, true).GetAnalyzerInfo(context.Background(), &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, Name, info.Name)
		assert.True(t, info.SupportsConfig, "levels are set per policy through --policy-pack-config")
		controls := compliance.Controls()
		require.Len(t, info.Policies, len(controls))
		for i, p := range info.Policies {
			assert.Equal(t, controls[i].ID, p.Name)
			assert.Equal(t, controls[i].Title, p.DisplayName)
			assert.Equal(t, level, p.EnforcementLevel, "%s in %s mode", p.Name, mode)
			assert.NotEqual(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED, p.Severity)
			assert.NotNil(t, p.ConfigSchema.GetProperties(), "a schema the engine adds enforcementLevel to")
		}
	}
}

func TestConfigureStack_AConfigurationProblemFailsWithEveryProblem(t *testing.T) {
	s := New(func(Stack) (compliance.Policy, standards.Enforcement, problem.List) {
		return compliance.Policy{}, standards.Enforce, compliance.ValidateWaivers("orgiac:waivers", []compliance.Waiver{
			{Control: "s3-versionin", Reason: "x", Expires: "2027-01-01"},
			{Control: "s3-versioning", Expires: "someday"},
		})
	})
	_, err := s.ConfigureStack(context.Background(), &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev"})
	require.Error(t, err)
	for _, want := range []string{"orgiac:waivers[0].control", "s3-versionin", "CMP002", "orgiac:waivers[1]", "CMP003", "CMP004"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestAnalyze_ASecurityGroupOpenToTheWorldIsRefusedBeforeItIsCreated(t *testing.T) {
	s := pack(t, standards.Enforce, false)
	resp, err := s.Analyze(context.Background(), &pulumirpc.AnalyzeRequest{
		Urn: sgURN, Type: compliance.TypeSecurityGroup, Properties: openSSH(t),
	})
	require.NoError(t, err)
	require.Len(t, resp.Diagnostics, 1)
	d := resp.Diagnostics[0]
	assert.Equal(t, "vpc-sg-admin-ports", d.PolicyName)
	assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, d.EnforcementLevel)
	assert.Equal(t, sgURN, d.Urn)
	for _, want := range []string{sgURN + ": fails control vpc-sg-admin-ports", "0.0.0.0/0", "port 22",
		"[vpc-sg-admin-ports]", "; fix: set no ingress rule"} {
		assert.Contains(t, d.Message, want, "the violation names the resource, the value, the code and the fix")
	}

	inner, err := s.Analyze(context.Background(), &pulumirpc.AnalyzeRequest{
		Urn: innerSGURN, Type: compliance.TypeSecurityGroup, Properties: openSSH(t),
	})
	require.NoError(t, err)
	assert.Empty(t, inner.Diagnostics, "a resource inside an orgiac component is judged with the component's policy")

	bucket, err := s.Analyze(context.Background(), &pulumirpc.AnalyzeRequest{
		Urn: bucketURN, Type: compliance.TypeBucket, Properties: props(t, resource.PropertyMap{}),
	})
	require.NoError(t, err)
	assert.Empty(t, bucket.Diagnostics, "a bucket's controls need its companions: the whole stack decides")

	stack, err := s.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		{Urn: sgURN, Type: compliance.TypeSecurityGroup, Properties: openSSH(t)},
	}})
	require.NoError(t, err)
	assert.Empty(t, stack.Diagnostics, "what Analyze reported is not reported twice")
}

// A preview: the versioning's bucket is the id of a bucket not yet created,
// so it is unknown, and it links through the engine's property dependencies.
func TestAnalyzeStack_LinksCompanionsThroughDependenciesInAPreview(t *testing.T) {
	bucket := &pulumirpc.AnalyzerResource{Urn: bucketURN, Type: compliance.TypeBucket,
		Properties: props(t, resource.PropertyMap{"bucket": resource.NewStringProperty("raw-bucket")})}
	versioning := &pulumirpc.AnalyzerResource{Urn: versioningURN, Type: compliance.TypeBucketVersioning,
		Properties: props(t, resource.PropertyMap{
			"bucket": resource.MakeComputed(resource.NewStringProperty("")),
			"versioningConfiguration": resource.NewObjectProperty(resource.PropertyMap{
				"status": resource.NewStringProperty("Enabled")}),
		}),
		PropertyDependencies: map[string]*pulumirpc.AnalyzerPropertyDependencies{"bucket": {Urns: []string{bucketURN}}}}

	alone, err := pack(t, standards.Enforce, true).AnalyzeStack(context.Background(),
		&pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{bucket}})
	require.NoError(t, err)
	assert.Contains(t, failing(alone.Diagnostics)[bucketURN], "s3-versioning")

	linked, err := pack(t, standards.Enforce, true).AnalyzeStack(context.Background(),
		&pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{bucket, versioning}})
	require.NoError(t, err)
	assert.NotContains(t, failing(linked.Diagnostics)[bucketURN], "s3-versioning", "the versioning counts for its bucket")
	assert.Contains(t, failing(linked.Diagnostics)[bucketURN], "s3-public-access-block")
}

// A bucket policy whose document names the bucket's ARN is unknown in a
// preview: whether it denies plain HTTP is decided by the update's analysis.
func TestAnalyzeStack_AFailureThatRestsOnAnUnknownWaitsForTheUpdate(t *testing.T) {
	resources := []*pulumirpc.AnalyzerResource{
		{Urn: bucketURN, Type: compliance.TypeBucket, Properties: props(t, resource.PropertyMap{})},
		{Urn: policyURN, Type: compliance.TypeBucketPolicy, Properties: props(t, resource.PropertyMap{
			"bucket": resource.MakeComputed(resource.NewStringProperty("")),
			"policy": resource.MakeComputed(resource.NewStringProperty("")),
		}), PropertyDependencies: map[string]*pulumirpc.AnalyzerPropertyDependencies{"bucket": {Urns: []string{bucketURN}}}},
	}
	preview, err := pack(t, standards.Enforce, true).AnalyzeStack(context.Background(),
		&pulumirpc.AnalyzeStackRequest{Resources: resources})
	require.NoError(t, err)
	assert.NotContains(t, failing(preview.Diagnostics)[bucketURN], "s3-tls-only")
	assert.Contains(t, failing(preview.Diagnostics)[bucketURN], "s3-versioning", "what is known still fails")

	update, err := pack(t, standards.Enforce, false).AnalyzeStack(context.Background(),
		&pulumirpc.AnalyzeStackRequest{Resources: resources})
	require.NoError(t, err)
	assert.Contains(t, failing(update.Diagnostics)[bucketURN], "s3-tls-only", "an update judges what it has")
}

func TestConfigure_LevelsPerPolicy(t *testing.T) {
	s := pack(t, standards.Enforce, false)
	_, err := s.Configure(context.Background(), &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{
		"all":                    {EnforcementLevel: pulumirpc.EnforcementLevel_ADVISORY},
		"s3-versioning":          {EnforcementLevel: pulumirpc.EnforcementLevel_DISABLED},
		"s3-public-access-block": {EnforcementLevel: pulumirpc.EnforcementLevel_ADVISORY},
	}})
	require.NoError(t, err)
	resp, err := s.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		{Urn: bucketURN, Type: compliance.TypeBucket, Properties: props(t, resource.PropertyMap{})},
	}})
	require.NoError(t, err)
	levels := map[string]pulumirpc.EnforcementLevel{}
	for _, d := range resp.Diagnostics {
		levels[d.PolicyName] = d.EnforcementLevel
	}
	assert.NotContains(t, levels, "s3-versioning", "a disabled policy is not judged (and never sent as DISABLED)")
	assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, levels["s3-public-access-block"])
	assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, levels["s3-encryption-at-rest"],
		"the engine has applied \"all\" to the policies it sent; it is not a policy")
}

func TestWaiver_SilencesItsControlOnItsResourceOnly(t *testing.T) {
	other := "urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::other"
	s := pack(t, standards.Enforce, false,
		compliance.Waiver{Control: "s3-versioning", Reason: "scratch", Expires: "2099-01-01", Component: "raw"})
	resp, err := s.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		{Urn: bucketURN, Type: compliance.TypeBucket, Properties: props(t, resource.PropertyMap{})},
		{Urn: other, Type: compliance.TypeBucket, Properties: props(t, resource.PropertyMap{})},
	}})
	require.NoError(t, err)
	got := failing(resp.Diagnostics)
	assert.NotContains(t, got[bucketURN], "s3-versioning")
	assert.Contains(t, got[bucketURN], "s3-public-access-block")
	assert.Contains(t, got[other], "s3-versioning")
}

func TestInsideOrgiacComponent(t *testing.T) {
	assert.True(t, insideOrgiacComponent(innerSGURN))
	assert.False(t, insideOrgiacComponent(sgURN))
	assert.False(t, insideOrgiacComponent("urn:pulumi:dev::shop::acme:app:Wrapper$aws:ec2/securityGroup:SecurityGroup::x"))
	assert.False(t, insideOrgiacComponent("not a urn"))
}

func TestRequiredControls_MakeAnOptionalControlFail(t *testing.T) {
	resources := &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		{Urn: bucketURN, Type: compliance.TypeBucket, Properties: props(t, resource.PropertyMap{})},
	}}
	optional, err := pack(t, standards.Enforce, false).AnalyzeStack(context.Background(), resources)
	require.NoError(t, err)
	assert.NotContains(t, failing(optional.Diagnostics)[bucketURN], "s3-object-lock", "optional by default")

	s := New(func(Stack) (compliance.Policy, standards.Enforcement, problem.List) {
		return compliance.Policy{Required: []string{"s3-object-lock"}, Today: today}, standards.Enforce, problem.List{}
	})
	_, err = s.ConfigureStack(context.Background(), &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev"})
	require.NoError(t, err)
	required, err := s.AnalyzeStack(context.Background(), resources)
	require.NoError(t, err)
	assert.Contains(t, failing(required.Diagnostics)[bucketURN], "s3-object-lock", "orgiac:requiredControls lists it")
}
