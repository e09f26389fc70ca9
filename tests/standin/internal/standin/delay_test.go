package standin

import (
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateDelaySleepsBeforeEachCreate(t *testing.T) {
	s := newServer(t, Options{CreateDelay: 50 * time.Millisecond}, nil)
	start := time.Now()
	_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

func TestCancelInterruptsADelayedCreate(t *testing.T) {
	opts := ledgerOpts(t)
	opts.CreateDelay = time.Minute
	s := newServer(t, opts, nil)

	errs := make(chan error, 1)
	go func() {
		_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
		errs <- err
	}()
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, s.Cancel())

	select {
	case err := <-errs:
		assert.EqualError(t, err, "stand-in: create of aws:s3/bucketPolicy:BucketPolicy pol cancelled by the engine")
	case <-time.After(10 * time.Second):
		t.Fatal("create did not return after Cancel")
	}
	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestOptionsFromEnv(t *testing.T) {
	t.Setenv(EnvLedger, "/tmp/x/ledger.json")
	t.Setenv(EnvFailCreate, "*:2")
	t.Setenv(EnvCreateDelay, "200ms")
	t.Setenv(EnvRunID, "run-1")
	o, err := OptionsFromEnv()
	require.NoError(t, err)
	assert.Equal(t, Options{LedgerPath: "/tmp/x/ledger.json", FailCreate: "*:2", CreateDelay: 200 * time.Millisecond, RunID: "run-1"}, o)

	t.Setenv(EnvCreateDelay, "soon")
	_, err = OptionsFromEnv()
	assert.ErrorContains(t, err, "STANDIN_CREATE_DELAY")

	t.Setenv(EnvCreateDelay, "")
	t.Setenv(EnvFailCreate, "nonsense")
	_, err = OptionsFromEnv()
	assert.ErrorContains(t, err, "STANDIN_FAIL_CREATE")
}
