package standin

import (
	"path/filepath"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"
)

// Token names used by the test table; they mirror real aws tokens so the
// tests read like the stand-in's real use.
const (
	bucketType = "aws:s3/bucketV2:BucketV2"
	policyType = "aws:s3/bucketPolicy:BucketPolicy"
	vpcType    = "aws:ec2/vpc:Vpc"
)

// testSpec is a small type table exercising every engine feature.
func testSpec() Spec {
	return Spec{
		Name:      "aws",
		Version:   "6.83.4",
		TypesFile: "tests/standin/aws/types.go",
		Account:   "123456789012",
		Types: []TypeSpec{
			{
				Token:            bucketType,
				ID:               InputID("bucket"),
				ReplaceOnChanges: []string{"bucket", "bucketPrefix", "objectLockEnabled"},
				Taggable:         true,
				AutoName:         &AutoName{Property: "bucket", PrefixProperty: "bucketPrefix", Lowercase: true, MaxLength: 63},
				Outputs: func(c *Ctx) map[string]any {
					return map[string]any{
						"arn":                      "arn:aws:s3:::" + c.Str("bucket"),
						"bucketRegionalDomainName": c.Str("bucket") + ".s3." + c.Region + ".amazonaws.com",
						"forceDestroy":             false,
						"grants":                   []any{},
					}
				},
			},
			{
				Token:            policyType,
				ID:               InputID("bucket"),
				ReplaceOnChanges: []string{"bucket"},
			},
			{
				Token:            vpcType,
				ID:               HexID("vpc"),
				ReplaceOnChanges: []string{"cidrBlock"},
				Taggable:         true,
				Outputs: func(c *Ctx) map[string]any {
					return map[string]any{
						"defaultSecurityGroupId": c.Keep("defaultSecurityGroupId", func() any { return "sg-" + RandomHex(17) }),
						"enableDnsSupport":       true,
					}
				},
			},
		},
		Invokes: map[string]InvokeFunc{
			"aws:index/getRegion:getRegion": func(s Settings, _ property.Map) (map[string]any, error) {
				return map[string]any{"name": s.Region}, nil
			},
		},
		Configure: func(args property.Map) (Settings, error) {
			s := Settings{Region: "us-east-1", DefaultTags: map[string]string{}}
			if r := stringOf(args.Get("region")); r != "" {
				s.Region = r
			}
			if dt := args.Get("defaultTags"); dt.IsMap() {
				s.DefaultTags, _ = stringMapOf(dt.AsMap().Get("tags"))
			}
			return s, nil
		},
	}
}

// newServer starts a stand-in with opts, configured with config.
func newServer(t *testing.T, opts Options, config map[string]property.Value) integration.Server {
	t.Helper()
	prov, err := New(testSpec(), opts)
	require.NoError(t, err)
	s, err := integration.NewServer(t.Context(), "aws", semver.MustParse("6.83.4"), integration.WithProvider(prov))
	require.NoError(t, err)
	require.NoError(t, s.Configure(p.ConfigureRequest{Args: property.NewMap(config)}))
	return s
}

// ledgerOpts returns Options with a fresh ledger in a temp dir.
func ledgerOpts(t *testing.T) Options {
	return Options{LedgerPath: filepath.Join(t.TempDir(), "ledger.json"), RunID: t.Name()}
}

func urn(typ, name string) presource.URN {
	return presource.URN("urn:pulumi:dev::proj::" + typ + "::" + name)
}

// props builds a property map from plain values.
func props(m map[string]any) property.Map { return mapFromPlain(m) }

// checkAndCreate runs Check then Create, as the engine does for a new resource.
func checkAndCreate(t *testing.T, s integration.Server, typ, name string, inputs map[string]any) (string, property.Map, property.Map) {
	t.Helper()
	checked, err := s.Check(p.CheckRequest{Urn: urn(typ, name), Inputs: props(inputs)})
	require.NoError(t, err)
	created, err := s.Create(p.CreateRequest{Urn: urn(typ, name), Properties: checked.Inputs})
	require.NoError(t, err)
	return created.ID, checked.Inputs, created.Properties
}
