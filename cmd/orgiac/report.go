package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

type reportOptions struct {
	format     string
	output     string
	frameworks []string
	require    []string
}

func (c cli) reportCommand() *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report STACK_EXPORT.json...",
		Short: "Check stack exports against the orgiac control catalog",
		Long: `Report reads one or more ` + "`pulumi stack export`" + ` files ("-" reads standard input) and
checks each orgiac component in them, and the AWS resources outside any component,
against the orgiac control catalog.

It judges the resources' outputs, the state as last read from the cloud, so run
` + "`pulumi refresh`" + ` first to catch drift. Each component is judged with the policy it
recorded in its complianceReport (frameworks, waivers, required optional controls);
waivers are re-judged against today's date, so an expired waiver fails.

Exit status: 0 when no control fails (waived and not-applicable are fine),
1 when a control fails and is not waived, 2 when the command line or an export
file is wrong.`,
		Example: `  # Check the current stack, after reading its resources back from the cloud
  pulumi refresh --yes && pulumi stack export | orgiac report -

  # Several stacks, as a markdown PR comment, with PCI DSS ids
  orgiac report dev.json prod.json --format markdown --frameworks pci-dss-4.0,nist-800-53-r5

  # SARIF for code scanning, requiring an optional control
  orgiac report prod.json --format sarif --output orgiac.sarif --require s3-kms-cmk`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(cmd, fmt.Errorf("%s needs at least one stack export file", cmd.CommandPath()))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return c.report(cmd, args, opts) },
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "text", "output format: "+strings.Join(formatNames(), ", "))
	f.StringVarP(&opts.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringSliceVar(&opts.frameworks, "frameworks", nil,
		"`ids` of the frameworks to map controls to, from "+strings.Join(catalogFrameworkIDs(), ", ")+
			" (default: each component's recorded frameworks, else "+strings.Join(compliance.DefaultFrameworks, ",")+")")
	f.StringSliceVar(&opts.require, "require", nil, "optional control `ids` to judge as pass/fail, e.g. s3-kms-cmk")
	return cmd
}

// report runs `orgiac report`. It writes the whole report before it returns
// errFailing, so CI logs show why the job failed.
func (c cli) report(cmd *cobra.Command, paths []string, opts reportOptions) error {
	tuneGC()
	write, ok := formats[opts.format]
	if !ok {
		return usageError(cmd, fmt.Errorf("unknown --format %q; use %s", opts.format,
			strings.Join(formatNames(), ", ")))
	}
	if err := checkPolicyFlags(opts); err != nil {
		return usageError(cmd, err)
	}
	if n := countStdin(paths); n > 1 {
		return usageError(cmd, fmt.Errorf("standard input (%q) can be read only once, got it %d times", stateexport.StdinPath, n))
	}
	flags := verdict.Flags{Frameworks: opts.frameworks, Require: opts.require, Today: c.now()}
	res := result{Files: paths}
	for _, path := range paths {
		exp, err := stateexport.Read(path, cmd.InOrStdin())
		if err != nil {
			return err
		}
		ev := verdict.Judge(exp, flags)
		res.Groups = append(res.Groups, ev.Groups...)
		for _, w := range ev.Warnings {
			fmt.Fprintf(c.stderr, "orgiac: warning: %s\n", w)
		}
	}

	if err := writeReport(cmd.OutOrStdout(), opts, write, res); err != nil {
		return err
	}
	if opts.output != "" {
		fmt.Fprintf(c.stderr, "orgiac: wrote the %s report to %s: %s\n", opts.format, opts.output, res.verdict())
	}
	if res.summary().Fail > 0 {
		return errFailing
	}
	return nil
}

// reportGCPercent is the garbage collector's target for a report. A
// report's heap is nearly all live until it is written (the resources it
// read), so each collection marks it all again; at 300 a 100,000-resource
// export takes an eighth less time, at the same peak memory as the default
// (bench/analysis.md).
const reportGCPercent = 300

// tuneGC sets reportGCPercent unless GOGC in the environment says otherwise.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(reportGCPercent)
	}
}

// writeReport streams the report to stdout or to --output, created only now
// that every export has been read, so a bad input never leaves an empty file.
func writeReport(stdout io.Writer, opts reportOptions, write func(io.Writer, result) error, res result) error {
	if opts.output == "" {
		if err := writeBuffered(stdout, write, res); err != nil {
			return fmt.Errorf("writing the %s report: %w", opts.format, err)
		}
		return nil
	}
	f, err := os.Create(opts.output)
	if err == nil {
		err = writeBuffered(f, write, res)
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
	}
	if err != nil {
		return fmt.Errorf("writing the report to %s: %w", opts.output, err)
	}
	return nil
}

func writeBuffered(w io.Writer, write func(io.Writer, result) error, res result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := write(bw, res); err != nil {
		return err
	}
	return bw.Flush()
}

// checkPolicyFlags rejects unknown framework and control ids, which would
// otherwise silently map to nothing and make a report look cleaner than it is.
func checkPolicyFlags(opts reportOptions) error {
	known := catalogFrameworkIDs()
	for _, fw := range opts.frameworks {
		if !slices.Contains(known, fw) {
			return fmt.Errorf("unknown framework %q in --frameworks; known: %s", fw, strings.Join(known, ", "))
		}
	}
	for _, id := range opts.require {
		if _, ok := compliance.Lookup(id); !ok {
			return fmt.Errorf("unknown control %q in --require; see docs/compliance.md for the ids", id)
		}
	}
	return nil
}

func catalogFrameworkIDs() []string {
	var ids []string
	for _, fw := range compliance.Frameworks() {
		ids = append(ids, fw.ID)
	}
	return ids
}

func countStdin(paths []string) int {
	n := 0
	for _, p := range paths {
		if p == stateexport.StdinPath {
			n++
		}
	}
	return n
}

// result is every group of every export, in the order the files were given.
type result struct {
	Files  []string
	Groups []verdict.Group
}

func (r result) summary() compliance.Summary {
	var s compliance.Summary
	for _, g := range r.Groups {
		s.Pass += g.Report.Summary.Pass
		s.Fail += g.Report.Summary.Fail
		s.Waived += g.Report.Summary.Waived
		s.NotApplicable += g.Report.Summary.NotApplicable
	}
	return s
}

// components counts the orgiac components among the groups.
func (r result) components() int {
	n := 0
	for _, g := range r.Groups {
		if g.Component != "" {
			n++
		}
	}
	return n
}

// verdict is the one-line outcome every format ends with.
func (r result) verdict() string {
	s := r.summary()
	counts := fmt.Sprintf("%d pass, %d fail, %d waived, %d not applicable", s.Pass, s.Fail, s.Waived, s.NotApplicable)
	scope := fmt.Sprintf("%s in %s", plural(r.components(), "orgiac component"), plural(len(r.Files), "file"))
	if len(r.Groups) > r.components() {
		scope = fmt.Sprintf("%s, plus resources outside components, in %s",
			plural(r.components(), "orgiac component"), plural(len(r.Files), "file"))
	}
	if s.Fail > 0 {
		return fmt.Sprintf("FAIL: %s not waived (%s; %s)", plural(s.Fail, "failing control"), counts, scope)
	}
	return fmt.Sprintf("PASS: no control fails (%s; %s)", counts, scope)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
