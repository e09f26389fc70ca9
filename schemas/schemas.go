// Package schemas holds the JSON Schemas of orgiac's configuration files,
// generated from the Go structs in internal/config by
// `pulumi-gen-orgiac jsonschema -out schemas` (`make schema`), committed so
// editors and CI can use them, and embedded so orgiac validates documents
// against exactly the committed files.
//
//   - policy.schema.json: the organization policy document (orgiac:policyFile
//     or ORGIAC_POLICY_FILE).
//   - deployment.schema.json: the standardized configuration that
//     orgiac:index:Deployment builds environments from.
//
// Do not edit the .json files by hand: change the structs and regenerate.
package schemas

import "embed"

// Policy and Deployment are the file names of the two schemas.
const (
	Policy     = "policy.schema.json"
	Deployment = "deployment.schema.json"
)

// FS holds every generated schema, by file name.
//
//go:embed *.schema.json
var FS embed.FS
