package standin

import (
	"path/filepath"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/events"
)

func TestCreateDelaySleepsBeforeEachCreate(t *testing.T) {
	s := newServer(t, Options{CreateDelay: 50 * time.Millisecond}, nil)
	start := time.Now()
	_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

// listen starts an event listener for one test and returns its channel.
func listen(t *testing.T, opts *Options) <-chan events.Event {
	t.Helper()
	opts.Events = filepath.Join(t.TempDir(), "events.sock")
	ch, stop, err := events.Listen(opts.Events)
	require.NoError(t, err)
	t.Cleanup(func() { _ = stop() })
	return ch
}

func TestHeldCreatesWaitForTheEngineToCancel(t *testing.T) {
	opts := ledgerOpts(t)
	opts.HoldCreates = "*:2"
	got := listen(t, &opts)
	s := newServer(t, opts, nil)

	_, err := s.Create(p.CreateRequest{Urn: urn(bucketType, "first"), Properties: props(map[string]any{"bucket": "first"})})
	require.NoError(t, err, "creates before the Nth are not held")

	errs := make(chan error, 2)
	for _, name := range []string{"second", "third"} {
		go func() {
			_, err := s.Create(p.CreateRequest{Urn: urn(bucketType, name), Properties: props(map[string]any{"bucket": name})})
			errs <- err
		}()
	}
	held := map[string]bool{}
	for range 2 {
		e := <-got
		assert.Equal(t, events.Held, e.Kind)
		assert.Equal(t, bucketType, e.Type)
		held[e.Name] = true
	}
	assert.Equal(t, map[string]bool{"second": true, "third": true}, held, "the Nth and every later create are held")

	require.NoError(t, s.Cancel())
	for range 2 {
		assert.ErrorContains(t, <-errs, "cancelled by the engine (STANDIN_HOLD_CREATES=*:2)")
	}
	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "held creates create nothing")
}

func TestFailedCreatesAreAnnounced(t *testing.T) {
	opts := ledgerOpts(t)
	opts.FailCreate = policyType + ":1"
	got := listen(t, &opts)
	s := newServer(t, opts, nil)
	_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
	require.Error(t, err)
	assert.Equal(t, events.Event{Kind: events.Failed, Type: policyType, Name: "pol", URN: string(urn(policyType, "pol"))}, <-got)
}

func TestAnEventNobodyListensForFailsTheCreate(t *testing.T) {
	opts := ledgerOpts(t)
	opts.HoldCreates = "*:1"
	opts.Events = filepath.Join(t.TempDir(), "nobody.sock")
	s := newServer(t, opts, nil)
	_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
	assert.ErrorContains(t, err, "sending the held event of pol to STANDIN_EVENTS=")
}

func TestOptionsFromEnv(t *testing.T) {
	t.Setenv(EnvLedger, "/tmp/x/ledger.json")
	t.Setenv(EnvFailCreate, "*:2")
	t.Setenv(EnvCreateDelay, "200ms")
	t.Setenv(EnvRunID, "run-1")
	t.Setenv(EnvHoldCreates, "aws:ec2/vpc:Vpc:3")
	t.Setenv(EnvEvents, "/tmp/x/events.sock")
	o, err := OptionsFromEnv()
	require.NoError(t, err)
	assert.Equal(t, Options{
		LedgerPath: "/tmp/x/ledger.json", FailCreate: "*:2", CreateDelay: 200 * time.Millisecond, RunID: "run-1",
		HoldCreates: "aws:ec2/vpc:Vpc:3", Events: "/tmp/x/events.sock",
	}, o)

	t.Setenv(EnvCreateDelay, "soon")
	_, err = OptionsFromEnv()
	assert.ErrorContains(t, err, "STANDIN_CREATE_DELAY")

	t.Setenv(EnvCreateDelay, "")
	t.Setenv(EnvFailCreate, "nonsense")
	_, err = OptionsFromEnv()
	assert.ErrorContains(t, err, "STANDIN_FAIL_CREATE")

	t.Setenv(EnvFailCreate, "")
	t.Setenv(EnvHoldCreates, "*:0")
	_, err = OptionsFromEnv()
	assert.ErrorContains(t, err, "STANDIN_HOLD_CREATES")
}

func TestACancelledDeploymentEndsDelayedCreates(t *testing.T) {
	opts := ledgerOpts(t)
	opts.CreateDelay = time.Hour
	s := newServer(t, opts, nil)
	// Cancelled first, so the create cannot be past its delay: no race
	// between the test and the create.
	require.NoError(t, s.Cancel())
	_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
	assert.EqualError(t, err, "stand-in: create of aws:s3/bucketPolicy:BucketPolicy pol cancelled by the engine")
	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Empty(t, entries)
}
