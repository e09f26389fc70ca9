package standin

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLedgerIsSharedBetweenProviderInstances(t *testing.T) {
	opts := ledgerOpts(t)
	east := newServer(t, opts, nil)
	west := newServer(t, opts, nil)

	vpcID, _, vpcState := checkAndCreate(t, east, vpcType, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
	bucketID, _, _ := checkAndCreate(t, west, bucketType, "logs", map[string]any{})

	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{LedgerKey(vpcType, vpcID), LedgerKey(bucketType, bucketID)}, sortedKeys(entries))

	// One instance deletes what the other created, as happens when a
	// resource moves between providers.
	require.NoError(t, west.Delete(p.DeleteRequest{ID: vpcID, Urn: urn(vpcType, "vpc"), Properties: vpcState}))
	entries, err = ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Equal(t, []string{LedgerKey(bucketType, bucketID)}, sortedKeys(entries))
}

func TestLedgerLosesNoWritesUnderConcurrentCreates(t *testing.T) {
	opts := ledgerOpts(t)
	servers := []interface {
		Create(p.CreateRequest) (p.CreateResponse, error)
	}{newServer(t, opts, nil), newServer(t, opts, nil)}

	const perServer = 20
	var wg sync.WaitGroup
	for i, s := range servers {
		for j := range perServer {
			wg.Go(func() {
				name := fmt.Sprintf("b-%d-%d", i, j)
				_, err := s.Create(p.CreateRequest{
					Urn: urn(bucketType, name), Properties: props(map[string]any{"bucket": name}),
				})
				assert.NoError(t, err)
			})
		}
	}
	wg.Wait()

	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Len(t, entries, len(servers)*perServer)
}

func TestReadLedgerOfAMissingFileIsEmpty(t *testing.T) {
	entries, err := ReadLedger(filepath.Join(t.TempDir(), "none.json"))
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestReadLedgerReportsACorruptFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.json")
	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o644))
	_, err := ReadLedger(path)
	assert.ErrorContains(t, err, "reading ledger")
}

func TestNoLedgerPathWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := newServer(t, Options{}, nil)
	checkAndCreate(t, s, bucketType, "logs", map[string]any{})
	files, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, files)
}
