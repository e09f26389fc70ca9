package aws

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/netplan"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// subnetRow is a planned subnet in the shape the tests compare.
type subnetRow struct {
	Tier      string
	AZ        int
	CIDR      string
	IPv6Index int
}

func subnetRows(subnets []netplan.Subnet) []subnetRow {
	out := make([]subnetRow, 0, len(subnets))
	for _, s := range subnets {
		out = append(out, subnetRow{Tier: s.Tier, AZ: s.AZIndex, CIDR: s.CIDR.String(), IPv6Index: s.IPv6Index})
	}
	return out
}

// findProblem returns the problem of rule code at path, or nil.
func findProblem(l problem.List, code, path string) *problem.Problem {
	for _, p := range l.Items() {
		if p.Rule.Code == code && p.Path == path {
			return &p
		}
	}
	return nil
}

func TestPlanSecureVpcDefaults(t *testing.T) {
	plan, probs := planSecureVpc("main", SecureVpcArgs{}, testOrg(standards.Enforce))
	require.Zero(t, probs.Len(), "defaults must be valid: %v", probs.Items())

	assert.Equal(t, "acme-dev-main", plan.StandardName)
	assert.Equal(t, netip.MustParsePrefix("10.0.0.0/16"), plan.Cidr)
	assert.Nil(t, plan.AZNames, "zones given by number are resolved from the region at deploy time")
	assert.Equal(t, 3, plan.AZCount)
	assert.Equal(t, 4, plan.AZCapacity)
	assert.Equal(t, []tierPlan{
		{Name: TierPublic, Type: TierPublic},
		{Name: TierPrivate, Type: TierPrivate},
		{Name: TierIsolated, Type: TierIsolated},
	}, plan.Tiers)
	assert.Equal(t, []subnetRow{
		{TierPublic, 0, "10.0.0.0/22", 0}, {TierPublic, 1, "10.0.4.0/22", 1}, {TierPublic, 2, "10.0.8.0/22", 2},
		{TierPrivate, 0, "10.0.128.0/19", 4}, {TierPrivate, 1, "10.0.160.0/19", 5}, {TierPrivate, 2, "10.0.192.0/19", 6},
		{TierIsolated, 0, "10.0.16.0/22", 8}, {TierIsolated, 1, "10.0.20.0/22", 9}, {TierIsolated, 2, "10.0.24.0/22", 10},
	}, subnetRows(plan.Subnets))
	assert.Equal(t, NatSingle, plan.Nat)
	assert.Equal(t, &flowLogPlan{Destination: "cloud-watch-logs", RetentionDays: 365}, plan.FlowLogs)
	assert.Equal(t, []string{"s3", "dynamodb"}, plan.Gateway)
	assert.Empty(t, plan.Interface)
	assert.True(t, plan.DNSHostnames)
	assert.True(t, plan.DNSSupport)
	assert.False(t, plan.IPv6)
	assert.Equal(t, "default", plan.Tenancy)
	assert.Equal(t, map[string]string{
		"Organization": "acme", "Environment": "dev", "Project": "shop", "ManagedBy": "pulumi",
	}, plan.Tags, "Name is added per child")
	assert.Empty(t, plan.Warnings)
}

func TestPlanSecureVpcNatStrategy(t *testing.T) {
	tests := []struct {
		name string
		env  string
		args SecureVpcArgs
		want string
	}{
		{"one NAT gateway by default", "dev", SecureVpcArgs{}, NatSingle},
		{"one NAT gateway per zone in production", "production", SecureVpcArgs{}, NatOnePerAZ},
		{"one NAT gateway per zone in prod", "prod", SecureVpcArgs{}, NatOnePerAZ},
		{"a given strategy wins over the production default", "production", SecureVpcArgs{NatGateways: NatSingle}, NatSingle},
		{"no NAT without a public tier", "production", SecureVpcArgs{
			SubnetSpecs: []SubnetSpec{{Type: TierPrivate}, {Type: TierIsolated}},
		}, NatNone},
		{"no NAT without a private tier", "production", SecureVpcArgs{
			SubnetSpecs: []SubnetSpec{{Type: TierPublic}, {Type: TierIsolated}},
		}, NatNone},
		{"none turns NAT off", "production", SecureVpcArgs{NatGateways: NatNone}, NatNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := testOrg(standards.Enforce)
			org.Identity.Environment = tt.env
			plan, probs := planSecureVpc("main", tt.args, org)
			require.Zero(t, probs.Len(), "%v", probs.Items())
			assert.Equal(t, tt.want, plan.Nat)
		})
	}
}

func TestPlanSecureVpcOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  SecureVpcArgs
		check func(t *testing.T, plan vpcPlan)
	}{
		{
			name: "zones given by name set the zone count",
			args: SecureVpcArgs{AvailabilityZoneNames: []string{"us-west-2b", "us-west-2c"}},
			check: func(t *testing.T, plan vpcPlan) {
				assert.Equal(t, []string{"us-west-2b", "us-west-2c"}, plan.AZNames)
				assert.Equal(t, 2, plan.AZCount)
				assert.Len(t, plan.Subnets, 6)
			},
		},
		{
			name: "a tier's size is rounded up to a power of two",
			args: SecureVpcArgs{SubnetSpecs: []SubnetSpec{{Type: TierPrivate, Size: ptr(300)}}, NumberOfAvailabilityZones: ptr(1)},
			check: func(t *testing.T, plan vpcPlan) {
				assert.Equal(t, []subnetRow{{TierPrivate, 0, "10.0.0.0/23", 0}}, subnetRows(plan.Subnets))
			},
		},
		{
			name: "exact CIDRs are used as given",
			args: SecureVpcArgs{SubnetSpecs: []SubnetSpec{
				{Type: TierPublic},
				{Type: TierIsolated, Name: "db", Cidrs: []string{"10.0.240.0/24", "10.0.241.0/24", "10.0.242.0/24"}},
			}},
			check: func(t *testing.T, plan vpcPlan) {
				assert.Equal(t, []subnetRow{
					{TierPublic, 0, "10.0.0.0/22", 0}, {TierPublic, 1, "10.0.4.0/22", 1}, {TierPublic, 2, "10.0.8.0/22", 2},
					{"db", 0, "10.0.240.0/24", 4}, {"db", 1, "10.0.241.0/24", 5}, {"db", 2, "10.0.242.0/24", 6},
				}, subnetRows(plan.Subnets))
				assert.True(t, plan.Tiers[1].ExactCIDRsGiven)
			},
		},
		{
			name: "flow logs can go to S3",
			args: SecureVpcArgs{FlowLogs: &FlowLogs{Destination: "s3", S3BucketArn: pulumi.String("arn:aws:s3:::acme-flow-logs")}},
			check: func(t *testing.T, plan vpcPlan) {
				assert.Equal(t, "s3", plan.FlowLogs.Destination)
			},
		},
		{
			name: "an empty gateway endpoint list creates none",
			args: SecureVpcArgs{GatewayEndpoints: []string{}},
			check: func(t *testing.T, plan vpcPlan) {
				assert.Empty(t, plan.Gateway)
			},
		},
		{
			name: "IPv6, dedicated tenancy, DNS off and interface endpoints are carried through",
			args: SecureVpcArgs{
				AssignGeneratedIpv6CidrBlock: ptr(true), InstanceTenancy: "dedicated",
				EnableDnsHostnames: ptr(false), EnableDnsSupport: ptr(false),
				InterfaceEndpoints: []string{"ssm", "ecr.api"},
			},
			check: func(t *testing.T, plan vpcPlan) {
				assert.True(t, plan.IPv6)
				assert.Equal(t, "dedicated", plan.Tenancy)
				assert.False(t, plan.DNSHostnames)
				assert.False(t, plan.DNSSupport)
				assert.Equal(t, []string{"ssm", "ecr.api"}, plan.Interface)
			},
		},
		{
			name: "tier options are carried into the tier plan",
			args: SecureVpcArgs{SubnetSpecs: []SubnetSpec{
				{Type: TierPublic, Name: "edge", EksDiscovery: ptr(true), MapPublicIpOnLaunch: ptr(true),
					Tags: map[string]string{"Tier": "edge"}},
			}},
			check: func(t *testing.T, plan vpcPlan) {
				assert.Equal(t, []tierPlan{{Name: "edge", Type: TierPublic, Tags: map[string]string{"Tier": "edge"},
					EKSDiscovery: true, MapPublicIP: true}}, plan.Tiers)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, probs := planSecureVpc("main", tt.args, testOrg(standards.Enforce))
			require.Zero(t, probs.Len(), "%v", probs.Items())
			tt.check(t, plan)
		})
	}
}

// TestPlanSecureVpcIsStable proves the promise behind availabilityZoneCapacity:
// growing a VPC only adds subnets, and every existing one keeps its CIDR.
func TestPlanSecureVpcIsStable(t *testing.T) {
	before, probs := planSecureVpc("main", SecureVpcArgs{}, testOrg(standards.Enforce))
	require.Zero(t, probs.Len())

	tests := []struct {
		name  string
		args  SecureVpcArgs
		added int
	}{
		{"appending a tier leaves the earlier subnets in place", SecureVpcArgs{SubnetSpecs: append(append([]SubnetSpec(nil),
			defaultTiers...), SubnetSpec{Type: TierPrivate, Name: "data", CidrMask: ptr(20)})}, 3},
		{"appending a tier with exact CIDRs leaves the earlier subnets in place", SecureVpcArgs{SubnetSpecs: append(append([]SubnetSpec(nil),
			defaultTiers...), SubnetSpec{Type: TierIsolated, Name: "db", Cidrs: []string{"10.0.32.0/24", "10.0.33.0/24", "10.0.34.0/24"}})}, 3},
		{"raising numberOfAvailabilityZones leaves the earlier subnets in place", SecureVpcArgs{NumberOfAvailabilityZones: ptr(4)}, 3},
		{"adding a tier and a zone together leaves the earlier subnets in place", SecureVpcArgs{
			NumberOfAvailabilityZones: ptr(4),
			SubnetSpecs: append(append([]SubnetSpec(nil), defaultTiers...),
				SubnetSpec{Type: TierPrivate, Name: "data", CidrMask: ptr(20)}),
		}, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after, probs := planSecureVpc("main", tt.args, testOrg(standards.Enforce))
			require.Zero(t, probs.Len(), "%v", probs.Items())
			require.Len(t, after.Subnets, len(before.Subnets)+tt.added)
			got := map[subnetRow]bool{}
			for _, r := range subnetRows(after.Subnets) {
				got[r] = true
			}
			for _, r := range subnetRows(before.Subnets) {
				assert.True(t, got[r], "subnet %+v moved", r)
			}
			seen := map[string]string{}
			for _, s := range after.Subnets {
				c := s.CIDR.String()
				assert.NotContains(t, seen, c, "%s is planned twice", c)
				seen[c] = s.Tier
			}
		})
	}
}

// vpcReject is a bad input and the problem it must produce.
type vpcReject struct {
	name     string
	args     SecureVpcArgs
	wantCode string
	wantPath string
	wantText string
}

func threeTiers(specs ...SubnetSpec) []SubnetSpec { return specs }

// manyTiers returns n isolated tiers named t0, t1, ... with subnets of /mask.
func manyTiers(n, mask int) []SubnetSpec {
	out := make([]SubnetSpec, n)
	for i := range out {
		out[i] = SubnetSpec{Type: TierIsolated, Name: fmt.Sprintf("t%d", i), CidrMask: ptr(mask)}
	}
	return out
}

// vpcRejects has one case or more per validation rule of the component and
// of the subnet planner it runs. Each names the rule it proves.
var vpcRejects = []vpcReject{
	{"an unparsable VPC CIDR is rejected", SecureVpcArgs{CidrBlock: "10.0.0.0/33"},
		"VPC001", "cidrBlock", `"10.0.0.0/33"`},
	{"an IPv6 VPC CIDR is rejected", SecureVpcArgs{CidrBlock: "fd00::/56"},
		"VPC001", "cidrBlock", `"fd00::/56"`},
	{"an unknown tier type is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(SubnetSpec{Type: "dmz"})},
		"VPC002", "subnetSpecs[0].type", `"dmz"`},
	{"duplicate tier names are rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic}, SubnetSpec{Type: TierPrivate, Name: "app"}, SubnetSpec{Type: TierIsolated, Name: "app"})},
		"VPC003", "subnetSpecs[2].name", `"app"`},
	{"a tier named like an earlier tier's default name is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic}, SubnetSpec{Type: TierPrivate, Name: "public"})},
		"VPC003", "subnetSpecs[1].name", `"public"`},
	{"NAT without a public tier is rejected", SecureVpcArgs{NatGateways: NatSingle, SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPrivate}, SubnetSpec{Type: TierIsolated})},
		"VPC004", "natGateways", `"single"`},
	{"an unknown NAT strategy is rejected", SecureVpcArgs{NatGateways: "per-subnet"},
		"VPC005", "natGateways", `"per-subnet"`},
	{"zone names together with a zone count are rejected", SecureVpcArgs{
		AvailabilityZoneNames: []string{"us-west-2a"}, NumberOfAvailabilityZones: ptr(2)},
		"VPC007", "numberOfAvailabilityZones", "2 is set together with availabilityZoneNames"},
	{"flow logs to S3 without a bucket ARN are rejected", SecureVpcArgs{FlowLogs: &FlowLogs{Destination: "s3"}},
		"VPC008", "flowLogs.s3BucketArn", "missing for destination s3"},
	{"an unknown flow log destination is rejected", SecureVpcArgs{FlowLogs: &FlowLogs{Destination: "kinesis"}},
		"VPC008", "flowLogs.destination", `"kinesis"`},
	{"a retention CloudWatch Logs does not offer is rejected", SecureVpcArgs{FlowLogs: &FlowLogs{RetentionInDays: ptr(100)}},
		"VPC009", "flowLogs.retentionInDays", "100 is not a CloudWatch Logs retention period"},
	{"an interface endpoint that is not a service name is rejected", SecureVpcArgs{InterfaceEndpoints: []string{"ssm", "com.amazonaws.us-west-2.SSM"}},
		"VPC010", "interfaceEndpoints[1]", `"com.amazonaws.us-west-2.SSM"`},
	{"an interface endpoint with a space is rejected", SecureVpcArgs{InterfaceEndpoints: []string{"ecr api"}},
		"VPC010", "interfaceEndpoints[0]", `"ecr api"`},
	{"cidrMask together with size is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, CidrMask: ptr(24), Size: ptr(256)})},
		"VPC011", "subnetSpecs[0]", "more than one of cidrMask, size and cidrs"},
	{"cidrMask together with cidrs is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, CidrMask: ptr(24), Cidrs: []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}})},
		"VPC011", "subnetSpecs[0]", "more than one of cidrMask, size and cidrs"},
	{"a size of 0 addresses is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(SubnetSpec{Type: TierPublic, Size: ptr(0)})},
		"VPC011", "subnetSpecs[0].size", "0 is not a usable subnet size"},
	{"an unknown tenancy is rejected", SecureVpcArgs{InstanceTenancy: "host"},
		"VPC012", "instanceTenancy", `"host"`},
	{"mapPublicIpOnLaunch on a private tier is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic}, SubnetSpec{Type: TierPrivate, MapPublicIpOnLaunch: ptr(true)})},
		"VPC013", "subnetSpecs[1].mapPublicIpOnLaunch", "true is set on a private tier"},
	{"mapPublicIpOnLaunch on an isolated tier is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierIsolated, MapPublicIpOnLaunch: ptr(true)})},
		"VPC013", "subnetSpecs[0].mapPublicIpOnLaunch", "isolated tier"},
	{"a zone capacity of 0 is rejected", SecureVpcArgs{AvailabilityZoneCapacity: ptr(0)},
		"VPC014", "availabilityZoneCapacity", "0 is outside 1 to 16"},
	{"a zone capacity over 16 is rejected", SecureVpcArgs{AvailabilityZoneCapacity: ptr(17)},
		"VPC014", "availabilityZoneCapacity", "17 is outside 1 to 16"},
	{"an unparsable exact subnet CIDR is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierIsolated, Cidrs: []string{"10.0.0.0/24", "10.0.300.0/24", "10.0.2.0/24"}})},
		"VPC015", "subnetSpecs[0].cidrs[1]", `"10.0.300.0/24"`},
	{"an IPv6 exact subnet CIDR is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierIsolated, Cidrs: []string{"fd00::/64", "10.0.1.0/24", "10.0.2.0/24"}})},
		"VPC015", "subnetSpecs[0].cidrs[0]", `"fd00::/64"`},
	{"an unknown gateway endpoint is rejected", SecureVpcArgs{GatewayEndpoints: []string{"s3", "ssm"}},
		"VPC016", "gatewayEndpoints[1]", `"ssm" has no gateway endpoint`},
	{"a VPC too small for the default tiers is rejected", SecureVpcArgs{CidrBlock: "10.0.0.0/18"},
		"NET006", "subnetSpecs[1].cidrMask", `tier "private" needs 32768 addresses`},
	{"a tier whose block no longer fits after earlier tiers is rejected", SecureVpcArgs{CidrBlock: "10.0.0.0/20", SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, CidrMask: ptr(22)}, SubnetSpec{Type: TierPrivate, CidrMask: ptr(22)})},
		"NET006", "subnetSpecs[1].cidrMask", "earlier tiers leave no such block free in the VPC 10.0.0.0/20"},
	{"a subnet mask not longer than the VPC's is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, CidrMask: ptr(16)})},
		"NET005", "subnetSpecs[0].cidrMask", "/16, not longer than the VPC's (10.0.0.0/16)"},
	{"a subnet mask past /28 is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, CidrMask: ptr(29)})},
		"NET005", "subnetSpecs[0].cidrMask", "/29, longer than /28"},
	{"overlapping exact CIDRs are rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, Cidrs: []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}},
		SubnetSpec{Type: TierPrivate, Cidrs: []string{"10.0.2.0/23", "10.0.4.0/23", "10.0.6.0/23"}})},
		"NET008", "subnetSpecs[1].cidrs[0]", `"10.0.2.0/23" overlaps 10.0.2.0/24, an exact CIDR of tier "public"`},
	{"an exact CIDR inside an earlier tier's block is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic},
		SubnetSpec{Type: TierIsolated, Cidrs: []string{"10.0.12.0/24", "10.0.32.0/24", "10.0.33.0/24"}})},
		"NET008", "subnetSpecs[1].cidrs[0]", `the block tier "public" reserves`},
	{"a VPC larger than /16 is rejected", SecureVpcArgs{CidrBlock: "10.0.0.0/8"},
		"NET001", "cidrBlock", `"10.0.0.0/8" has a prefix length of /8`},
	{"a VPC CIDR with host bits is rejected", SecureVpcArgs{CidrBlock: "10.0.0.1/16"},
		"NET001", "cidrBlock", "write the network address, 10.0.0.0/16"},
	{"more zones than the capacity are rejected", SecureVpcArgs{NumberOfAvailabilityZones: ptr(5)},
		"NET003", "numberOfAvailabilityZones", "5 is more than azCapacity (4)"},
	{"an exact CIDR outside the VPC is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierIsolated, Cidrs: []string{"10.1.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}})},
		"NET007", "subnetSpecs[0].cidrs[0]", "is not inside the VPC 10.0.0.0/16"},
	{"too few exact CIDRs for the zones are rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierIsolated, Cidrs: []string{"10.0.0.0/24", "10.0.1.0/24"}})},
		"NET009", "subnetSpecs[0].cidrs", "fewer than the 3 availability zones"},
	{"overriding a required tag is rejected in enforce mode", SecureVpcArgs{Tags: map[string]string{"Environment": "prod"}},
		"TAG001", `tags["Environment"]`, `"prod"`},
	{"a tier tag with the aws: prefix is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierPublic, Tags: map[string]string{"aws:x": "y"}})},
		"TAG006", `subnetSpecs[0].tags["aws:x"]`, "reserved"},
	{"an exact CIDR with host bits is rejected", SecureVpcArgs{SubnetSpecs: threeTiers(
		SubnetSpec{Type: TierIsolated, Cidrs: []string{"10.0.0.5/24", "10.0.1.0/24", "10.0.2.0/24"}})},
		"NET010", "subnetSpecs[0].cidrs[0]", "write the network address, 10.0.0.0/24"},
	{"more tiers than the VPC's IPv6 /56 has /64s for are rejected", SecureVpcArgs{
		AvailabilityZoneCapacity: ptr(16), SubnetSpecs: manyTiers(17, 28)},
		"NET011", "subnetSpecs[16]", "258 is the IPv6 index of the tier's last subnet"},
	{"a zone listed twice is rejected", SecureVpcArgs{AvailabilityZoneNames: []string{"us-west-2a", "us-west-2b", "us-west-2a"}},
		"VPC017", "availabilityZoneNames[2]", `"us-west-2a" is already listed at availabilityZoneNames[0]`},
	{"an interface endpoint listed twice is rejected", SecureVpcArgs{InterfaceEndpoints: []string{"ssm", "ecr.api", "ssm"}},
		"VPC017", "interfaceEndpoints[2]", `"ssm" is already listed at interfaceEndpoints[0]`},
	{"a gateway endpoint listed twice is rejected", SecureVpcArgs{GatewayEndpoints: []string{"s3", "s3"}},
		"VPC017", "gatewayEndpoints[1]", `"s3" is already listed at gatewayEndpoints[0]`},
	{"an interface endpoint for a default gateway service is rejected", SecureVpcArgs{InterfaceEndpoints: []string{"dynamodb"}},
		"VPC017", "interfaceEndpoints[0]", `"dynamodb" is already listed at gatewayEndpoints[1]`},
}

func TestPlanSecureVpcRejects(t *testing.T) {
	for _, tt := range vpcRejects {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := planSecureVpc("main", tt.args, testOrg(standards.Enforce))
			found := findProblem(probs, tt.wantCode, tt.wantPath)
			require.NotNil(t, found, "want %s at %s, got %v", tt.wantCode, tt.wantPath, probs.Items())
			msg := found.Error()
			assert.Contains(t, msg, tt.wantText, "the message says what is wrong")
			assert.Contains(t, msg, "["+tt.wantCode+"]", "the message names the rule")
			assert.Contains(t, msg, "; fix: ", "the message says how to fix it")
		})
	}
}

// TestEveryVpcRuleHasAFailingCase keeps vpcRejects complete. VPC006 needs the
// region's zones, so the component tests prove it.
func TestEveryVpcRuleHasAFailingCase(t *testing.T) {
	tested := map[string]bool{
		"VPC006": true,
		// SecureVpc checks these itself first (VPC014, VPC011), so the
		// planner's own rules cannot fire through it.
		"NET002": true, "NET004": true,
	}
	for _, tt := range vpcRejects {
		tested[tt.wantCode] = true
	}
	n := 0
	for _, r := range problem.Rules() {
		if strings.HasPrefix(r.Code, "VPC") || strings.HasPrefix(r.Code, "NET") {
			n++
			assert.True(t, tested[r.Code], "rule %s (%s) has no failing case", r.Code, r.Summary)
			assert.NotEmpty(t, r.Fix, "rule %s has no fix", r.Code)
		}
	}
	assert.GreaterOrEqual(t, n, 28)
}

func TestAssessSecureVpcDefaultsPassEveryControl(t *testing.T) {
	plan, report, probs := unpack(assessSecureVpc("main", SecureVpcArgs{}, testConfig(standards.Enforce)))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, map[string]string{
		"vpc-default-sg-closed": "pass",
		"vpc-flow-logs":         "pass",
		"vpc-nacl-admin-ports":  "pass",
		"vpc-no-public-ip":      "pass",
		"vpc-sg-admin-ports":    "pass",
	}, statuses(report))
	assert.Equal(t, compliance.Summary{Pass: 5}, report.Summary)
	assert.Equal(t, "enforce", report.Enforcement)
	assert.Equal(t, "cis-aws-foundations-3.0 nist-800-53-r5", plan.Tags["compliance:frameworks"])
	assert.NotEmpty(t, plan.Tags["compliance:cis-aws-foundations-3.0"])
	assert.NotEmpty(t, plan.Tags["compliance:nist-800-53-r5"])
	assert.Empty(t, standards.ValidateAWSTags("tags", plan.Tags).Items(), "compliance tags follow AWS's rules")
	assert.Empty(t, plan.Warnings)
}

func TestAssessSecureVpcEnforcesControls(t *testing.T) {
	publicIPTier := SecureVpcArgs{SubnetSpecs: []SubnetSpec{
		{Type: TierPublic, MapPublicIpOnLaunch: ptr(true)}, {Type: TierPrivate},
	}}
	waived := publicIPTier
	waived.Waivers = []compliance.Waiver{{Control: "vpc-no-public-ip", Reason: "bastion tier", Expires: "2026-12-31"}}
	tests := []struct {
		name       string
		mode       standards.Enforcement
		args       SecureVpcArgs
		control    string
		wantStatus string
		wantPath   string // the enforce-mode problem; empty for none
		wantWarn   bool
	}{
		{"flow logs off fails control vpc-flow-logs in enforce mode", standards.Enforce,
			SecureVpcArgs{FlowLogs: &FlowLogs{Enabled: ptr(false)}}, "vpc-flow-logs", "fail", "flowLogs", false},
		{"flow logs off warns about vpc-flow-logs in audit mode", standards.Audit,
			SecureVpcArgs{FlowLogs: &FlowLogs{Enabled: ptr(false)}}, "vpc-flow-logs", "fail", "", true},
		{"mapPublicIpOnLaunch on a public tier fails vpc-no-public-ip", standards.Enforce,
			publicIPTier, "vpc-no-public-ip", "fail", "mapPublicIpOnLaunch", false},
		{"mapPublicIpOnLaunch on a public tier passes vpc-no-public-ip when waived", standards.Enforce,
			waived, "vpc-no-public-ip", "waived", "", false},
		{"mapPublicIpOnLaunch on a public tier warns in audit mode", standards.Audit,
			publicIPTier, "vpc-no-public-ip", "fail", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, report, probs := unpack(assessSecureVpc("main", tt.args, testConfig(tt.mode)))
			assert.Equal(t, tt.wantStatus, statuses(report)[tt.control])
			if tt.wantPath == "" {
				assert.Zero(t, probs.Len(), "%v", probs.Items())
			} else {
				require.Equal(t, 1, probs.Len(), "%v", probs.Items())
				p := probs.Items()[0]
				assert.Equal(t, tt.control, p.Rule.Code)
				assert.Equal(t, tt.wantPath, p.Path)
				assert.Contains(t, p.Error(), "fails control "+tt.control)
				assert.Contains(t, p.Error(), "; fix: ")
			}
			if tt.wantWarn {
				require.Len(t, plan.Warnings, 1)
				assert.True(t, strings.HasPrefix(plan.Warnings[0], "audit: "), plan.Warnings[0])
				assert.Contains(t, plan.Warnings[0], tt.control)
			} else {
				assert.Empty(t, plan.Warnings)
			}
		})
	}
}

func TestAssessSecureVpcAuditModeHonoursTheOptOut(t *testing.T) {
	plan, report, probs := unpack(assessSecureVpc("main", SecureVpcArgs{FlowLogs: &FlowLogs{Enabled: ptr(false)}}, testConfig(standards.Audit)))
	require.Zero(t, probs.Len())
	assert.Nil(t, plan.FlowLogs, "no flow log is planned")
	assert.Len(t, plan.Subnets, 9, "the rest of the VPC is planned as usual")
	assert.Equal(t, compliance.Summary{Pass: 4, Fail: 1}, report.Summary, "the report records the failure")
	assert.Equal(t, "audit", report.Enforcement)
}

func TestAssessSecureVpcOffModeSkipsControls(t *testing.T) {
	plan, report, probs := unpack(assessSecureVpc("main", SecureVpcArgs{FlowLogs: &FlowLogs{Enabled: ptr(false)}}, testConfig(standards.Off)))
	require.Zero(t, probs.Len())
	assert.Empty(t, plan.Warnings)
	assert.Empty(t, report.Controls)
	assert.Equal(t, "off", report.Enforcement)
}

func TestAssessSecureVpcReportsEveryProblemAtOnce(t *testing.T) {
	args := SecureVpcArgs{
		InstanceTenancy:          "host",
		AvailabilityZoneCapacity: ptr(20),
		SubnetSpecs: []SubnetSpec{
			{Type: "dmz"},
			{Type: TierPrivate, MapPublicIpOnLaunch: ptr(true)},
			{Type: TierPrivate},
		},
		NatGateways:        "lots",
		FlowLogs:           &FlowLogs{RetentionInDays: ptr(2)},
		GatewayEndpoints:   []string{"sqs"},
		InterfaceEndpoints: []string{"Bad Name"},
		Waivers:            []compliance.Waiver{{Control: "vpc-nope", Expires: "soon"}},
	}
	_, _, probs := unpack(assessSecureVpc("main", args, testConfig(standards.Enforce)))
	assert.ElementsMatch(t, []string{
		"VPC012", "VPC014", "VPC002", "VPC013", "VPC003", "VPC005", "VPC009", "VPC016", "VPC010",
		"CMP002", "CMP003", "CMP004",
	}, ruleCodes(probs))
}
