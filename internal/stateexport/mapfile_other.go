//go:build !linux

package stateexport

// This file holds the stand-in for mapFile outside Linux.

import (
	"errors"
	"os"
)

// mapFile is not used outside Linux: the file is read onto the heap.
func mapFile(*os.File, int) ([]byte, func(), error) {
	return nil, nil, errors.ErrUnsupported
}
