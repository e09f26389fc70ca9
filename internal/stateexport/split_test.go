package stateexport

// This file tests the split against the whole-document decode.

import (
	"os"
	"strings"
	"testing"

	json "github.com/go-json-experiment/json/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
)

// wholeDecode decodes a document the way decodeExport does when it does not
// split: the reference a split must agree with.
func wholeDecode(data []byte) (exportFile, error) {
	var f exportFile
	if err := json.Unmarshal(data, &f); err != nil {
		return exportFile{}, err
	}
	if f.Deployment != nil {
		for i := range f.Deployment.Resources {
			f.Deployment.Resources[i].decodeOutputs()
		}
	}
	return f, nil
}

// decodedView is what a decode yields, comparable with assert.Equal: errors
// as their messages.
type decodedView struct {
	Version   int
	Resources []Resource
	Errors    []string
}

func viewOf(f exportFile) decodedView {
	v := decodedView{Version: f.Version}
	if f.Deployment == nil {
		return v
	}
	for _, r := range f.Deployment.Resources {
		msg := ""
		if r.outputsErr != nil {
			msg = r.outputsErr.Error()
		}
		r.outputsErr = nil
		v.Resources = append(v.Resources, r)
		v.Errors = append(v.Errors, msg)
	}
	return v
}

// splitLayouts are the ways a split is made in the tests: one scan, and many
// scans of a few bytes each, so small documents take the parallel path too.
var splitLayouts = []struct{ workers, minChunk int }{{1, minScanChunk}, {2, 16}, {5, 4}}

// checkSplitAgrees fails when a split of data reads anything other than what
// decoding the whole document reads, and returns whether every layout split.
func checkSplitAgrees(t *testing.T, data []byte) bool {
	t.Helper()
	want, wantErr := wholeDecode(data)
	all := true
	for _, l := range splitLayouts {
		split, ok := splitResourcesIn(data, l.workers, l.minChunk)
		if ok {
			var got exportFile
			if got, ok = decodeParts(split); ok {
				require.NoError(t, wantErr, "layout %+v read a document the decoder rejects", l)
				require.Equal(t, viewOf(want), viewOf(got), "layout %+v", l)
			}
		}
		all = all && ok
	}
	return all
}

func TestSplitResourcesReadsAnExportAsTheDecoderDoes(t *testing.T) {
	data, err := os.ReadFile(fixturePath)
	require.NoError(t, err)
	assert.True(t, checkSplitAgrees(t, data), "a real export splits in every layout")

	split, ok := splitResources(data)
	require.True(t, ok)
	whole, err := wholeDecode(data)
	require.NoError(t, err)
	require.Len(t, split.Items, len(whole.Deployment.Resources))
	for _, item := range split.Items {
		assert.True(t, item[0] == '{' && item[len(item)-1] == '}', "an item is one resource object: %.40s", item)
	}
}

func TestSplitResourcesSkipsEscapedQuotesAndBrackets(t *testing.T) {
	doc := `{"version":3,"deployment":{"resources":[{"urn":"a","type":"t","custom":true,` +
		`"outputs":{"s":"},{\"]\\","t":"\\\"[{"}},{"urn":"b","type":"t"}]}}`
	assert.True(t, checkSplitAgrees(t, []byte(doc)), "a document with escapes splits in every layout")
	exp, err := parseExport("x.json", []byte(doc))
	require.NoError(t, err)
	require.Len(t, exp.Resources, 2)
	assert.Equal(t, map[string]any{"s": `},{"]\`, "t": `\"[{`}, exp.Resources[0].Outputs)
}

func TestSplitResourcesOfALargeExportScansInParallel(t *testing.T) {
	data, err := os.ReadFile(syntheticExport(t, 2000, exporttest.Components))
	require.NoError(t, err)
	open, ok := findResources(data)
	require.True(t, ok)
	// The synthetic export has no line breaks in its resources: the chunks
	// after the first start at a "},{" guess.
	bounds := chunkBounds(data, open+1, 4, 4096)
	require.Len(t, bounds, 5, "four chunks")
	for _, b := range bounds[1:4] {
		assert.Equal(t, ",{", string(data[b:b+2]))
	}
	assert.True(t, checkSplitAgrees(t, data))
}

// A "},{" inside a string is a wrong guess for where a chunk starts; the
// chunk before it shows it, and the array is scanned again from its start.
func TestSplitResourcesRecoversFromAChunkStartInsideAString(t *testing.T) {
	doc := `{"version":3,"deployment":{"resources":[{"urn":"a","type":"t","custom":true,"outputs":{"x":"` +
		strings.Repeat(`},{\"`, 64) + `"}},{"urn":"b","type":"t"}]}}`
	data := []byte(doc)
	open, ok := findResources(data)
	require.True(t, ok)
	bounds := chunkBounds(data, open+1, 2, 16)
	require.Len(t, bounds, 3)
	require.Less(t, bounds[1], strings.Index(doc, `"}},`), "the guess lands inside the string")

	split, ok := splitResourcesIn(data, 2, 16)
	require.True(t, ok)
	assert.Len(t, split.Items, 2)
	assert.True(t, checkSplitAgrees(t, data))
}

func TestSplitResourcesLeavesOddDocumentsToTheDecoder(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"no deployment", `{"version":3}`},
		{"no resources", `{"version":3,"deployment":{"manifest":{}}}`},
		{"resources not an array", `{"version":3,"deployment":{"resources":{}}}`},
		{"a trailing comma", `{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"},]}}`},
		{"an empty element", `{"version":3,"deployment":{"resources":[,]}}`},
		{"cut short", `{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"}`},
		{"an unterminated string", `{"version":3,"deployment":{"resources":[{"urn":"a`},
		{"an escaped name", `{"version":3,"deployment":{"r\u0065sources":[{"urn":"a","type":"t"}]}}`},
		// White space JSON does not allow, which bytes.TrimSpace would cut.
		{"a vertical tab", "{\"version\":3,\"deployment\":{\"resources\":[\v{\"urn\":\"a\",\"type\":\"t\"}]}}"},
		{"a form feed alone", "{\"version\":3,\"deployment\":{\"resources\":[\f]}}"},
		{"a no-break space", "{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"a\",\"type\":\"t\"}\u00a0]}}"},
		{"a next-line character", "{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"a\",\"type\":\"t\"}\u0085]}}"},
		{"a resource nested past the split's depth",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t","outputs":{"x":` +
				strings.Repeat("[", maxSplitDepth) + strings.Repeat("]", maxSplitDepth) + `}}]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range splitLayouts {
				split, ok := splitResourcesIn([]byte(tt.doc), l.workers, l.minChunk)
				if ok {
					_, ok = decodeParts(split)
				}
				assert.False(t, ok, "layout %+v", l)
			}
			checkSplitAgrees(t, []byte(tt.doc))
		})
	}
}

// The scan guesses which names the decoder reads as deployment.resources;
// the sentinel settles it the decoder's way, ignoring case and letting the
// last of duplicate names win.
func TestSplitResourcesFollowsTheDecoderOnNames(t *testing.T) {
	tests := []struct {
		name, doc string
		urns      []string
	}{
		{"names in another case",
			`{"Version":3,"DEPLOYMENT":{"Resources":[{"urn":"a","type":"t"}]}}`, []string{"a"}},
		{"a second resources array wins",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"}],"resources":[{"urn":"b","type":"t"}]}}`,
			[]string{"b"}},
		{"a repeated resources array merges into the first",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"},{"urn":"b","type":"t"}],"resources":[{"id":"x"}]}}`,
			[]string{"a"}},
		{"a repeated empty element merges too",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"},{"urn":"b","type":"t"}],"resources":[{}]}}`,
			[]string{"a"}},
		{"a repeat the scan does not see as one, before the array, merges into it",
			`{"version":3,"deployment":{"r\u0065sources":[{"urn":"x","type":"t","id":"1"}],"resources":[{"urn":"a","type":"t"}]}}`,
			[]string{"a"}},
		{"a null after the array empties it",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"}],"resources":null}}`, nil},
		{"a null before the array does not",
			`{"version":3,"deployment":{"resources":null,"resources":[{"urn":"a","type":"t"}]}}`, []string{"a"}},
		{"a second deployment wins",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"}]},"deployment":{"resources":[]}}`, nil},
		{"resources nested in a resource are its own",
			`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t","outputs":{"resources":[1,2]}}]}}`,
			[]string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSplitAgrees(t, []byte(tt.doc))
			exp, err := parseExport("x.json", []byte(tt.doc))
			if tt.urns == nil {
				require.NoError(t, err)
				assert.Empty(t, exp.Resources)
				return
			}
			require.NoError(t, err)
			var urns []string
			for _, r := range exp.Resources {
				urns = append(urns, r.URN)
			}
			assert.Equal(t, tt.urns, urns)
		})
	}
}
