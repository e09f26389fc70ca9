package standin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// The ledger is the stand-in's "cloud": a JSON file mapping "<type>/<id>" to
// the resource the stand-in created. Tests read it to assert on what a
// deployment really did, and Read consults it so that `pulumi refresh` sees
// resources disappear when a test deletes them.
//
// Several plugin processes write it at once (one per provider instance, and
// one per stand-in cloud), so every read-modify-write holds an exclusive
// flock on "<ledger>.lock" and replaces the file atomically (temp file +
// rename). Readers that only read need no lock.

// Entry is one resource in the ledger.
type Entry struct {
	// Type is the resource type token, e.g. "aws:s3/bucketV2:BucketV2".
	Type string `json:"type"`
	// URN is the URN the resource was created (or last updated) under.
	URN string `json:"urn"`
	// Provider is the stand-in package name, e.g. "aws".
	Provider string `json:"provider"`
	// ID is the cloud id the stand-in generated.
	ID string `json:"id"`
	// State is the resource state (inputs plus computed outputs) as plain JSON
	// values; secrets are stored in clear text, this being test equipment.
	State map[string]any `json:"state"`
	// Inputs are the checked inputs, returned by Read when the engine does not
	// send any (imports).
	Inputs map[string]any `json:"inputs,omitempty"`
}

// LedgerKey is the ledger key of a resource. Ids are only unique per type
// (an S3 bucket and its policy share the bucket name as id), hence the type.
func LedgerKey(typ, id string) string { return typ + "/" + id }

// ReadLedger returns the ledger at path, keyed by [LedgerKey]. A missing file
// is an empty ledger. It is the API end-to-end tests use to inspect what the
// stand-ins created.
func ReadLedger(path string) (map[string]Entry, error) {
	entries := map[string]Entry{}
	if err := readJSON(path, &entries); err != nil {
		return nil, fmt.Errorf("reading ledger: %w", err)
	}
	return entries, nil
}

// ledger is a handle on a ledger file; a nil or empty-path ledger records
// nothing.
type ledger struct{ path string }

func (l *ledger) enabled() bool { return l != nil && l.path != "" }

// withLock runs fn while holding the exclusive lock shared by all stand-in
// processes using this ledger (it also guards the fault counters).
func (l *ledger) withLock(fn func() error) error {
	if err := os.MkdirAll(filepath.Dir(l.path), 0o755); err != nil {
		return fmt.Errorf("creating ledger directory: %w", err)
	}
	f, err := os.OpenFile(l.path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("opening ledger lock: %w", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("locking ledger: %w", err)
	}
	defer func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }()
	return fn()
}

// update applies fn to the ledger's entries under the lock and writes the
// result back atomically.
func (l *ledger) update(fn func(entries map[string]Entry) error) error {
	if !l.enabled() {
		return nil
	}
	return l.withLock(func() error {
		entries, err := ReadLedger(l.path)
		if err != nil {
			return err
		}
		if err := fn(entries); err != nil {
			return err
		}
		if err := writeJSONAtomic(l.path, entries); err != nil {
			return fmt.Errorf("writing ledger: %w", err)
		}
		return nil
	})
}

// get returns the entry under key. Writers replace the file atomically, so no
// lock is needed to read a consistent ledger.
func (l *ledger) get(key string) (Entry, bool, error) {
	entries, err := ReadLedger(l.path)
	if err != nil {
		return Entry{}, false, err
	}
	e, ok := entries[key]
	return e, ok, nil
}

// readJSON decodes the JSON file at path into v; a missing or empty file
// leaves v untouched.
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(data) == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decoding %s: %w", path, err)
	}
	return nil
}

// writeJSONAtomic writes v as indented JSON to a temp file next to path and
// renames it into place, so readers never see a half-written file.
func writeJSONAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating temp file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing temp file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("closing temp file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("renaming temp file: %w", err)
	}
	return nil
}
