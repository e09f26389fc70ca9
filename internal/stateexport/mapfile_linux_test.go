package stateexport

// This file tests reading a mapped export, and one that changes meanwhile.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
)

// largeExport writes an export large enough to be mapped, and returns its
// path and bytes.
func largeExport(t *testing.T) (string, []byte) {
	t.Helper()
	data, err := os.ReadFile(syntheticExport(t, 4000, exporttest.Components))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(data), mapThreshold, "large enough to be mapped")
	path := filepath.Join(t.TempDir(), "export.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path, data
}

// A mapped export cut short while it is read faults where it used to be, on
// whichever goroutine reads there, or reads as zeros to the end of its last
// page; either way the report says the file changed, and does not crash.
func TestRead_FileCutShortWhileMappedIsAnError(t *testing.T) {
	for _, tt := range []struct {
		name string
		keep func(size int) int
	}{
		{"to nothing: the first read faults", func(int) int { return 0 }},
		{"to half: the scans and decoders of the rest fault", func(size int) int { return size / 2 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, data := largeExport(t)
			in, err := readInput(path, nil)
			require.NoError(t, err)
			defer in.release()
			require.NoError(t, os.Truncate(path, int64(tt.keep(len(data)))))

			_, err = parseExport(path, in.data)
			require.ErrorIs(t, err, errFileChanged)
			assert.Contains(t, err.Error(), "the file changed while it was read")
			assert.True(t, in.changed())
		})
	}
}

// Cut short within its last page, a mapped file does not fault: the rest of
// the page reads as zeros. The size it had when opened tells.
func TestRead_FileCutShortWithinItsLastPageIsSeen(t *testing.T) {
	path, data := largeExport(t)
	in, err := readInput(path, nil)
	require.NoError(t, err)
	defer in.release()
	require.NoError(t, os.Truncate(path, int64(len(data)-10)))
	assert.True(t, in.changed())
}

// A file that was already short when opened has not changed: it is read as
// it is, and its own error is reported.
func TestRead_ShortFileIsNotAChange(t *testing.T) {
	path, data := largeExport(t)
	require.NoError(t, os.Truncate(path, int64(len(data)-10)))
	_, err := Read(path, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, errFileChanged)
	assert.Contains(t, err.Error(), "not valid JSON")
}

func TestRead_LargeFileIsMappedAndReadWhole(t *testing.T) {
	path, data := largeExport(t)
	in, err := readInput(path, nil)
	require.NoError(t, err)
	defer in.release()
	assert.Equal(t, data, in.data)
	assert.False(t, in.changed())

	exp, err := Read(path, nil)
	require.NoError(t, err)
	want, err := wholeDecode(data)
	require.NoError(t, err)
	assert.Equal(t, viewOf(want).Resources, exp.Resources)
}

// A fault in the data being read is a changed file; a fault anywhere else
// is a bug, and stays a panic.
func TestReadGuarded_OnlyFaultsInTheDataAreChanges(t *testing.T) {
	path, _ := largeExport(t)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	gone, release, err := mapFile(f, int(st.Size()))
	require.NoError(t, err)
	release() // every read of gone now faults

	var sink byte
	err = readGuarded(gone, func() { sink = gone[len(gone)/2] })
	require.ErrorIs(t, err, errFileChanged)

	elsewhere := make([]byte, 10)
	assert.Panics(t, func() {
		_ = readGuarded(elsewhere, func() { sink = gone[len(gone)/2] })
	})
	_ = sink
}
