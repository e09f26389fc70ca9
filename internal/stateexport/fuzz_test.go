package stateexport

// This file fuzzes the split against the whole-document decode.

import (
	"os"
	"testing"
)

// FuzzSplitAgreesWithWholeDecode checks the split against its promise:
// whatever it reads, the decoder reads the same from the whole document, and
// it reads nothing the decoder rejects. The cases a review found that a fuzz
// run had not (white space JSON does not allow, repeated names the decoder
// merges) are seeds here and cases in the tests above.
func FuzzSplitAgreesWithWholeDecode(f *testing.F) {
	if sample, err := os.ReadFile(fixturePath); err == nil {
		f.Add(sample)
	}
	f.Add([]byte(`{"version":3,"deployment":{"resources":[]}}`))
	f.Add([]byte(`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t","custom":true,"outputs":{"s":"},{\"]\\"}},{"urn":"b","type":"t"}]}}`))
	f.Add([]byte("{\"version\":3,\"deployment\":{\"resources\":[\n{\"urn\":\"a\",\"type\":\"t\"},\n{\"urn\":\"b\",\"type\":\"t\"}\n]}}"))
	f.Add([]byte(`{"version":3,"deployment":{"resources":[{"urn":"a","type":"t"}],"resources":[{"urn":"b","type":"t"}]}}`))
	f.Add([]byte(`{"Version":3,"DEPLOYMENT":{"Resources":[{"urn":"c","type":"orgiac:aws:SecureBucket","outputs":{"complianceReport":{"controls":[]}}}]}}`))
	f.Add([]byte(`{"version":3,"deployment":{"r\u0065sources":[{"urn":"x","id":"1"}],"resources":[{"urn":"a","type":"t"}]}}`))
	f.Add([]byte("{\"version\":3,\"deployment\":{\"resources\":[\v{\"urn\":\"a\",\"type\":\"t\"}\u00a0]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplitAgrees(t, data)
	})
}
