package aws

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"

	"github.com/orgiac/pulumi-orgiac/internal/netplan"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Tier types. Public subnets route to the internet gateway, private ones to
// NAT, isolated ones nowhere outside the VPC.
const (
	TierPublic   = "public"
	TierPrivate  = "private"
	TierIsolated = "isolated"
)

// NAT strategies.
const (
	NatNone     = "none"
	NatSingle   = "single"
	NatOnePerAZ = "one-per-az"
)

// Defaults a SecureVpc applies when an input is omitted.
const (
	defaultVpcCidr          = "10.0.0.0/16"
	defaultAZCount          = 3
	defaultAZCapacity       = 4
	defaultFlowLogRetention = 365
	flowLogsToCloudWatch    = "cloud-watch-logs"
	flowLogsToS3            = "s3"
)

// defaultMasks are the subnet sizes of a tier given without a mask, size or
// CIDRs: large private tiers for workloads, small public and isolated ones.
var defaultMasks = map[string]int{TierPublic: 22, TierPrivate: 19, TierIsolated: 22}

// defaultTiers is the layout when subnetSpecs is omitted.
var defaultTiers = []SubnetSpec{{Type: TierPublic}, {Type: TierPrivate}, {Type: TierIsolated}}

// defaultGatewayEndpoints are free and keep S3 and DynamoDB traffic off NAT.
var defaultGatewayEndpoints = []string{"s3", "dynamodb"}

// cloudWatchRetentionDays are the retention periods CloudWatch Logs accepts.
var cloudWatchRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
	2192, 2557, 2922, 3288, 3653}

var (
	RuleVpcCidr = problem.Define("VPC001",
		"cidrBlock is an IPv4 network in CIDR notation",
		"write the network, e.g. 10.0.0.0/16")
	RuleTierType = problem.Define("VPC002",
		"a subnet tier's type is public, private or isolated",
		"set type to public, private or isolated")
	RuleTierDuplicate = problem.Define("VPC003",
		"subnet tier names are unique",
		"give each tier its own name")
	RuleNatWithoutPublic = problem.Define("VPC004",
		"NAT gateways live in a public tier",
		"add a public tier to subnetSpecs, or set natGateways to none")
	RuleNatStrategy = problem.Define("VPC005",
		"natGateways is none, single or one-per-az",
		"set natGateways to none, single or one-per-az")
	RuleAZCount = problem.Define("VPC006",
		"the VPC cannot use more availability zones than the region has",
		"lower numberOfAvailabilityZones, or list availabilityZoneNames from the region")
	RuleAZChoice = problem.Define("VPC007",
		"give availabilityZoneNames or numberOfAvailabilityZones, not both",
		"remove one of them")
	RuleFlowLogDestination = problem.Define("VPC008",
		"flow logs go to cloud-watch-logs, or to s3 with an s3BucketArn",
		"set flowLogs.destination to cloud-watch-logs, or to s3 together with flowLogs.s3BucketArn")
	RuleFlowLogRetention = problem.Define("VPC009",
		"flow log retention is a period CloudWatch Logs accepts",
		"use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653")
	RuleEndpointName = problem.Define("VPC010",
		"endpoint names are AWS service names such as s3, ssm or ecr.api",
		"use the part of the service name after com.amazonaws.<region>.")
	RuleTierSize = problem.Define("VPC011",
		"a tier sets at most one of cidrMask, size and cidrs",
		"keep one of cidrMask, size or cidrs")
	RuleTenancy = problem.Define("VPC012",
		"instanceTenancy is default or dedicated",
		"set instanceTenancy to default or dedicated")
	RulePublicIPTier = problem.Define("VPC013",
		"only public tiers can assign public IPs on launch",
		"remove mapPublicIpOnLaunch from the tier, or make it a public tier")
	RuleAZCapacity = problem.Define("VPC014",
		"availabilityZoneCapacity is between 1 and 16",
		"keep the default of 4 unless the VPC must span more zones")
	RuleCidrParse = problem.Define("VPC015",
		"each exact subnet CIDR is an IPv4 network in CIDR notation",
		"write the network, e.g. 10.0.8.0/24")
	RuleGatewayEndpoint = problem.Define("VPC016",
		"gateway endpoints exist only for s3 and dynamodb",
		"list s3, dynamodb or both, or an empty list for none")
	RuleListedOnce = problem.Define("VPC017",
		"each availability zone and each endpoint service is listed once",
		"remove the repeated entry; s3 and dynamodb already get gateway endpoints unless gatewayEndpoints leaves them out")
)

var endpointName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)

// vpcPlan is everything a SecureVpc decides before it registers anything.
type vpcPlan struct {
	standards.Applied
	Cidr         netip.Prefix
	Tenancy      string
	DNSHostnames bool
	DNSSupport   bool
	IPv6         bool
	// AZNames are the zones, when given; otherwise AZCount zones are resolved
	// from the region at deploy time.
	AZNames    []string
	AZCount    int
	AZCapacity int
	Tiers      []tierPlan
	Subnets    []netplan.Subnet
	Nat        string // none | single | one-per-az
	FlowLogs   *flowLogPlan
	Gateway    []string // gateway endpoint services
	Interface  []string // interface endpoint services
}

type tierPlan struct {
	Name            string
	Type            string
	Tags            map[string]string
	EKSDiscovery    bool
	MapPublicIP     bool
	ExactCIDRsGiven bool
}

type flowLogPlan struct {
	Destination   string // cloud-watch-logs | s3
	RetentionDays int
}

// hasTier reports whether any tier has type typ.
func (p vpcPlan) hasTier(typ string) bool {
	return slices.ContainsFunc(p.Tiers, func(t tierPlan) bool { return t.Type == typ })
}

// planSecureVpc decides a SecureVpc from plain inputs. Availability zones
// given by number are resolved later, so the plan validates the count
// against the capacity here and against the region at deploy time.
func planSecureVpc(name string, args SecureVpcArgs, org standards.Org) (vpcPlan, problem.List) {
	var errs, breaches problem.List
	plan := vpcPlan{
		Applied:      org.Apply(name),
		Tenancy:      firstNonEmpty(args.InstanceTenancy, "default"),
		DNSHostnames: deref(args.EnableDnsHostnames, true),
		DNSSupport:   deref(args.EnableDnsSupport, true),
		IPv6:         deref(args.AssignGeneratedIpv6CidrBlock, false),
		AZCapacity:   deref(args.AvailabilityZoneCapacity, defaultAZCapacity),
		Gateway:      defaultGatewayEndpoints,
		Interface:    args.InterfaceEndpoints,
	}
	cidr, err := netip.ParsePrefix(firstNonEmpty(args.CidrBlock, defaultVpcCidr))
	if err != nil || !cidr.Addr().Is4() {
		errs.Addf(RuleVpcCidr, "cidrBlock", args.CidrBlock, "is not an IPv4 CIDR block")
	}
	plan.Cidr = cidr
	if plan.Tenancy != "default" && plan.Tenancy != "dedicated" {
		errs.Addf(RuleTenancy, "instanceTenancy", plan.Tenancy, "is not a tenancy")
	}
	if plan.AZCapacity < 1 || plan.AZCapacity > 16 {
		errs.Addf(RuleAZCapacity, "availabilityZoneCapacity", plan.AZCapacity, "is outside 1 to 16")
	}

	switch {
	case len(args.AvailabilityZoneNames) > 0 && args.NumberOfAvailabilityZones != nil:
		errs.Addf(RuleAZChoice, "numberOfAvailabilityZones", *args.NumberOfAvailabilityZones,
			"is set together with availabilityZoneNames")
	case len(args.AvailabilityZoneNames) > 0:
		plan.AZNames = args.AvailabilityZoneNames
		plan.AZCount = len(args.AvailabilityZoneNames)
		listedOnce(&errs, map[string]string{}, "availabilityZoneNames", plan.AZNames)
	default:
		plan.AZCount = deref(args.NumberOfAvailabilityZones, defaultAZCount)
	}

	specs := args.SubnetSpecs
	if specs == nil {
		specs = defaultTiers
	}
	tiers, netTiers, p := planTiers(specs)
	plan.Tiers = tiers
	errs.Merge("", p)
	if errs.Len() == 0 {
		subnets, p := netplan.Layout{
			VPC: plan.Cidr, Tiers: netTiers, AZCount: plan.AZCount, AZCapacity: plan.AZCapacity,
			VPCPath: "cidrBlock", AZCountPath: "numberOfAvailabilityZones", AZCapacityPath: "availabilityZoneCapacity",
		}.Plan()
		plan.Subnets = subnets
		errs.Merge("", p)
	}

	plan.Nat = args.NatGateways
	switch {
	case plan.Nat == "" && plan.hasTier(TierPublic) && plan.hasTier(TierPrivate):
		plan.Nat = NatSingle
		if isProduction(org.Identity.Environment) {
			plan.Nat = NatOnePerAZ
		}
	case plan.Nat == "":
		plan.Nat = NatNone // nothing to hold a NAT gateway, or nothing to use it
	case plan.Nat != NatNone && plan.Nat != NatSingle && plan.Nat != NatOnePerAZ:
		errs.Addf(RuleNatStrategy, "natGateways", plan.Nat, "is not a NAT strategy")
	case plan.Nat != NatNone && !plan.hasTier(TierPublic):
		errs.Addf(RuleNatWithoutPublic, "natGateways", plan.Nat, "needs a public tier for the NAT gateways")
	}

	fl, p := planFlowLogs(args.FlowLogs)
	plan.FlowLogs = fl
	errs.Merge("flowLogs", p)

	if args.GatewayEndpoints != nil {
		plan.Gateway = args.GatewayEndpoints
	}
	for i, g := range plan.Gateway {
		if g != "s3" && g != "dynamodb" {
			errs.Addf(RuleGatewayEndpoint, fmt.Sprintf("gatewayEndpoints[%d]", i), g, "has no gateway endpoint")
		}
	}
	for i, e := range plan.Interface {
		if !endpointName.MatchString(e) {
			errs.Addf(RuleEndpointName, fmt.Sprintf("interfaceEndpoints[%d]", i), e, "is not a service name")
		}
	}
	// Endpoints are named after their service, so a repeat would register
	// two children with one name.
	endpoints := map[string]string{}
	listedOnce(&errs, endpoints, "gatewayEndpoints", plan.Gateway)
	listedOnce(&errs, endpoints, "interfaceEndpoints", plan.Interface)

	return plan, plan.Conclude(org, args.Tags, standards.ValidateAWSTags, errs, breaches)
}

func planTiers(specs []SubnetSpec) ([]tierPlan, []netplan.Tier, problem.List) {
	var errs problem.List
	seen := map[string]bool{}
	var tiers []tierPlan
	var netTiers []netplan.Tier
	for i, s := range specs {
		at := fmt.Sprintf("subnetSpecs[%d]", i)
		switch s.Type {
		case TierPublic, TierPrivate, TierIsolated:
		default:
			errs.Addf(RuleTierType, at+".type", s.Type, "is not a tier type")
		}
		name := firstNonEmpty(s.Name, s.Type)
		if seen[name] {
			errs.Addf(RuleTierDuplicate, at+".name", name, "is already the name of an earlier tier")
		}
		seen[name] = true
		mapPublic := deref(s.MapPublicIpOnLaunch, false)
		if mapPublic && s.Type != TierPublic {
			errs.Addf(RulePublicIPTier, at+".mapPublicIpOnLaunch", true, "is set on a %s tier", s.Type)
		}
		errs.Merge("", standards.ValidateAWSTags(at+".tags", s.Tags))

		nt := netplan.Tier{Name: name, Type: s.Type, Path: at}
		given := 0
		if s.CidrMask != nil {
			given++
			nt.Mask = *s.CidrMask
		}
		if s.Size != nil {
			given++
			m, err := netplan.MaskForSize(*s.Size)
			if err != nil {
				errs.Addf(RuleTierSize, at+".size", *s.Size, "is not a usable subnet size: %v", err)
			}
			nt.Mask = m
		}
		if len(s.Cidrs) > 0 {
			given++
			for j, c := range s.Cidrs {
				p, err := netip.ParsePrefix(c)
				if err != nil || !p.Addr().Is4() {
					errs.Addf(RuleCidrParse, fmt.Sprintf("%s.cidrs[%d]", at, j), c, "is not an IPv4 CIDR block")
					continue
				}
				nt.CIDRs = append(nt.CIDRs, p)
			}
		}
		if given > 1 {
			errs.Addf(RuleTierSize, at, nil, "sets more than one of cidrMask, size and cidrs")
		}
		if given == 0 {
			nt.Mask = defaultMasks[s.Type]
		}
		tiers = append(tiers, tierPlan{
			Name: name, Type: s.Type, Tags: s.Tags, EKSDiscovery: deref(s.EksDiscovery, false),
			MapPublicIP: mapPublic, ExactCIDRsGiven: len(s.Cidrs) > 0,
		})
		netTiers = append(netTiers, nt)
	}
	return tiers, netTiers, errs
}

func planFlowLogs(args *FlowLogs) (*flowLogPlan, problem.List) {
	var errs problem.List
	if args == nil {
		args = &FlowLogs{}
	}
	if !deref(args.Enabled, true) {
		return nil, errs // the vpc-flow-logs control judges this
	}
	plan := &flowLogPlan{
		Destination:   firstNonEmpty(args.Destination, flowLogsToCloudWatch),
		RetentionDays: deref(args.RetentionInDays, defaultFlowLogRetention),
	}
	switch plan.Destination {
	case flowLogsToCloudWatch:
		if !slices.Contains(cloudWatchRetentionDays, plan.RetentionDays) {
			errs.Addf(RuleFlowLogRetention, "retentionInDays", plan.RetentionDays, "is not a CloudWatch Logs retention period")
		}
	case flowLogsToS3:
		if args.S3BucketArn == nil {
			errs.Addf(RuleFlowLogDestination, "s3BucketArn", nil, "is missing for destination s3")
		}
	default:
		errs.Addf(RuleFlowLogDestination, "destination", plan.Destination, "is not a flow log destination")
	}
	return plan, errs
}

// listedOnce reports each value of vals already in seen, which maps a value
// to the path it was first listed at.
func listedOnce(errs *problem.List, seen map[string]string, path string, vals []string) {
	for i, v := range vals {
		at := fmt.Sprintf("%s[%d]", path, i)
		if first, ok := seen[v]; ok {
			errs.Addf(RuleListedOnce, at, v, "is already listed at %s", first)
			continue
		}
		seen[v] = at
	}
}

func isProduction(env string) bool { return env == "production" || env == "prod" }

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
