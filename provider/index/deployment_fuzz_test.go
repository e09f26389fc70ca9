package index

import (
	"encoding/json"
	"testing"
)

// FuzzDeploymentConfig feeds arbitrary JSON to the Deployment's decoding and
// planning: they may report problems, never panic, and a plan without
// problems orders every module once.
func FuzzDeploymentConfig(f *testing.F) {
	f.Add([]byte(`{"project":{"name":"p","environment":"dev"},"aws":{"enabled":true,"region":"us-west-2","vpc":{"enabled":true},"eks":{"enabled":true,"clusters":[{"name":"c"}]},"s3":{"enabled":true,"buckets":[{"name":"b"}]}}}`))
	f.Add([]byte(`{"project":{"name":"p","environment":"dev"},"aws":{"enabled":true,"region":"r","vpc":{"enabled":true,"depends_on":["aws.s3"]},"s3":{"enabled":true,"depends_on":["aws.vpc"]}}}`))
	f.Add([]byte(`{"azure":{"enabled":true,"vnet":{"enabled":true},"storage":{"enabled":true,"accounts":[{"name":"a"}]}}}`))
	f.Add([]byte(`{"aws":{"enabled":"yes"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw map[string]any
		if json.Unmarshal(data, &raw) != nil {
			return
		}
		cfg, probs := decodeConfig(raw)
		if probs.Len() > 0 {
			return
		}
		plan, probs := planDeployment(cfg)
		if probs.Len() > 0 {
			return
		}
		seen := map[string]bool{}
		for _, id := range plan.Order {
			if seen[id] {
				t.Fatalf("module %s ordered twice: %v", id, plan.Order)
			}
			seen[id] = true
		}
	})
}
