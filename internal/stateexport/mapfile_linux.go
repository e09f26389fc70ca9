package stateexport

// This file holds mapping a large export into memory, on Linux.

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps a file read-only, its pages read ahead in one call, so a large
// export is read without copying it onto the heap: that is most of the
// time of os.ReadFile on a 500 MB export. The caller must call release when
// done with the data, and guard reads with readGuarded, since a file
// truncated while mapped faults instead of reading short.
func mapFile(f *os.File, size int) (data []byte, release func(), err error) {
	data, err = syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, fmt.Errorf("mapping the file: %w", err)
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
