package main

import (
	"fmt"
	"strings"
)

// Region facts the stand-in needs to produce realistic values. Unknown
// regions get plausible defaults rather than errors.

// zoneCount is how many availability zones a region has; us-east-1 has six,
// us-west-2 four, and three is the common case elsewhere.
func zoneCount(region string) int {
	switch region {
	case "us-east-1":
		return 6
	case "us-west-2":
		return 4
	default:
		return 3
	}
}

// zoneNames returns the availability zone names of a region: us-east-1a, ...
func zoneNames(region string) []string {
	names := make([]string, zoneCount(region))
	for i := range names {
		names[i] = region + string(rune('a'+i))
	}
	return names
}

// zoneID maps a zone name such as "us-east-1c" to a zone id such as
// "use1-az3" (the real mapping differs per account; tests only need the shape).
func zoneID(zone string) string {
	if zone == "" {
		return ""
	}
	region, letter := zone[:len(zone)-1], zone[len(zone)-1]
	return fmt.Sprintf("%s-az%d", regionCode(region), int(letter-'a')+1)
}

// regionCode abbreviates a region as AWS zone ids do: us-east-1 -> use1,
// ap-southeast-2 -> apse2, eu-central-1 -> euc1.
func regionCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return strings.ReplaceAll(region, "-", "")
	}
	dir := parts[1]
	for _, d := range []struct{ long, short string }{
		{"northeast", "ne"}, {"northwest", "nw"}, {"southeast", "se"}, {"southwest", "sw"},
		{"central", "c"}, {"north", "n"}, {"south", "s"}, {"east", "e"}, {"west", "w"},
	} {
		if dir == d.long {
			dir = d.short
			break
		}
	}
	return parts[0] + dir + parts[2]
}

// regionDescription is the human name getRegion reports.
func regionDescription(region string) string {
	switch region {
	case "us-east-1":
		return "US East (N. Virginia)"
	case "us-east-2":
		return "US East (Ohio)"
	case "us-west-1":
		return "US West (N. California)"
	case "us-west-2":
		return "US West (Oregon)"
	case "eu-west-1":
		return "Europe (Ireland)"
	case "eu-central-1":
		return "Europe (Frankfurt)"
	default:
		return "Stand-in region " + region
	}
}

// s3HostedZoneID is the Route 53 zone of the S3 website endpoint per region.
func s3HostedZoneID(region string) string {
	switch region {
	case "us-east-2":
		return "Z2O1EMRO9K5GLX"
	case "us-west-1":
		return "Z2F56UZL2M1ACD"
	case "us-west-2":
		return "Z3BJ6K6RIION7M"
	case "eu-west-1":
		return "Z1BKCTXD74EZPE"
	case "eu-central-1":
		return "Z21DNDUVLTQW6Q"
	default:
		return "Z3AQBSTGFYJSTF"
	}
}
