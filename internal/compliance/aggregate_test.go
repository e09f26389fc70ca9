package compliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAggregateTakesTheWorstStatusPerControl(t *testing.T) {
	a := Report{Frameworks: []string{"soc2"}, Enforcement: "enforce", Controls: []ControlResult{
		{ID: "s3-versioning", Status: StatusPass, Resources: []string{"b1"}, Reason: "ok"},
		{ID: "s3-lifecycle", Status: StatusPass, Resources: []string{"b1"}, Reason: "ok"},
	}}
	b := Report{Frameworks: []string{"soc2", "nist-800-53-r5"}, Controls: []ControlResult{
		{ID: "s3-versioning", Status: StatusFail, Resources: []string{"b2"}, Reason: "b2: off"},
		{ID: "vpc-flow-logs", Status: StatusWaived, Resources: []string{"v"}, Reason: "waived"},
	}}
	got := Aggregate([]Report{a, b})
	assert.Equal(t, []string{"soc2", "nist-800-53-r5"}, got.Frameworks)
	assert.Equal(t, "enforce", got.Enforcement)
	byID := map[string]ControlResult{}
	for _, c := range got.Controls {
		byID[c.ID] = c
	}
	assert.Equal(t, StatusFail, byID["s3-versioning"].Status, "one failing component fails the aggregate")
	assert.Equal(t, "b2: off", byID["s3-versioning"].Reason)
	assert.Equal(t, []string{"b1", "b2"}, byID["s3-versioning"].Resources)
	assert.Equal(t, StatusWaived, byID["vpc-flow-logs"].Status)
	assert.Equal(t, Summary{Pass: 1, Fail: 1, Waived: 1}, got.Summary)
	assert.Equal(t, []string{"s3-lifecycle", "s3-versioning", "vpc-flow-logs"},
		[]string{got.Controls[0].ID, got.Controls[1].ID, got.Controls[2].ID}, "controls are sorted by id")
}

func TestAggregateOfNothingIsEmpty(t *testing.T) {
	got := Aggregate(nil)
	assert.Empty(t, got.Controls)
	assert.Equal(t, Summary{}, got.Summary)
}
