package main

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// invokes are the provider functions the components call, with answers shaped
// like the real ones (tokens as in the pulumi-aws v6.83.4 SDK).
var invokes = map[string]standin.InvokeFunc{
	"aws:index/getAvailabilityZones:getAvailabilityZones": getAvailabilityZones,
	"aws:index/getCallerIdentity:getCallerIdentity":       getCallerIdentity,
	"aws:index/getRegion:getRegion":                       getRegion,
	"aws:index/getPartition:getPartition":                 getPartition,
}

// getAvailabilityZones lists the region's zones, honouring excludeNames and
// excludeZoneIds.
func getAvailabilityZones(s standin.Settings, args property.Map) (map[string]any, error) {
	excludeNames, excludeIDs := strs(args.Get("excludeNames")), strs(args.Get("excludeZoneIds"))
	names, ids, groups := []any{}, []any{}, []any{}
	for _, n := range zoneNames(s.Region) {
		id := zoneID(n)
		if slices.Contains(excludeNames, n) || slices.Contains(excludeIDs, id) {
			continue
		}
		names, ids, groups = append(names, n), append(ids, id), append(groups, s.Region)
	}
	out := map[string]any{
		"id":         s.Region,
		"names":      names,
		"zoneIds":    ids,
		"groupNames": groups,
		"state":      "available",
	}
	if v := args.Get("allAvailabilityZones"); v.IsBool() {
		out["allAvailabilityZones"] = v.AsBool()
	}
	if v := args.Get("state"); v.IsString() {
		out["state"] = v.AsString()
	}
	return out, nil
}

func getCallerIdentity(standin.Settings, property.Map) (map[string]any, error) {
	return map[string]any{
		"id":        account,
		"accountId": account,
		"arn":       "arn:aws:iam::" + account + ":user/stand-in",
		"userId":    "AIDASTANDIN0EXAMPLE0",
	}, nil
}

// getRegion describes the configured region, or the one asked for by name.
func getRegion(s standin.Settings, args property.Map) (map[string]any, error) {
	region := str(args.Get("name"))
	if region == "" {
		region = s.Region
	}
	return map[string]any{
		"id":          region,
		"name":        region,
		"description": regionDescription(region),
		"endpoint":    "ec2." + region + ".amazonaws.com",
	}, nil
}

func getPartition(standin.Settings, property.Map) (map[string]any, error) {
	return map[string]any{
		"id":               "aws",
		"partition":        "aws",
		"dnsSuffix":        "amazonaws.com",
		"reverseDnsPrefix": "com.amazonaws",
	}, nil
}

// strs returns the string elements of a list value.
func strs(v property.Value) []string {
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.AsArray().All {
		if e.IsString() {
			out = append(out, e.AsString())
		}
	}
	return out
}
