// Command genexport writes a synthetic `pulumi stack export` with about -n
// resources, by replicating one SecureBucket group (the component and every
// resource parented to it, with their outputs) of a real export as often as
// needed, under new names. The rest of the template (stack, providers) is
// kept once.
//
//	genexport -template export.json -component bucket0 -n 10000 -out big.json
//
// It prints the exact resource count written. Used by bench/run.sh.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	tmpl := flag.String("template", "", "a stack export containing a SecureBucket named -component")
	comp := flag.String("component", "bucket0", "logical name of the component to replicate")
	n := flag.Int("n", 1000, "number of resources wanted (rounded up to whole groups)")
	out := flag.String("out", "", "output file")
	flag.Parse()

	b, err := os.ReadFile(*tmpl)
	check(err)
	var exp map[string]json.RawMessage
	check(json.Unmarshal(b, &exp))
	var dep map[string]json.RawMessage
	check(json.Unmarshal(exp["deployment"], &dep))
	var resources []map[string]json.RawMessage
	check(json.Unmarshal(dep["resources"], &resources))

	var compURN string
	for _, r := range resources {
		var urn, typ string
		_ = json.Unmarshal(r["urn"], &urn)
		_ = json.Unmarshal(r["type"], &typ)
		if typ == "orgiac:aws:SecureBucket" && strings.HasSuffix(urn, "::"+*comp) {
			compURN = urn
		}
	}
	if compURN == "" {
		check(fmt.Errorf("no SecureBucket %q in %s", *comp, *tmpl))
	}
	var base []json.RawMessage
	var group []string
	for _, r := range resources {
		var urn, parent string
		_ = json.Unmarshal(r["urn"], &urn)
		_ = json.Unmarshal(r["parent"], &parent)
		raw, err := json.Marshal(r)
		check(err)
		switch {
		case urn == compURN || parent == compURN:
			group = append(group, string(raw))
		case strings.Contains(urn, "orgiac:aws:SecureBucket") || strings.Contains(parent, "orgiac:aws:SecureBucket"):
			// other buckets of the template are dropped
		default:
			base = append(base, raw)
		}
	}
	copies := (*n - len(base) + len(group) - 1) / len(group)
	copies = max(copies, 1)

	f, err := os.Create(*out)
	check(err)
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, `{"version":3,"deployment":{"manifest":%s,`, orNull(dep["manifest"]))
	if s, ok := dep["secrets_providers"]; ok {
		fmt.Fprintf(w, `"secrets_providers":%s,`, s)
	}
	w.WriteString(`"resources":[`)
	count := 0
	sep := func() {
		if count > 0 {
			w.WriteByte(',')
		}
		count++
	}
	for _, r := range base {
		sep()
		w.Write(r)
	}
	for i := 0; i < copies; i++ {
		name := fmt.Sprintf("gen%07d", i)
		for _, g := range group {
			sep()
			w.WriteString(strings.ReplaceAll(g, *comp, name))
		}
	}
	w.WriteString("]}}\n")
	check(w.Flush())
	check(f.Close())
	fmt.Println(count)
}

func orNull(r json.RawMessage) string {
	if len(r) == 0 {
		return "null"
	}
	return string(r)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "genexport:", err)
		os.Exit(1)
	}
}
