package standin

import (
	"fmt"
	"os"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/events"
)

// Spec describes one stand-in plugin: which package it pretends to be and
// which resource types and functions it knows. Everything cloud-specific lives
// here so that the engine can serve more than one cloud.
type Spec struct {
	// Name is the Pulumi package name, e.g. "aws".
	Name string
	// Version is the plugin version reported to the engine, e.g. "6.83.4".
	Version string
	// TypesFile is the repo-relative file holding the type table. It is named in
	// the error for an unknown type so the fix is obvious.
	TypesFile string
	// Account is the fake account/subscription id used in ids and ARNs.
	Account string
	// Types is the type table. Each token must appear once.
	Types []TypeSpec
	// Invokes maps a function token to its fake implementation.
	Invokes map[string]InvokeFunc
	// Configure turns provider configuration into Settings. It must tolerate
	// unknown keys and values encoded as JSON strings.
	Configure func(args property.Map) (Settings, error)
}

// Settings is the provider configuration the engine needs after Configure.
type Settings struct {
	// Region is where resources "live"; it appears in ARNs and endpoints.
	Region string
	// DefaultTags are merged under each taggable resource's tags to form tagsAll.
	DefaultTags map[string]string
	// Values keeps any other recognised configuration (for example "profile")
	// for invokes and outputs that want it.
	Values map[string]string
}

// TypeSpec is one entry of a type table: everything the stand-in needs to fake
// a resource type. Adding a type to a stand-in means adding one TypeSpec.
type TypeSpec struct {
	// Token is the resource type token, e.g. "aws:s3/bucketV2:BucketV2".
	Token string
	// ID produces the cloud id at Create. It sees the checked inputs (so an
	// autonamed name is available) but not the computed outputs.
	ID func(c *Ctx) string
	// ReplaceOnChanges lists the top-level inputs that force replacement in the
	// real provider.
	ReplaceOnChanges []string
	// Taggable types get tagsAll = default tags merged with the resource's tags.
	Taggable bool
	// AutoName, when set, makes Check fill in a name the way Pulumi autonaming
	// does when the program did not give one.
	AutoName *AutoName
	// Outputs returns the computed outputs (plain Go values) for Create and
	// Update. Inputs win over outputs wherever both are set, so an output
	// function can also supply defaults for absent inputs. For a Cloud type it
	// only names the outputs a preview shows as unknown.
	Outputs func(c *Ctx) map[string]any
	// Cloud, when set, is the API the type lives in: Create, Read, Update and
	// Delete call it instead of recording the resource in the ledger, and ID
	// is not used.
	Cloud Cloud
}

// AutoName describes how a type's name property is filled in by Check.
type AutoName struct {
	// Property is the name property, e.g. "bucket".
	Property string
	// PrefixProperty is the "...Prefix" input that asks for prefix + unique
	// suffix instead, e.g. "bucketPrefix". Empty when the type has none.
	PrefixProperty string
	// Prefix is fixed text put before the logical name, e.g. "alias/".
	Prefix string
	// Lowercase lowercases the logical name (S3 bucket names must be lowercase).
	Lowercase bool
	// MaxLength truncates the logical-name part so the result fits; 0 means no
	// limit.
	MaxLength int
	// AlphanumericOnly drops every character of the logical name that is not
	// an ASCII letter or digit (Azure storage account names allow no others).
	AlphanumericOnly bool
	// NoSeparator appends the random suffix directly to the logical name, as
	// azure-native does ("vnet1a2b3c4d"), instead of after a dash.
	NoSeparator bool
	// SuffixLength is the number of random hex characters appended; 0 means
	// 7, Pulumi's (and the Terraform bridge's) default. azure-native uses 8.
	SuffixLength int
}

// InvokeFunc fakes one provider function.
type InvokeFunc func(s Settings, args property.Map) (map[string]any, error)

// Options are the test knobs that come from the environment in the real
// binary. Tests construct them directly.
type Options struct {
	// LedgerPath is the ledger file; empty disables the ledger.
	LedgerPath string
	// FailCreate is the raw STANDIN_FAIL_CREATE value; empty disables it.
	FailCreate string
	// CreateDelay is slept at the start of every non-preview Create.
	CreateDelay time.Duration
	// HoldCreates is the raw STANDIN_HOLD_CREATES value, "<type or *>:<N>":
	// the Nth non-preview Create of that type (or of any type) and every later
	// one are held, creating nothing, until the engine cancels the deployment.
	// It puts a deployment in the "creates in flight" phase on purpose, for
	// cancellation tests. Empty disables it.
	HoldCreates string
	// Events is the path of a unix socket the test listens on (package
	// events). Empty sends nothing.
	Events string
	// RunID scopes fault-injection counters to one deployment. Empty means the
	// parent process id, i.e. one `pulumi up` (the engine launches plugins as
	// its direct children).
	RunID string
}

// Environment variable names understood by every stand-in.
const (
	EnvLedger      = "STANDIN_LEDGER"
	EnvFailCreate  = "STANDIN_FAIL_CREATE"
	EnvCreateDelay = "STANDIN_CREATE_DELAY"
	EnvRunID       = "STANDIN_RUN_ID"
	EnvHoldCreates = "STANDIN_HOLD_CREATES"
	EnvEvents      = events.Env
)

// OptionsFromEnv reads Options from the STANDIN_* environment variables.
func OptionsFromEnv() (Options, error) {
	o := Options{
		LedgerPath:  os.Getenv(EnvLedger),
		FailCreate:  os.Getenv(EnvFailCreate),
		RunID:       os.Getenv(EnvRunID),
		HoldCreates: os.Getenv(EnvHoldCreates),
		Events:      os.Getenv(EnvEvents),
	}
	if raw := os.Getenv(EnvCreateDelay); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil {
			return o, fmt.Errorf("parsing %s=%q: %w", EnvCreateDelay, raw, err)
		}
		o.CreateDelay = d
	}
	if o.FailCreate != "" {
		if _, err := parseCreateSelector(EnvFailCreate, o.FailCreate); err != nil {
			return o, err
		}
	}
	if o.HoldCreates != "" {
		if _, err := parseCreateSelector(EnvHoldCreates, o.HoldCreates); err != nil {
			return o, err
		}
	}
	return o, nil
}
