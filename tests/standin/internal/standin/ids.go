package standin

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"math/big"
	"strings"
	"sync/atomic"
	"time"
)

// Random and unique strings in the shapes clouds use, so that ids in the
// ledger and in stack outputs look like the real thing.

// RandomHex returns n random lowercase hexadecimal characters.
func RandomHex(n int) string {
	b := make([]byte, (n+1)/2)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("reading random bytes: %w", err))
	}
	return hex.EncodeToString(b)[:n]
}

// RandomUpperHex returns n random uppercase hexadecimal characters.
func RandomUpperHex(n int) string { return strings.ToUpper(RandomHex(n)) }

// RandomDigits returns n random decimal digits.
func RandomDigits(n int) string {
	var sb strings.Builder
	for range n {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic(fmt.Errorf("reading random digit: %w", err))
		}
		sb.WriteByte(byte('0' + d.Int64()))
	}
	return sb.String()
}

// RandomUpperAlnum returns n random characters from A-Z0-9, the alphabet of
// AWS unique ids such as AROA... role ids.
func RandomUpperAlnum(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var sb strings.Builder
	for range n {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(fmt.Errorf("reading random index: %w", err))
		}
		sb.WriteByte(alphabet[i.Int64()])
	}
	return sb.String()
}

// NewUUID returns a random version-4 UUID.
func NewUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("reading random bytes: %w", err))
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// uniqueCounter makes UniqueSuffix values distinct within one process; its
// random start keeps separate plugin processes apart.
var uniqueCounter atomic.Uint64

func init() {
	d, err := rand.Int(rand.Reader, big.NewInt(50_000_000))
	if err == nil {
		uniqueCounter.Store(d.Uint64())
	}
}

// UniqueSuffix returns a 26-digit, time-ordered unique suffix in the shape of
// Terraform's PrefixedUniqueId: an 18-digit UTC timestamp with four fractional
// digits followed by an 8-digit counter.
func UniqueSuffix() string {
	ts := strings.ReplaceAll(time.Now().UTC().Format("20060102150405.0000"), ".", "")
	return fmt.Sprintf("%s%08d", ts, uniqueCounter.Add(1)%100_000_000)
}

// Checksum is a stable small number derived from parts, for ids that real
// providers derive by hashing their inputs (routes, network ACL rules).
func Checksum(parts ...string) uint32 {
	return crc32.ChecksumIEEE([]byte(strings.Join(parts, "|")))
}

// ID generators for TypeSpec.ID.

// HexID returns ids like "vpc-0a1b2c3d4e5f67890": prefix, dash, 17 hex digits.
func HexID(prefix string) func(*Ctx) string {
	return func(*Ctx) string { return prefix + "-" + RandomHex(17) }
}

// InputID uses the value of an input as the id, as S3 does with the bucket
// name.
func InputID(key string) func(*Ctx) string {
	return func(c *Ctx) string { return c.Str(key) }
}

// UUIDID returns a random UUID as the id, as KMS does for keys.
func UUIDID() func(*Ctx) string {
	return func(*Ctx) string { return NewUUID() }
}

// JoinID joins the values of inputs with sep, as EKS does with
// "cluster:nodegroup". It returns "" (an error at Create) if any is missing.
func JoinID(sep string, keys ...string) func(*Ctx) string {
	return func(c *Ctx) string {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = c.Str(k)
			if parts[i] == "" {
				return ""
			}
		}
		return strings.Join(parts, sep)
	}
}

// PrefixedUniqueID returns the value of an input, a dash and a UniqueSuffix,
// as Terraform does for role policy attachments.
func PrefixedUniqueID(key string) func(*Ctx) string {
	return func(c *Ctx) string {
		if c.Str(key) == "" {
			return ""
		}
		return c.Str(key) + "-" + UniqueSuffix()
	}
}
