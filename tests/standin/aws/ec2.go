package main

import (
	"fmt"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Computed outputs and ids of EC2 networking types.

// vpcOutputs gives a new VPC the default security group, network ACL and
// main route table AWS creates with it, and an Amazon-provided IPv6 block when
// one was asked for.
func vpcOutputs(c *standin.Ctx) map[string]any {
	rtb := keepHexID(c, "defaultRouteTableId", "rtb")
	out := map[string]any{
		"arn":                              arn(c, "ec2", "vpc/"+c.ID),
		"ownerId":                          c.Account,
		"defaultSecurityGroupId":           keepHexID(c, "defaultSecurityGroupId", "sg"),
		"defaultNetworkAclId":              keepHexID(c, "defaultNetworkAclId", "acl"),
		"defaultRouteTableId":              rtb,
		"mainRouteTableId":                 rtb,
		"dhcpOptionsId":                    keepHexID(c, "dhcpOptionsId", "dopt"),
		"enableDnsSupport":                 true,
		"enableDnsHostnames":               false,
		"enableNetworkAddressUsageMetrics": false,
		"instanceTenancy":                  "default",
		"assignGeneratedIpv6CidrBlock":     false,
		"ipv6CidrBlock":                    "",
		"ipv6AssociationId":                "",
	}
	if c.Bool("assignGeneratedIpv6CidrBlock") {
		out["ipv6CidrBlock"] = c.Keep("ipv6CidrBlock", func() any {
			return fmt.Sprintf("2600:1f18:%s:%s00::/56", standin.RandomHex(4), standin.RandomHex(2))
		})
		out["ipv6AssociationId"] = keepHexID(c, "ipv6AssociationId", "vpc-cidr-assoc")
		out["ipv6CidrBlockNetworkBorderGroup"] = c.Region
	}
	return out
}

// subnetOutputs places the subnet in the region's first zone unless told
// otherwise; an ipv6CidrBlock input is echoed with an association id.
func subnetOutputs(c *standin.Ctx) map[string]any {
	az := c.StrOr("availabilityZone", c.Region+"a")
	out := map[string]any{
		"arn":                                     arn(c, "ec2", "subnet/"+c.ID),
		"ownerId":                                 c.Account,
		"availabilityZone":                        az,
		"availabilityZoneId":                      zoneID(az),
		"mapPublicIpOnLaunch":                     false,
		"assignIpv6AddressOnCreation":             false,
		"enableDns64":                             false,
		"ipv6Native":                              false,
		"privateDnsHostnameTypeOnLaunch":          "ip-name",
		"enableResourceNameDnsARecordOnLaunch":    false,
		"enableResourceNameDnsAaaaRecordOnLaunch": false,
		"ipv6CidrBlock":                           "",
		"ipv6CidrBlockAssociationId":              "",
	}
	if c.Has("ipv6CidrBlock") {
		out["ipv6CidrBlockAssociationId"] = keepHexID(c, "ipv6CidrBlockAssociationId", "subnet-cidr-assoc")
	}
	return out
}

func eipOutputs(c *standin.Ctx) map[string]any {
	ip := c.Keep("publicIp", func() any { return publicIP() }).(string)
	dns := "ec2-" + dashed(ip) + "." + c.Region + ".compute.amazonaws.com"
	if c.Region == "us-east-1" {
		dns = "ec2-" + dashed(ip) + ".compute-1.amazonaws.com"
	}
	return map[string]any{
		"arn":                arn(c, "ec2", "elastic-ip/"+c.ID),
		"allocationId":       c.ID,
		"publicIp":           ip,
		"publicDns":          dns,
		"domain":             "vpc",
		"networkBorderGroup": c.Region,
		"publicIpv4Pool":     "amazon",
		"associationId":      "",
		"privateIp":          "",
		"privateDns":         "",
	}
}

// dashed turns "3.1.2.3" into "3-1-2-3" for EC2 public DNS names.
func dashed(ip string) string {
	out := []byte(ip)
	for i, b := range out {
		if b == '.' {
			out[i] = '-'
		}
	}
	return string(out)
}

func natGatewayOutputs(c *standin.Ctx) map[string]any {
	out := map[string]any{
		"connectivityType":   "public",
		"networkInterfaceId": keepHexID(c, "networkInterfaceId", "eni"),
		"privateIp":          c.Keep("privateIp", func() any { return privateIP() }),
		"publicIp":           "",
		"associationId":      "",
	}
	if c.Has("allocationId") {
		out["publicIp"] = c.Keep("publicIp", func() any { return publicIP() })
		out["associationId"] = keepHexID(c, "associationId", "eipassoc")
	}
	return out
}

func routeTableOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":             arn(c, "ec2", "route-table/"+c.ID),
		"ownerId":         c.Account,
		"routes":          []any{},
		"propagatingVgws": []any{},
	}
}

// routeID mimics Terraform's "r-<route table id><hash of destination>".
func routeID(c *standin.Ctx) string {
	rtb := c.Str("routeTableId")
	dest := c.Str("destinationCidrBlock") + c.Str("destinationIpv6CidrBlock") + c.Str("destinationPrefixListId")
	if rtb == "" || dest == "" {
		return ""
	}
	return fmt.Sprintf("r-%s%d", rtb, standin.Checksum(dest))
}

func routeOutputs(*standin.Ctx) map[string]any {
	return map[string]any{"origin": "CreateRoute", "state": "active", "instanceOwnerId": ""}
}

// defaultSecurityGroupID adopts the default security group recorded for the
// VPC, as the real resource adopts rather than creates it.
func defaultSecurityGroupID(c *standin.Ctx) string {
	if sg, ok := c.Lookup("aws:ec2/vpc:Vpc", c.Str("vpcId"))["defaultSecurityGroupId"].(string); ok && sg != "" {
		return sg
	}
	return "sg-" + standin.RandomHex(17)
}

func defaultSecurityGroupOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":                 arn(c, "ec2", "security-group/"+c.ID),
		"ownerId":             c.Account,
		"name":                "default",
		"description":         "default VPC security group",
		"revokeRulesOnDelete": false,
		"ingress":             []any{},
		"egress":              []any{},
	}
}

func networkACLOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":       arn(c, "ec2", "network-acl/"+c.ID),
		"ownerId":   c.Account,
		"ingress":   []any{},
		"egress":    []any{},
		"subnetIds": []any{},
	}
}

// networkACLRuleID mimics Terraform's "nacl-<hash of the rule's identity>".
func networkACLRuleID(c *standin.Ctx) string {
	acl := c.Str("networkAclId")
	if acl == "" {
		return ""
	}
	return fmt.Sprintf("nacl-%d", standin.Checksum(acl, c.Text("ruleNumber"), c.Text("egress"), c.Text("protocol")))
}

func securityGroupOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":                 arn(c, "ec2", "security-group/"+c.ID),
		"ownerId":             c.Account,
		"description":         "Managed by Pulumi",
		"revokeRulesOnDelete": false,
		"ingress":             []any{},
		"egress":              []any{},
	}
}

func securityGroupRuleOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":                 arn(c, "ec2", "security-group-rule/"+c.ID),
		"securityGroupRuleId": c.ID,
	}
}

// vpcEndpointOutputs defaults to a Gateway endpoint, which gets a prefix list.
func vpcEndpointOutputs(c *standin.Ctx) map[string]any {
	kind := c.StrOr("vpcEndpointType", "Gateway")
	prefixList := any("")
	if kind == "Gateway" {
		prefixList = c.Keep("prefixListId", func() any { return "pl-" + standin.RandomHex(8) })
	}
	return map[string]any{
		"arn":                 arn(c, "ec2", "vpc-endpoint/"+c.ID),
		"ownerId":             c.Account,
		"state":               "available",
		"vpcEndpointType":     kind,
		"prefixListId":        prefixList,
		"requesterManaged":    false,
		"privateDnsEnabled":   false,
		"ipAddressType":       "ipv4",
		"serviceRegion":       c.Region,
		"dnsEntries":          []any{},
		"networkInterfaceIds": []any{},
		"cidrBlocks":          []any{},
	}
}

// flowLogOutputs fills in AWS's defaults and, for a CloudWatch destination
// given by name, the log group ARN.
func flowLogOutputs(c *standin.Ctx) map[string]any {
	out := map[string]any{
		"arn":                    arn(c, "ec2", "vpc-flow-log/"+c.ID),
		"logDestinationType":     "cloud-watch-logs",
		"maxAggregationInterval": 600,
		"logFormat": "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} " +
			"${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
	}
	if name := c.Str("logGroupName"); name != "" {
		out["logDestination"] = arn(c, "logs", "log-group:"+name)
	}
	return out
}

// launchTemplateOutputs bumps latestVersion on every update, as each change
// creates a new template version.
func launchTemplateOutputs(c *standin.Ctx) map[string]any {
	latest := 1.0
	if old, ok := c.Keep("latestVersion", func() any { return nil }).(float64); ok {
		latest = old + 1
	}
	def := c.Keep("defaultVersion", func() any { return 1.0 })
	if c.Bool("updateDefaultVersion") {
		def = latest
	}
	return map[string]any{
		"arn":            arn(c, "ec2", "launch-template/"+c.ID),
		"latestVersion":  latest,
		"defaultVersion": def,
	}
}
