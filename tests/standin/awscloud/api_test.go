package awscloud

import (
	"fmt"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/stretchr/testify/assert"
)

func TestMarkCutOffRead_RetriesOnlyReadsWhoseConnectionClosed(t *testing.T) {
	closed := fmt.Errorf("deserialization failed: %w", &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed})
	other := fmt.Errorf("api error InvalidSubnet.Range: the CIDR is invalid")
	retryable := func(err error) bool { return retry.RetryableError{}.IsErrorRetryable(err) == aws.TrueTernary }

	assert.True(t, retryable(markCutOffRead("DescribeSecurityGroups", closed)), "a cut-off read is sent again")
	assert.True(t, retryable(markCutOffRead("ListRoles", closed)))
	assert.False(t, retryable(markCutOffRead("CreateVpc", closed)), "a create is never sent twice")
	assert.False(t, retryable(markCutOffRead("DescribeVpcs", other)), "AWS's refusals are not retried")
	assert.NoError(t, markCutOffRead("DescribeVpcs", nil))
	assert.ErrorIs(t, markCutOffRead("DescribeVpcs", closed), net.ErrClosed, "the cause stays readable")
}
