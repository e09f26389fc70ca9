package standin

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Fault injection lets e2e tests make one specific Create fail, to check that
// partial deployments are reported and recovered from. STANDIN_FAIL_CREATE is
// "<type token or *>:<N>": the Nth Create of that type (or of any type, for *)
// in one deployment fails and creates nothing.
//
// One `pulumi up` runs several plugin processes (one per provider instance),
// so the counters live in "<ledger>.faults.json", guarded by the ledger lock.
// They are scoped to a run id (STANDIN_RUN_ID, or else the parent process id,
// which is the Pulumi CLI process driving the deployment) and start again from
// zero when the run id changes. Without a ledger the counters are per process.

// failCreate is a parsed STANDIN_FAIL_CREATE value.
type failCreate struct {
	raw  string
	typ  string // type token, or "*" for any type
	nth  int    // 1-based
	wild bool
}

// parseFailCreate parses "<type-or-*>:<N>". Type tokens contain colons, so the
// count is whatever follows the last one.
func parseFailCreate(raw string) (*failCreate, error) {
	i := strings.LastIndex(raw, ":")
	if i <= 0 {
		return nil, fmt.Errorf("parsing %s=%q: want <type token or *>:<N>", EnvFailCreate, raw)
	}
	n, err := strconv.Atoi(raw[i+1:])
	if err != nil || n < 1 {
		return nil, fmt.Errorf("parsing %s=%q: count must be a positive integer", EnvFailCreate, raw)
	}
	typ := raw[:i]
	return &failCreate{raw: raw, typ: typ, nth: n, wild: typ == "*"}, nil
}

// faultCounters is the content of the counters file.
type faultCounters struct {
	// Run is the run id the counts belong to.
	Run string `json:"run"`
	// Creates counts non-preview Create calls per type token, and in total
	// under "*".
	Creates map[string]int `json:"creates"`
}

// faults counts Creates and decides which one to fail.
type faults struct {
	spec   *failCreate // nil: no fault injection
	ledger *ledger
	run    string

	mu    sync.Mutex
	local faultCounters // used when there is no ledger
}

func newFaults(o Options, l *ledger) (*faults, error) {
	f := &faults{ledger: l, run: o.RunID}
	if f.run == "" {
		f.run = "ppid-" + strconv.Itoa(os.Getppid())
	}
	if o.FailCreate != "" {
		spec, err := parseFailCreate(o.FailCreate)
		if err != nil {
			return nil, err
		}
		f.spec = spec
	}
	return f, nil
}

// countersPath is where the counters live, next to the ledger.
func (f *faults) countersPath() string { return f.ledger.path + ".faults.json" }

// shouldFail records one Create of typ and reports whether it is the one
// STANDIN_FAIL_CREATE asks to fail.
func (f *faults) shouldFail(typ string) (bool, error) {
	if f.spec == nil {
		return false, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()

	var n int
	count := func(c *faultCounters) {
		if c.Run != f.run || c.Creates == nil {
			*c = faultCounters{Run: f.run, Creates: map[string]int{}}
		}
		c.Creates[typ]++
		c.Creates["*"]++
		if f.spec.wild {
			n = c.Creates["*"]
		} else {
			n = c.Creates[f.spec.typ]
		}
	}

	if !f.ledger.enabled() {
		count(&f.local)
	} else {
		err := f.ledger.withLock(func() error {
			var c faultCounters
			if err := readJSON(f.countersPath(), &c); err != nil {
				return fmt.Errorf("reading fault counters: %w", err)
			}
			count(&c)
			if err := writeJSONAtomic(f.countersPath(), c); err != nil {
				return fmt.Errorf("writing fault counters: %w", err)
			}
			return nil
		})
		if err != nil {
			return false, err
		}
	}
	return (f.spec.wild || f.spec.typ == typ) && n == f.spec.nth, nil
}
