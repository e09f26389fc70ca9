package main

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// invokes are the provider functions the components call, with answers shaped
// like the real ones (tokens as in the pulumi-aws v6.83.4 SDK). Those AWS
// answers come from moto; the region and partition are the configuration's.
func invokes(api *awscloud.API) map[string]standin.InvokeFunc {
	return map[string]standin.InvokeFunc{
		"aws:index/getAvailabilityZones:getAvailabilityZones": func(s standin.Settings, args property.Map) (map[string]any, error) {
			out, err := awscloud.AvailabilityZones(context.Background(), api, s.Region,
				strs(args.Get("excludeNames")), strs(args.Get("excludeZoneIds")))
			if err != nil {
				return nil, err
			}
			if v := args.Get("allAvailabilityZones"); v.IsBool() {
				out["allAvailabilityZones"] = v.AsBool()
			}
			if v := args.Get("state"); v.IsString() {
				out["state"] = v.AsString()
			}
			return out, nil
		},
		"aws:index/getCallerIdentity:getCallerIdentity": func(s standin.Settings, _ property.Map) (map[string]any, error) {
			return awscloud.CallerIdentity(context.Background(), api, s.Region)
		},
		"aws:index/getRegion:getRegion":       getRegion,
		"aws:index/getPartition:getPartition": getPartition,
	}
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
