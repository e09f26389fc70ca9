package stateexport

// This file holds reading an export's bytes: opening, mapping and guarding
// the file.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"unsafe"
)

// Read reads and checks one export file; StdinPath reads stdin. Its errors
// name the file: "reading PATH: ...".
func Read(path string, stdin io.Reader) (Export, error) {
	in, err := readInput(path, stdin)
	if err != nil {
		return Export{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer in.release()
	exp, err := parseExport(path, in.data)
	if in.changed() {
		err = errFileChanged // whatever was read, it is not the file
	}
	if err != nil {
		return Export{}, fmt.Errorf("reading %s: %w", DisplayPath(path), err)
	}
	return exp, nil
}

// mapThreshold is the size from which an export is mapped, not read.
const mapThreshold = 1 << 20

// exportInput is the bytes of an export as read.
type exportInput struct {
	data    []byte
	release func()      // call when done with data
	changed func() bool // whether the file has changed size or time since it was opened
}

// readInput reads an export. A large file is mapped where mapFile can
// (Linux).
func readInput(path string, stdin io.Reader) (exportInput, error) {
	in := exportInput{release: func() {}, changed: func() bool { return false }}
	if path == StdinPath {
		var err error
		in.data, err = io.ReadAll(stdin)
		return in, err
	}
	f, err := os.Open(path)
	if err != nil {
		return in, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return in, err
	}
	if !st.Mode().IsRegular() { // a pipe, as from <(pulumi stack export)
		in.data, err = io.ReadAll(f)
		return in, err
	}
	in.changed = func() bool {
		now, err := os.Stat(path)
		return err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime())
	}
	if st.Size() >= mapThreshold {
		if data, release, err := mapFile(f, int(st.Size())); err == nil {
			in.data, in.release = data, release
			return in, nil
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+1))
	_, err = buf.ReadFrom(f)
	in.data = buf.Bytes()
	return in, err
}

// errFileChanged is reading a file that changed meanwhile: a mapped file cut
// short faults, and a file whose size or time changed was not read whole.
var errFileChanged = errors.New("the file changed while it was read; " +
	"run the report again once whatever writes it has finished")

// readGuarded runs read, which reads data, and returns errFileChanged if
// reading data faults, as a mapped file does where it was truncated. Each
// goroutine that reads mapped data reads it through readGuarded. A fault
// anywhere else is a bug, and stays a crash.
func readGuarded(data []byte, read func()) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if f, ok := r.(interface{ Addr() uintptr }); ok && within(data, f.Addr()) {
			err = errFileChanged
			return
		}
		panic(r)
	}()
	read()
	return nil
}

// within reports whether addr is the address of a byte of data.
func within(data []byte, addr uintptr) bool {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	return len(data) > 0 && addr >= start && addr-start < uintptr(len(data))
}
