package stateexport

// This file holds reading Pulumi's secret envelopes: plaintext revealed,
// ciphertext dropped and counted.

import (
	"bytes"

	json "github.com/go-json-experiment/json/v1"
)

// Pulumi marks a secret value with this signature key and value.
const (
	secretSigKey   = "4dabf18193072939515e22adb298388d"
	secretSigValue = "1b47061264138c4ac30d75fd1eb44270"
)

// unwrapSecret returns a raw value without its secret envelope: the
// plaintext when it was exported with --show-secrets, or nil and true when
// only the ciphertext is there.
func unwrapSecret(raw json.RawMessage) (json.RawMessage, bool) {
	if !bytes.Contains(raw, []byte(secretSigKey)) {
		return raw, false
	}
	var env map[string]any
	if json.Unmarshal(raw, &env) != nil || env[secretSigKey] != secretSigValue {
		return raw, false
	}
	plain, ok := env["plaintext"].(string)
	if !ok {
		return nil, true
	}
	return json.RawMessage(plain), false
}

// revealSecrets replaces secret envelopes with their plaintext (present when
// exported with --show-secrets) or, when only ciphertext is there, with nil,
// counted, so no ciphertext ever reaches a check or a report.
func revealSecrets(v any, encrypted *int) any {
	switch t := v.(type) {
	case map[string]any:
		if t[secretSigKey] == secretSigValue {
			plain, ok := t["plaintext"].(string)
			var val any
			if !ok || json.Unmarshal([]byte(plain), &val) != nil {
				*encrypted++
				return nil
			}
			return revealSecrets(val, encrypted)
		}
		for k, e := range t {
			t[k] = revealSecrets(e, encrypted)
		}
	case []any:
		for i, e := range t {
			t[i] = revealSecrets(e, encrypted)
		}
	}
	return v
}
