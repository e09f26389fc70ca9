// Command goprogram runs both sides of the engine-overhead benchmark as
// inline Pulumi Automation API programs, so the two differ in nothing but
// orgiac:
//
//   - -program raw declares, for each of N buckets, the same aws resources an
//     orgiac SecureBucket registers with its defaults (bucket, ownership
//     controls, public access block, TLS-only policy, versioning, KMS key,
//     encryption, access logging, lifecycle), directly through the aws Go SDK,
//     each group under a plain component resource so the resource count
//     matches;
//
//   - -program orgiac declares N orgiac SecureBuckets through the generated Go
//     SDK (sdk/go/orgiac), which the orgiac plugin constructs.
//
//     goprogram -program raw|orgiac -n 50 -dir /tmp/work -op setup|preview|up|destroy
//
// With -policy-pack (the pulumi-analyzer-policy-orgiac binary, an absolute
// path) and optionally -policy-pack-config (a JSON file of levels, such as
// {"all": "advisory"}), preview and up run under that policy pack; the
// program then fails unless the engine reports the pack as run and the pack
// analysed at least one resource, so a timing never stands for a run in
// which the pack did not take part.
//
// It prints, as JSON, "ms": the time from the start of the operation to the
// engine's summary event (CLI start-up and the whole update included;
// workspace setup, and the `stack history`/`stack output` calls the
// Automation API makes after an up, excluded, since the orgiac side of the
// comparison is a bare `pulumi up`), "totalMs": the whole Automation API
// call, and what the engine reported: "resources" (resource steps, the stack
// and default providers included), "policyPacks" (packs run, from the
// summary), "policyAnalyzed" (per-resource analyses), "policyStackAnalyzed"
// (whole-stack analyses), "policyViolations" and "policyMandatory" (of those,
// mandatory). Used by bench/run.sh; not part of the product.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	orgiacaws "github.com/orgiac/pulumi-orgiac/sdk/go/orgiac/aws"
)

type bucketGroup struct{ pulumi.ResourceState }

func program(kind string, n int) (pulumi.RunFunc, error) {
	declare := map[string]func(*pulumi.Context, string) error{"raw": rawBucket, "orgiac": orgiacBucket}[kind]
	if declare == nil {
		return nil, fmt.Errorf("unknown -program %q: use raw or orgiac", kind)
	}
	return func(ctx *pulumi.Context) error {
		for i := 0; i < n; i++ {
			if err := declare(ctx, "bucket"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// orgiacBucket is what the raw program spells out, as one orgiac component.
func orgiacBucket(ctx *pulumi.Context, name string) error {
	_, err := orgiacaws.NewSecureBucket(ctx, name, &orgiacaws.SecureBucketArgs{
		Tags: pulumi.StringMap{"DataClassification": pulumi.String("internal")},
	})
	return err
}

const tlsPolicy = `{"Version":"2012-10-17","Statement":[` +
	`{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["%[1]s","%[1]s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
	`{"Sid":"DenyOutdatedTLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["%[1]s","%[1]s/*"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}]}`

func rawBucket(ctx *pulumi.Context, name string) error {
	grp := &bucketGroup{}
	if err := ctx.RegisterComponentResource("bench:raw:Bucket", name, grp); err != nil {
		return err
	}
	parent := pulumi.Parent(grp)
	tags := pulumi.StringMap{
		"Organization": pulumi.String("acme"), "Environment": pulumi.String("dev"),
		"Owner": pulumi.String("team-data"), "ManagedBy": pulumi.String("pulumi"),
		"DataClassification": pulumi.String("internal"),
	}
	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		BucketPrefix: pulumi.String("acme-dev-" + name + "-"), ForceDestroy: pulumi.Bool(false),
		ObjectLockEnabled: pulumi.Bool(false), Tags: tags,
	}, parent)
	if err != nil {
		return err
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(), Rule: &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent); err != nil {
		return err
	}
	pab, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket: bucket.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := s3.NewBucketPolicy(ctx, name+"-tls-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: bucket.Arn.ApplyT(func(arn string) string { return fmt.Sprintf(tlsPolicy, arn) }).(pulumi.StringOutput),
	}, parent, pulumi.DependsOn([]pulumi.Resource{pab})); err != nil {
		return err
	}
	versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, parent)
	if err != nil {
		return err
	}
	key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
		Description: pulumi.String("Encrypts the S3 bucket " + name + "."), EnableKeyRotation: pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30), Tags: tags,
	}, parent)
	if err != nil {
		return err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: key.Arn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, parent); err != nil {
		return err
	}
	if _, err := s3.NewBucketLoggingV2(ctx, name+"-logging", &s3.BucketLoggingV2Args{
		Bucket: bucket.ID(), TargetBucket: pulumi.String("acme-access-logs"), TargetPrefix: pulumi.String(name + "/"),
	}, parent); err != nil {
		return err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("abort-incomplete-uploads"), Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(7),
			},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(90),
			},
		}},
	}, parent, pulumi.DependsOn([]pulumi.Resource{versioning})); err != nil {
		return err
	}
	return ctx.RegisterResourceOutputs(grp, pulumi.Map{"bucketName": bucket.Bucket, "bucketArn": bucket.Arn})
}

func main() {
	kind := flag.String("program", "raw", "raw (aws resources) or orgiac (SecureBuckets)")
	n := flag.Int("n", 1, "number of buckets")
	dir := flag.String("dir", "", "work folder (the program's workspace)")
	op := flag.String("op", "preview", "setup, preview, up or destroy")
	stackName := flag.String("stack", "dev", "stack name")
	pack := flag.String("policy-pack", "", "policy pack to run preview and up under (absolute path)")
	packConfig := flag.String("policy-pack-config", "", "its configuration file (JSON), with -policy-pack")
	flag.Parse()
	if *dir == "" {
		fail(fmt.Errorf("-dir is required"))
	}
	if *packConfig != "" && *pack == "" {
		fail(fmt.Errorf("-policy-pack-config needs -policy-pack"))
	}
	prog, err := program(*kind, *n)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	proj := auto.Project(workspace.Project{
		Name:    tokens.PackageName("bench-" + *kind),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
	})
	s, err := auto.UpsertStackInlineSource(ctx, *stackName, "bench-"+*kind, prog, proj, auto.WorkDir(*dir))
	if err != nil {
		fail(err)
	}
	previewOpts := []optpreview.Option{optpreview.ProgressStreams(io.Discard)}
	upOpts := []optup.Option{optup.ProgressStreams(io.Discard)}
	if *pack != "" {
		previewOpts = append(previewOpts, optpreview.PolicyPacks(*pack))
		upOpts = append(upOpts, optup.PolicyPacks(*pack))
		if *packConfig != "" {
			previewOpts = append(previewOpts, optpreview.PolicyPackConfigs(*packConfig))
			upOpts = append(upOpts, optup.PolicyPackConfigs(*packConfig))
		}
	}
	evCh := make(chan events.EngineEvent)
	var summaryAt atomic.Int64 // unix nanoseconds of the summary event
	var seen counts            // read after evDone
	evDone := make(chan struct{})
	go func() {
		defer close(evDone)
		for e := range evCh { // closed by the Automation API when the command ends
			seen.add(e)
			if e.SummaryEvent != nil {
				summaryAt.Store(time.Now().UnixNano())
			}
		}
	}()
	start := time.Now()
	switch *op {
	case "setup":
		// The orgiac program's configuration, as the YAML program sets it.
		err = s.SetAllConfig(ctx, auto.ConfigMap{
			"aws:region": {Value: "us-west-2"}, "orgiac:organization": {Value: "acme"},
			"orgiac:loggingBucket": {Value: "acme-access-logs"}, "orgiac:owner": {Value: "team-data"},
		})
		close(evCh)
	case "preview":
		_, err = s.Preview(ctx, append(previewOpts, optpreview.EventStreams(evCh))...)
	case "up":
		_, err = s.Up(ctx, append(upOpts, optup.EventStreams(evCh))...)
	case "destroy":
		_, err = s.Destroy(ctx, optdestroy.ProgressStreams(io.Discard), optdestroy.EventStreams(evCh))
	default:
		err = fmt.Errorf("unknown -op %q", *op)
	}
	total := time.Since(start)
	if err != nil {
		fail(err)
	}
	<-evDone
	if *pack != "" && (*op == "preview" || *op == "up") {
		if seen.policyPacks == 0 || seen.policyAnalyzed == 0 {
			fail(fmt.Errorf("%s succeeded, but the policy pack %s did not run (%d packs in the summary, "+
				"%d resources analysed)", *op, *pack, seen.policyPacks, seen.policyAnalyzed))
		}
	}
	toSummary := total
	if at := summaryAt.Load(); at != 0 {
		toSummary = time.Unix(0, at).Sub(start)
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]float64{
		"ms":                  float64(toSummary.Microseconds()) / 1000,
		"totalMs":             float64(total.Microseconds()) / 1000,
		"resources":           float64(seen.resources),
		"policyPacks":         float64(seen.policyPacks),
		"policyAnalyzed":      float64(seen.policyAnalyzed),
		"policyStackAnalyzed": float64(seen.policyStackAnalyzed),
		"policyViolations":    float64(seen.policyViolations),
		"policyMandatory":     float64(seen.policyMandatory),
	})
}

// counts is what the engine's events of one operation reported.
type counts struct {
	resources, policyPacks, policyAnalyzed, policyStackAnalyzed, policyViolations, policyMandatory int
}

func (c *counts) add(e events.EngineEvent) {
	switch {
	case e.ResourcePreEvent != nil:
		c.resources++
	case e.PolicyAnalyzeSummaryEvent != nil:
		c.policyAnalyzed++
	case e.PolicyAnalyzeStackSummaryEvent != nil:
		c.policyStackAnalyzed++
	case e.PolicyEvent != nil:
		c.policyViolations++
		if e.PolicyEvent.EnforcementLevel == "mandatory" {
			c.policyMandatory++
		}
	case e.SummaryEvent != nil:
		c.policyPacks = len(e.SummaryEvent.PolicyPacks)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "goprogram:", err)
	os.Exit(1)
}
