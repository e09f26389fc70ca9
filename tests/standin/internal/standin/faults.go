package standin

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Fault injection lets e2e tests put a deployment into a chosen phase instead
// of waiting for it by the clock:
//
//   - STANDIN_FAIL_CREATE "<type token or *>:<N>": the Nth Create of that type
//     (or of any type, for *) in one deployment fails and creates nothing;
//   - STANDIN_HOLD_CREATES "<type token or *>:<N>": the Nth Create and every
//     later one are held, creating nothing, until the engine cancels the
//     deployment, so a test can interrupt an up with creates in flight.
//
// One `pulumi up` runs several plugin processes (one per provider instance),
// so the counters live in "<ledger>.faults.json", guarded by the ledger lock.
// They are scoped to a run id (STANDIN_RUN_ID, or else the parent process id,
// which is the Pulumi CLI process driving the deployment) and start again from
// zero when the run id changes. Without a ledger the counters are per process.

// createSelector is a parsed "<type token or *>:<N>" value.
type createSelector struct {
	typ  string // type token, or "*" for any type
	nth  int    // 1-based
	wild bool
}

// parseCreateSelector parses the value of env, "<type-or-*>:<N>". Type tokens
// contain colons, so the count is whatever follows the last one.
func parseCreateSelector(env, raw string) (*createSelector, error) {
	i := strings.LastIndex(raw, ":")
	if i <= 0 {
		return nil, fmt.Errorf("parsing %s=%q: want <type token or *>:<N>", env, raw)
	}
	n, err := strconv.Atoi(raw[i+1:])
	if err != nil || n < 1 {
		return nil, fmt.Errorf("parsing %s=%q: count must be a positive integer", env, raw)
	}
	typ := raw[:i]
	return &createSelector{typ: typ, nth: n, wild: typ == "*"}, nil
}

// ordinal is the position of a create among those the selector counts, or 0
// when the selector does not count creates of its type.
func (c *createSelector) ordinal(typ string, counts map[string]int) int {
	switch {
	case c == nil:
		return 0
	case c.wild:
		return counts["*"]
	case c.typ == typ:
		return counts[typ]
	default:
		return 0
	}
}

// faultCounters is the content of the counters file.
type faultCounters struct {
	// Run is the run id the counts belong to.
	Run string `json:"run"`
	// Creates counts non-preview Create calls per type token, and in total
	// under "*".
	Creates map[string]int `json:"creates"`
}

// faults counts Creates and decides which one to fail or hold.
type faults struct {
	fail, hold *createSelector // nil: not asked for
	ledger     *ledger
	run        string

	mu    sync.Mutex
	local faultCounters // used when there is no ledger
}

func newFaults(o Options, l *ledger) (*faults, error) {
	f := &faults{ledger: l, run: o.RunID}
	if f.run == "" {
		f.run = "ppid-" + strconv.Itoa(os.Getppid())
	}
	var err error
	if o.FailCreate != "" {
		if f.fail, err = parseCreateSelector(EnvFailCreate, o.FailCreate); err != nil {
			return nil, err
		}
	}
	if o.HoldCreates != "" {
		if f.hold, err = parseCreateSelector(EnvHoldCreates, o.HoldCreates); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// countersPath is where the counters live, next to the ledger.
func (f *faults) countersPath() string { return f.ledger.path + ".faults.json" }

// verdict is what fault injection decides for one Create.
type verdict struct{ fail, hold bool }

// judgeCreate records one Create of typ and reports whether it is the one
// STANDIN_FAIL_CREATE asks to fail, or one STANDIN_HOLD_CREATES asks to hold.
func (f *faults) judgeCreate(typ string) (verdict, error) {
	if f.fail == nil && f.hold == nil {
		return verdict{}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()

	var counts map[string]int
	count := func(c *faultCounters) {
		if c.Run != f.run || c.Creates == nil {
			*c = faultCounters{Run: f.run, Creates: map[string]int{}}
		}
		c.Creates[typ]++
		c.Creates["*"]++
		counts = c.Creates
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
			return verdict{}, err
		}
	}
	failAt, holdAt := f.fail.ordinal(typ, counts), f.hold.ordinal(typ, counts)
	return verdict{
		fail: failAt > 0 && failAt == f.fail.nth,
		hold: holdAt > 0 && holdAt >= f.hold.nth,
	}, nil
}
