package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// language is one SDK: the folder it owns under the SDK root and how to
// generate it.
type language struct {
	// name is both the -lang value and the folder under the SDK root that
	// regeneration empties.
	name string
	// generate returns the SDK's files keyed by slash-separated paths relative
	// to the SDK root (not to the language folder: the Go module's go.mod sits
	// at the root).
	generate func(pkg *schema.Package) (map[string][]byte, error)
	// keep lists entries of the language folder that are not generated and
	// survive regeneration.
	keep []string
}

// languages are in the order they are generated and named in -lang's default.
var languages = []language{
	{name: "go", generate: generateGo},
	// node_modules is a developer's `npm install`, not generated output;
	// keeping it spares a reinstall after each regeneration.
	{name: "nodejs", generate: generateNodejs, keep: []string{"node_modules"}},
	{name: "python", generate: generatePython},
}

func languageNames() []string {
	names := make([]string, len(languages))
	for i, l := range languages {
		names[i] = l.name
	}
	return names
}

// selectLanguages parses -lang. The result follows the languages table, not
// the flag, so the output does not depend on how the flag was spelled.
func selectLanguages(list string) ([]language, error) {
	wanted := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(languageNames(), name) {
			return nil, fmt.Errorf("unknown language %q in -lang (known: %s)",
				name, strings.Join(languageNames(), ", "))
		}
		wanted[name] = true
	}
	if len(wanted) == 0 {
		return nil, errors.New("-lang names no language")
	}
	var selected []language
	for _, l := range languages {
		if wanted[l.name] {
			selected = append(selected, l)
		}
	}
	return selected, nil
}

// The Go SDK is its own module, github.com/orgiac/pulumi-orgiac/sdk, rooted at
// the SDK root so that its package sits at sdk/go/orgiac, the import path the
// schema names. The codegen does not write a go.mod for this layout, and the
// one we write must be exactly what `go mod tidy` keeps, go.sum included, or
// every regeneration would undo a tidy. So both are fixed files, embedded
// here; after a change of imports in the generated code or of the Pulumi SDK
// version, refresh them with `go mod tidy` in the SDK root and copy the results
// over these two files (TestGoModIsTidy says when that is due).
var (
	//go:embed gosdk/go.mod.txt
	goMod []byte
	//go:embed gosdk/go.sum.txt
	goSum []byte
)

func generateGo(pkg *schema.Package) (map[string][]byte, error) {
	files, err := gogen.GeneratePackage(codegenTool, pkg, nil)
	if err != nil {
		return nil, err
	}
	out := prefixed("go", files)
	out["go.mod"] = goMod
	out["go.sum"] = goSum
	return out, nil
}

// nodeDevVersion stands in for the npm version when none is given. The codegen
// writes "${VERSION}" there for a release script to replace, but the SDK sends
// its package version to the engine as the plugin version it needs, which must
// be semantic versioning, and npm cannot publish it either. It matches the
// provider's own default version.
const nodeDevVersion = "0.0.0-dev"

func generateNodejs(pkg *schema.Package) (map[string][]byte, error) {
	files, err := nodejsgen.GeneratePackage(codegenTool, pkg, nil, nil, false, noPluginLoader{})
	if err != nil {
		return nil, err
	}
	const unset = `"version": "${VERSION}",`
	manifest := files["package.json"]
	if bytes.Contains(manifest, []byte(unset)) {
		files["package.json"] = bytes.Replace(manifest, []byte(unset),
			[]byte(`"version": "`+nodeDevVersion+`",`), 1)
	}
	return prefixed("nodejs", files), nil
}

func generatePython(pkg *schema.Package) (map[string][]byte, error) {
	files, err := pythongen.GeneratePackage(codegenTool, pkg, nil, noPluginLoader{})
	if err != nil {
		return nil, err
	}
	out := prefixed("python", files)
	// pyproject.toml names README.md at the project root, but the codegen only
	// writes one inside the package folder; without it pip cannot build the
	// SDK. Both say the same: the package description.
	if _, ok := out["python/README.md"]; !ok {
		info, _ := pkg.Language["python"].(pythongen.PackageInfo)
		name := info.PackageName
		if name == "" {
			name = pythongen.PyPack(pkg.Namespace, pkg.Name)
		}
		readme, ok := out[path.Join("python", name, "README.md")]
		if !ok {
			return nil, fmt.Errorf("the codegen wrote no %s/README.md for pyproject.toml's readme", name)
		}
		out["python/README.md"] = readme
	}
	return out, nil
}

func prefixed(dir string, files map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for name, b := range files {
		out[path.Join(dir, filepath.ToSlash(name))] = b
	}
	return out
}
