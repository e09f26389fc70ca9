// Package compliance is orgiac's control catalog and its evaluation.
//
// Controls are data (catalog.yaml, embedded); each control id has exactly one
// check function, which reads plain property maps. A component builds those
// maps from its plan, so Construct answers "will it comply"; `orgiac report`
// builds them from a stack export's outputs, so the same check answers "does
// it still comply" after `pulumi refresh`.
//
// The package also holds the report model every component returns as its
// complianceReport output, and the compliance tags derived from it.
package compliance
