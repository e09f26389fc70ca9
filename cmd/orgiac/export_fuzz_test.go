package main

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

// FuzzReadExport feeds arbitrary bytes to the stack-export reader and the
// evaluation behind `orgiac report`: they may reject the input, never panic.
// The bytes come in as standard input, as from `pulumi stack export | orgiac
// report -`. The reader's own fuzz target is in internal/stateexport.
func FuzzReadExport(f *testing.F) {
	if sample, err := os.ReadFile("testdata/securebucket-export.json"); err == nil {
		f.Add(sample)
	}
	f.Add([]byte(`{"version":3,"deployment":{"resources":[]}}`))
	f.Add([]byte(`{"version":3,"deployment":{"resources":[{"urn":"u","type":"aws:s3/bucketV2:BucketV2","custom":true,"outputs":{"bucket":"b"}},{"urn":"v","type":"aws:s3/bucketVersioningV2:BucketVersioningV2","custom":true,"outputs":{"bucket":"b","versioningConfiguration":{"status":"Enabled"}}}]}}`))
	f.Add([]byte(`{"deployment":{"resources":[{"urn":"c","type":"orgiac:aws:SecureBucket","outputs":{"complianceReport":{"controls":[{"id":"s3-versioning","waiver":{"reason":"r","expires":"x"}}]}}}]}}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := stateexport.Read(stateexport.StdinPath, bytes.NewReader(data))
		if err != nil {
			return
		}
		_ = verdict.Judge(exp, verdict.Flags{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	})
}
