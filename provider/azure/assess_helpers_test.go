package azure

import (
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

// unpack is an assessment as the table tests compare it.
func unpack[P any](a lifecycle.Assessment[P]) (P, compliance.Report, problem.List) {
	return a.Plan, a.Report, a.Problems
}
