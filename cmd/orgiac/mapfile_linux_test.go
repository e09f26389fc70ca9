package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A mapped export cut short while it is read faults where it used to be;
// the report says the file changed instead of crashing.
func TestReadExport_FileCutShortWhileMappedIsAnError(t *testing.T) {
	data, err := os.ReadFile(syntheticExport(t, 4000, components))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(data), mapThreshold, "large enough to be mapped")
	path := filepath.Join(t.TempDir(), "export.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))

	mapped, release, err := readInput(path, nil)
	require.NoError(t, err)
	defer release()
	require.NoError(t, os.Truncate(path, 0))

	_, err = parseExport(path, mapped)
	require.ErrorIs(t, err, errFileChanged)
	assert.Contains(t, err.Error(), "the file changed while it was read")
}

func TestReadExport_LargeFileIsMappedAndReadWhole(t *testing.T) {
	path := syntheticExport(t, 4000, components)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	mapped, release, err := readInput(path, nil)
	require.NoError(t, err)
	defer release()
	assert.Equal(t, data, mapped)

	exp, err := readExport(path, nil)
	require.NoError(t, err)
	want, err := wholeDecode(data)
	require.NoError(t, err)
	assert.Equal(t, viewOf(want).Resources, exp.Resources)
}
