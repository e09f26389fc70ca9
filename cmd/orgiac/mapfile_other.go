//go:build !linux

package main

import (
	"errors"
	"os"
)

// mapFile is not used outside Linux: the file is read onto the heap.
func mapFile(*os.File, int) ([]byte, func(), error) {
	return nil, nil, errors.ErrUnsupported
}
