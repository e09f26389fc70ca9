package config

// The schema descriptions of this package's types, in docs/.

import (
	"embed"

	"github.com/orgiac/pulumi-orgiac/internal/schemadocs"
)

//go:embed docs
var docsFS embed.FS

var docs = schemadocs.MustLoad(docsFS, "docs")
