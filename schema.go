// Package orgiac holds the provider's schema as `make schema` generates it
// into schema.json, for programs that describe the components without
// serving them: the orgiac CLI's catalog does not link the provider and the
// cloud SDKs behind it. CI checks that schema.json matches a fresh
// generation, so the copy cannot drift from the components.
package orgiac

import _ "embed"

// Schema is schema.json.
//
//go:embed schema.json
var Schema []byte
