package schemadocs

import (
	"testing"
	"testing/fstest"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type thing struct {
	Name  string `pulumi:"name"`
	Count *int   `pulumi:"count,optional"`
	note  string // unexported: not described
}

type widget struct {
	ID string `pulumi:"id"`
}

// recorder is an infer.Annotator that records what it is told.
type recorder struct {
	described map[any]string
	token     string
}

func (r *recorder) Describe(i any, d string)       { r.described[i] = d }
func (r *recorder) SetDefault(any, any, ...string) {}
func (r *recorder) SetToken(m tokens.ModuleName, n tokens.TypeName) {
	r.token = string(m) + ":" + string(n)
}
func (r *recorder) AddAlias(tokens.ModuleName, tokens.TypeName) {}
func (r *recorder) Deprecate(any, string)                       {}

func TestAnnotateDescribesTheTypeAndEveryField(t *testing.T) {
	docs := MustLoad(fstest.MapFS{"docs/thing.yaml": {Data: []byte(
		"thing:\n  _: A thing.\n  _token: index:Thing\n  name: Its name.\n  count: How many.\n")}}, "docs")
	var th thing
	r := &recorder{described: map[any]string{}}
	docs.Annotate(r, &th)
	assert.Equal(t, map[any]string{&th: "A thing.", &th.Name: "Its name.", &th.Count: "How many."}, r.described)
	assert.Equal(t, "index:Thing", r.token)
}

func TestALongDescriptionComesFromTheMarkdownFile(t *testing.T) {
	docs := MustLoad(fstest.MapFS{
		"docs/widget.md":   {Data: []byte("# A widget\n\nLong text.\n")},
		"docs/widget.yaml": {Data: []byte("widget:\n  id: Its id.\n")},
	}, "docs")
	var w widget
	r := &recorder{described: map[any]string{}}
	docs.Annotate(r, &w)
	assert.Equal(t, "# A widget\n\nLong text.\n", r.described[&w])
	assert.Equal(t, "Its id.", r.described[&w.ID])
}

func TestADescriptionOfAFieldThatIsGoneIsABug(t *testing.T) {
	docs := MustLoad(fstest.MapFS{"docs/w.yaml": {Data: []byte("widget:\n  id: Its id.\n  colour: Gone.\n")}}, "docs")
	assert.PanicsWithValue(t, `schema descriptions of widget name "colour", which is not one of its fields`, func() {
		docs.Annotate(&recorder{described: map[any]string{}}, &widget{})
	})
}

func TestLoadRefusesATypeDescribedTwice(t *testing.T) {
	_, err := Load(fstest.MapFS{
		"a.yaml": {Data: []byte("widget:\n  id: One.\n")},
		"b.yaml": {Data: []byte("widget:\n  id: Two.\n")},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "describes widget, which another file describes too")
}

func TestLoadRefusesMalformedYAML(t *testing.T) {
	_, err := Load(fstest.MapFS{"a.yaml": {Data: []byte("widget: [\n")}})
	assert.ErrorContains(t, err, "parsing a.yaml")
}
