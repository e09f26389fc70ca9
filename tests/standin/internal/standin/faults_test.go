package standin

import (
	"fmt"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFailCreate(t *testing.T) {
	tests := []struct {
		raw     string
		typ     string
		nth     int
		wantErr string
	}{
		{raw: "aws:s3/bucketPolicy:BucketPolicy:1", typ: "aws:s3/bucketPolicy:BucketPolicy", nth: 1},
		{raw: "*:3", typ: "*", nth: 3},
		{raw: "aws:s3/bucketPolicy:BucketPolicy", wantErr: "count must be a positive integer"},
		{raw: "*:0", wantErr: "count must be a positive integer"},
		{raw: "3", wantErr: "want <type token or *>:<N>"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := parseCreateSelector(EnvFailCreate, tt.raw)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.typ, got.typ)
			assert.Equal(t, tt.nth, got.nth)
		})
	}
}

// createAlternating creates n buckets and n policies, alternating between
// servers, and returns the names of the creates that failed, in order.
func createAlternating(t *testing.T, servers []func(p.CreateRequest) (p.CreateResponse, error), n int) []string {
	var failed []string
	for i := 1; i <= n; i++ {
		for _, kind := range []struct{ typ, label string }{{bucketType, "bucket"}, {policyType, "policy"}} {
			create := servers[i%len(servers)]
			name := fmt.Sprintf("%s-%d", kind.label, i)
			_, err := create(p.CreateRequest{Urn: urn(kind.typ, name), Properties: props(map[string]any{"bucket": name})})
			if err != nil {
				failed = append(failed, name)
			}
		}
	}
	return failed
}

func TestFailCreateFailsExactlyTheNthCreate(t *testing.T) {
	tests := []struct {
		name       string
		failCreate string
		want       []string
	}{
		{"the Nth create of the named type fails", policyType + ":2", []string{"policy-2"}},
		{"a wildcard counts creates of every type", "*:3", []string{"bucket-2"}},
		{"a count never reached fails nothing", policyType + ":9", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := ledgerOpts(t)
			opts.FailCreate = tt.failCreate
			// Two plugin processes of one deployment share the count.
			a, b := newServer(t, opts, nil), newServer(t, opts, nil)
			failed := createAlternating(t, []func(p.CreateRequest) (p.CreateResponse, error){a.Create, b.Create}, 4)
			assert.Equal(t, tt.want, failed)

			entries, err := ReadLedger(opts.LedgerPath)
			require.NoError(t, err)
			assert.Len(t, entries, 8-len(tt.want), "a failed create records nothing")
		})
	}
}

func TestFailCreateErrorNamesTypeResourceAndSetting(t *testing.T) {
	opts := ledgerOpts(t)
	opts.FailCreate = policyType + ":1"
	s := newServer(t, opts, nil)
	_, err := s.Create(p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})})
	assert.EqualError(t, err, "stand-in: injected failure creating aws:s3/bucketPolicy:BucketPolicy pol "+
		"(STANDIN_FAIL_CREATE=aws:s3/bucketPolicy:BucketPolicy:1)")
}

func TestFailCreateCountRestartsForANewRun(t *testing.T) {
	opts := ledgerOpts(t)
	opts.FailCreate = policyType + ":1"
	create := func(o Options) error {
		_, err := newServer(t, o, nil).Create(p.CreateRequest{
			Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"}),
		})
		return err
	}
	assert.Error(t, create(opts), "first create of the run fails")
	assert.NoError(t, create(opts), "second create of the same run succeeds")
	opts.RunID = "another-up"
	assert.Error(t, create(opts), "a new run counts from one again")
}

func TestFailCreateWithoutLedgerCountsPerProcess(t *testing.T) {
	s := newServer(t, Options{FailCreate: "*:2"}, nil)
	failed := createAlternating(t, []func(p.CreateRequest) (p.CreateResponse, error){s.Create}, 2)
	assert.Equal(t, []string{"policy-1"}, failed)
}

func TestPreviewCreatesAreNotCounted(t *testing.T) {
	opts := ledgerOpts(t)
	opts.FailCreate = policyType + ":1"
	s := newServer(t, opts, nil)
	req := p.CreateRequest{Urn: urn(policyType, "pol"), Properties: props(map[string]any{"bucket": "b"})}
	preview := req
	preview.DryRun = true
	_, err := s.Create(preview)
	require.NoError(t, err)
	_, err = s.Create(req)
	assert.Error(t, err)
}
