package problem

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Rule is one validation rule. Code is stable across releases so users can
// search for it; Summary says what the rule guards; Fix is the default advice.
type Rule struct {
	Code    string
	Summary string
	Fix     string
}

var (
	registryMu sync.Mutex
	registry   = map[string]Rule{}
)

// Define registers a rule. Codes are unique; a duplicate is a programming
// error, so it panics at init time rather than producing ambiguous docs.
func Define(code, summary, fix string) Rule {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[code]; dup {
		panic(fmt.Sprintf("problem: rule %s defined twice", code))
	}
	r := Rule{Code: code, Summary: summary, Fix: fix}
	registry[code] = r
	return r
}

// Rules returns every registered rule, sorted by code.
func Rules() []Rule {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Problem is one violation of a Rule at a property path such as
// `lifecycleRules[1].expirationDays`.
type Problem struct {
	Rule Rule
	// Path names the offending property the way a user wrote it.
	Path string
	// Value is the offending value, shown quoted; nil when there is none
	// (for example a required value that is missing).
	Value any
	// Detail says what is wrong with this particular value.
	Detail string
	// Fix overrides Rule.Fix when the advice depends on the value.
	Fix string
}

// Error renders `path: value "x" detail [CODE]; fix: ...`.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Path)
	b.WriteString(": ")
	if p.Value != nil {
		fmt.Fprintf(&b, "%s ", quote(p.Value))
	}
	b.WriteString(p.Detail)
	fmt.Fprintf(&b, " [%s]", p.Rule.Code)
	if fix := p.fix(); fix != "" {
		b.WriteString("; fix: ")
		b.WriteString(fix)
	}
	return b.String()
}

func (p Problem) fix() string {
	if p.Fix != "" {
		return p.Fix
	}
	return p.Rule.Fix
}

func quote(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	default:
		return fmt.Sprintf("%v", v)
	}
}

// List collects problems. The zero value is ready to use.
type List struct {
	items []Problem
}

// Add records a problem.
func (l *List) Add(p Problem) { l.items = append(l.items, p) }

// Addf records a problem of rule r at path with a formatted detail.
func (l *List) Addf(r Rule, path string, value any, format string, args ...any) {
	l.Add(Problem{Rule: r, Path: path, Value: value, Detail: fmt.Sprintf(format, args...)})
}

// Merge appends every problem of other, prefixing paths with prefix when it is
// not empty (`encryption` + `kmsKeyArn` = `encryption.kmsKeyArn`).
func (l *List) Merge(prefix string, other List) {
	for _, p := range other.items {
		if prefix != "" {
			p.Path = join(prefix, p.Path)
		}
		l.items = append(l.items, p)
	}
}

func join(prefix, path string) string {
	if strings.HasPrefix(path, "[") {
		return prefix + path
	}
	return prefix + "." + path
}

// Items returns the recorded problems in the order they were found.
func (l List) Items() []Problem { return l.items }

// Redacted is the placeholder Redact puts where a secret value was.
const Redacted = "[secret]"

// Redact returns the list with every occurrence of the secret values in a
// problem's value and detail replaced by Redacted, so an error about a secret
// setting never prints it.
func (l List) Redact(secrets ...string) List {
	var out List
	for _, p := range l.items {
		for _, s := range secrets {
			if s == "" {
				continue
			}
			if v, ok := p.Value.(string); ok {
				p.Value = strings.ReplaceAll(v, s, Redacted)
			}
			p.Detail = strings.ReplaceAll(p.Detail, s, Redacted)
		}
		out.items = append(out.items, p)
	}
	return out
}

// Len is the number of recorded problems.
func (l List) Len() int { return len(l.items) }

// AsError returns nil when there are no problems, and otherwise an
// *InvalidInputs naming resource (e.g. `orgiac:aws:SecureBucket "logs"`).
func (l List) AsError(resource string) error {
	if len(l.items) == 0 {
		return nil
	}
	return &InvalidInputs{Resource: resource, Problems: l.items}
}

// InvalidInputs is the error a component returns when its inputs break rules.
// It lists every problem, one per line, so a user fixes them all in one pass.
type InvalidInputs struct {
	// Resource names the component, e.g. `orgiac:aws:SecureBucket "logs"`.
	Resource string
	Problems []Problem
}

func (e *InvalidInputs) Error() string {
	var b strings.Builder
	noun := "problems"
	if len(e.Problems) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(&b, "%s has %d input %s; nothing was created:", e.Resource, len(e.Problems), noun)
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap exposes each problem to errors.Is and errors.As.
func (e *InvalidInputs) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// Codes returns the rule codes of an error that wraps problems, in order. It
// lets tests assert which rules fired without matching message text.
func Codes(err error) []string {
	var inv *InvalidInputs
	if errors.As(err, &inv) {
		codes := make([]string, len(inv.Problems))
		for i, p := range inv.Problems {
			codes[i] = p.Rule.Code
		}
		return codes
	}
	return nil
}
