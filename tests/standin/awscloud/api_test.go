package awscloud

import (
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/stretchr/testify/assert"
)

func TestMarkCutOff_RetriesOnlyCallsSafeToSendTwiceWhoseConnectionClosed(t *testing.T) {
	closed := fmt.Errorf("deserialization failed: %w", &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed})
	reset := fmt.Errorf("deserialization failed: %w", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)})
	other := fmt.Errorf("api error InvalidSubnet.Range: the CIDR is invalid")
	retryable := func(err error) bool { return retry.RetryableError{}.IsErrorRetryable(err) == aws.TrueTernary }

	for _, op := range []string{"DescribeSecurityGroups", "ListRoles", "HeadBucket", "PutBucketPolicy",
		"ModifyVpcAttribute", "RevokeSecurityGroupEgress", "DeleteVpc", "DisassociateRouteTable", "ReleaseAddress",
		"ScheduleKeyDeletion", "UntagResource"} {
		assert.True(t, retryable(markCutOff(op, closed)), "a cut-off %s is sent again", op)
		assert.True(t, retryable(markCutOff(op, reset)), "a reset %s is sent again", op)
	}
	for _, op := range []string{"CreateVpc", "AllocateAddress", "AssociateRouteTable", "AttachInternetGateway",
		"AuthorizeSecurityGroupIngress", "AddClientIDToOpenIDConnectProvider", "UpdateClusterVersion"} {
		assert.False(t, retryable(markCutOff(op, closed)), "%s is never sent twice", op)
	}
	assert.False(t, retryable(markCutOff("DescribeVpcs", other)), "AWS's refusals are not retried")
	assert.NoError(t, markCutOff("DescribeVpcs", nil))
	assert.ErrorIs(t, markCutOff("DescribeVpcs", closed), net.ErrClosed, "the cause stays readable")
}
