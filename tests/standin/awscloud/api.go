package awscloud

// The clients of one emulated AWS account, per region.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Test credentials: moto accepts any, and nothing real may ever be used.
const (
	testAccessKey = "AKIASTANDINTESTKEY00"
	testSecretKey = "stand-in-test-secret-not-a-real-key"
)

// DefaultAccount is moto's default account id.
const DefaultAccount = "123456789012"

// API reaches one account of a moto server.
type API struct {
	endpoint string
	account  string

	mu      sync.Mutex
	regions map[string]*Clients
}

// Clients are the service clients of one region.
type Clients struct {
	Region string
	S3     *s3.Client
	EC2    *ec2.Client
	IAM    *iam.Client
	KMS    *kms.Client
	Logs   *cloudwatchlogs.Client
	EKS    *eks.Client
	STS    *sts.Client
}

// New reaches the account of the moto server at endpoint (http://127.0.0.1:PORT).
// Each account is a separate emulated cloud, which is how parallel tests
// keep out of each other's way; S3 bucket names are shared by all of them.
func New(endpoint, account string) *API {
	if account == "" {
		account = DefaultAccount
	}
	return &API{endpoint: endpoint, account: account, regions: map[string]*Clients{}}
}

// Account is the account id this API acts in.
func (a *API) Account() string { return a.account }

// In returns the clients of region.
func (a *API) In(region string) *Clients {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.regions[region]; ok {
		return c
	}
	cfg := aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, ""),
		BaseEndpoint: aws.String(a.endpoint),
		Retryer:      resendRetryer,
		APIOptions:   []func(*middleware.Stack) error{a.accountHeader, markResendable},
	}
	c := &Clients{
		Region: region,
		S3:     s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		EC2:    ec2.NewFromConfig(cfg),
		IAM:    iam.NewFromConfig(cfg),
		KMS:    kms.NewFromConfig(cfg),
		Logs:   cloudwatchlogs.NewFromConfig(cfg),
		EKS:    eks.NewFromConfig(cfg),
		STS:    sts.NewFromConfig(cfg),
	}
	a.regions[region] = c
	return c
}

// resendRetryer retries only what markResendable marks, at once: moto
// answers at once or not at all, so any other retry would only hide an
// error (or, for a create, make a second resource).
var resendRetryer = func() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.Retryables = []retry.IsErrorRetryable{retry.RetryableError{}}
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 10 * time.Millisecond, nil })
		o.RateLimiter = ratelimit.None
	})
}

// markResendable marks a call whose answer was cut off by its connection
// closing as retryable, when sending it twice is safe. Under load, moto's
// server sometimes resets a connection it has already answered on; Go's
// transport then reports "use of closed network connection" or "connection
// reset" while the body is read (aws/aws-sdk-go-v2#1825, #2737: the SDK's
// default retryer retries both, for every call). The server did act on the
// request, so only a call that leaves the same state when sent twice may go
// again: a read, or a call that sets, clears or deletes something, whose
// handler already takes "not found" or "already in that state" as done. A
// create-like call (Create, Allocate, Associate, Attach, Authorize, Add, Run)
// never is: its second answer would be a duplicate or a second resource.
func markResendable(stack *middleware.Stack) error {
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("orgiacStandinResendable",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler,
		) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			return out, md, markCutOff(awsmiddleware.GetOperationName(ctx), err)
		}), middleware.Before)
}

// markCutOff marks err retryable when operation is safe to send twice and err
// is its connection closing under it.
func markCutOff(operation string, err error) error {
	if err != nil && resendable(operation) && cutOffConnection(err) {
		return cutOffAnswer{err}
	}
	return err
}

func cutOffConnection(err error) bool {
	return errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// startsAsync are calls that set state in their name but start a new
// update each time they are sent.
var startsAsync = map[string]bool{"UpdateClusterVersion": true, "UpdateNodegroupVersion": true}

func resendable(operation string) bool {
	if startsAsync[operation] {
		return false
	}
	for _, verb := range []string{
		"Describe", "List", "Get", "Head", // reads
		"Put", "Modify", "Update", "Replace", "Enable", "Disable", "Tag", "Untag", // sets
		"Delete", "Revoke", "Disassociate", "Detach", "Remove", "Release", "ScheduleKeyDeletion", // clears
	} {
		if strings.HasPrefix(operation, verb) {
			return true
		}
	}
	return false
}

// cutOffAnswer is an answer lost on the way; retry.RetryableError retries it.
type cutOffAnswer struct{ error }

func (e cutOffAnswer) Unwrap() error        { return e.error }
func (e cutOffAnswer) RetryableError() bool { return true }

// accountHeader sends every request to this API's account (moto's
// x-moto-account-id).
func (a *API) accountHeader(stack *middleware.Stack) error {
	return stack.Build.Add(middleware.BuildMiddlewareFunc("orgiacStandinMotoAccount",
		func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler,
		) (middleware.BuildOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				req.Header.Set("x-moto-account-id", a.account)
			}
			return next.HandleBuild(ctx, in)
		}), middleware.After)
}

// verb wraps an API error the way the Terraform provider does, so the user
// sees AWS's code and message: "creating EC2 Subnet (web-a): operation error
// EC2: CreateSubnet, ..., api error InvalidSubnet.Range: The CIDR ... is
// invalid."
func verb(action, kind, name string, err error) error {
	return fmt.Errorf("%s %s (%s): %w", action, kind, name, err)
}
