package main

import (
	"bytes"
	"io"

	json "github.com/go-json-experiment/json/v1"

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
// The reports are rendered in parallel and written in order.
func writeJSON(w io.Writer, res result) error {
	rendered := make([][]byte, len(res.Groups))
	errs := make([]error, len(res.Groups))
	forEachParallel(len(res.Groups), func(i int) {
		g := res.Groups[i]
		rendered[i], errs[i] = marshalIndent(jsonReport{File: g.File, Component: g.Component, Type: g.Type,
			Name: g.Name, Report: g.Report}, "    ")
	})
	ew := &errWriter{w: w}
	ew.printf("{\n  \"reports\": [")
	for i, b := range rendered {
		if errs[i] != nil {
			return errs[i]
		}
		if i > 0 {
			ew.printf(",")
		}
		ew.printf("\n    ")
		_, _ = ew.Write(b)
		rendered[i] = nil
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
// output is read by programs, not embedded in a page.
func marshalIndent(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
