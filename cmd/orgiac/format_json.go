package main

import (
	"cmp"
	"io"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	json "github.com/go-json-experiment/json/v1"

	"github.com/orgiac/pulumi-orgiac/internal/chunks"
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// jsonDocument is the --format json output. Its field names are a contract
// for scripts: add fields, never rename them.
type jsonDocument struct {
	Reports []jsonReport `json:"reports"`
	Summary jsonSummary  `json:"summary"`
}

type jsonReport struct {
	File      string            `json:"file"`      // the export path as given
	Component string            `json:"component"` // the component URN; "" outside components
	Type      string            `json:"type"`      // the component type; "" outside components
	Name      string            `json:"name"`      // the component name; "" outside components
	Report    compliance.Report `json:"report"`
}

type jsonSummary struct {
	Files      int    `json:"files"`
	Components int    `json:"components"` // orgiac components among the reports
	Result     string `json:"result"`     // pass or fail: whether a control fails and is not waived
	compliance.Summary
}

// writeJSON writes the reports with the compliance.Report shape components
// record, so one parser reads both. It writes the document one report at a
// time: indenting a whole large document at once costs four times as much.
// The bytes are those of indenting jsonDocument whole (a test holds it).
// The reports are rendered in parallel and written in order as they come.
func writeJSON(w io.Writer, res result) error {
	type rendered struct {
		b   []byte
		err error
	}
	ew := &errWriter{w: w}
	ew.printf("{\n  \"reports\": [")
	var err error
	chunks.ForEachOrdered(len(res.Groups), func(i int) rendered {
		g := res.Groups[i]
		b, err := marshalIndent(jsonReport{File: g.File, Component: g.Component, Type: g.Type,
			Name: g.Name, Report: g.Report}, "    ")
		return rendered{b, err}
	}, func(i int, r rendered) {
		if err = cmp.Or(err, r.err); err != nil {
			return
		}
		if i > 0 {
			ew.printf(",")
		}
		ew.printf("\n    ")
		_, _ = ew.Write(r.b)
	})
	if err != nil {
		return err
	}
	if len(res.Groups) > 0 {
		ew.printf("\n  ")
	}
	sum := jsonSummary{Files: len(res.Files), Components: res.components(), Summary: res.summary(),
		Result: compliance.StatusPass}
	if sum.Fail > 0 {
		sum.Result = compliance.StatusFail
	}
	b, err := marshalIndent(sum, "  ")
	if err != nil {
		return err
	}
	ew.printf("],\n  \"summary\": %s\n}\n", b)
	return ew.err
}

// marshalIndent is json.MarshalIndent without HTML escaping, since the
// output is read by programs, not embedded in a page. It indents as it
// encodes: the v1 Encoder's SetIndent encodes, then parses the result again
// to indent it, which took a third of the time of writing a large report.
func marshalIndent(v any, prefix string) ([]byte, error) {
	return jsonv2.Marshal(v, json.DefaultOptionsV1(), jsontext.EscapeForHTML(false),
		jsontext.WithIndentPrefix(prefix), jsontext.WithIndent("  "))
}
