package aws

import (
	"testing"

	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Plan benchmarks: the pure, in-memory part of each component's Construct
// (validation, defaults, naming, tags). Run by `make bench` (bench/run.sh).

func BenchmarkPlanSecureBucket(b *testing.B) {
	org := testOrg(standards.Enforce)
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := planSecureBucket("artifacts", SecureBucketArgs{}, org); probs.Len() != 0 {
			b.Fatal(probs)
		}
	}
}

func BenchmarkPlanSecureVpc(b *testing.B) {
	org := testOrg(standards.Enforce)
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := planSecureVpc("main", SecureVpcArgs{}, org); probs.Len() != 0 {
			b.Fatal(probs)
		}
	}
}

func BenchmarkPlanNetworkStack(b *testing.B) {
	args := NetworkStackArgs{AllowedIngressCidrs: []string{"10.0.0.0/8", "192.168.0.0/16"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := planNetworkStack(args); probs.Len() != 0 {
			b.Fatal(probs)
		}
	}
}

func BenchmarkPlanEksCluster(b *testing.B) {
	org := testOrg(standards.Enforce)
	args := eksArgs(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := planEksCluster("main", args, org, len(eksSubnets)); probs.Len() != 0 {
			b.Fatal(probs)
		}
	}
}
