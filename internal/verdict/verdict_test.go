package verdict

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
)

func TestOwner_IsTheInnermostEnclosingOrgiacComponent(t *testing.T) {
	rs := []stateexport.Resource{
		{URN: "stack", Type: "pulumi:pulumi:Stack"},
		{URN: "outer", Type: "orgiac:aws:NetworkStack", Parent: "stack"},
		{URN: "inner", Type: "orgiac:aws:SecureVpc", Parent: "outer"},
		{URN: "mine", Type: "acme:app:Wrapper", Parent: "inner"},
		{URN: "vpc", Type: compliance.TypeVPC, Custom: true, Parent: "mine"},
		{URN: "flow", Type: compliance.TypeFlowLog, Custom: true, Parent: "outer"},
		{URN: "loose", Type: compliance.TypeBucket, Custom: true, Parent: "stack"},
		{URN: "orphan", Type: compliance.TypeBucket, Custom: true, Parent: "gone"},
		{URN: "a", Type: "acme:x:Loop", Parent: "b"},
		{URN: "b", Type: "acme:x:Loop", Parent: "a"},
		{URN: "looped", Type: compliance.TypeBucket, Custom: true, Parent: "a"},
	}
	f := ownerFinder{byURN: map[string]*stateexport.Resource{}, memo: map[string]string{}}
	for i := range rs {
		f.byURN[rs[i].URN] = &rs[i]
	}
	want := map[string]string{
		"vpc": "inner", "flow": "outer", "loose": "", "orphan": "", "looped": "", "inner": "outer", "outer": "",
	}
	for _, urn := range []string{"vpc", "flow", "loose", "orphan", "looped", "inner", "outer", "vpc"} {
		assert.Equal(t, want[urn], f.owner(urn), urn)
	}
}

func TestURNName_IsTheTextAfterTheLastDoubleColon(t *testing.T) {
	assert.Equal(t, "artifacts", URNName("urn:pulumi:dev::shop::orgiac:aws:SecureBucket::artifacts"))
	assert.Equal(t, "loose", URNName("urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::loose"))
	assert.Equal(t, "plain", URNName("plain"))
}
