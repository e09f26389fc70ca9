package awscloud

// The provider functions orgiac calls that AWS answers: the caller's
// identity and the region's availability zones.

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// CallerIdentity is sts GetCallerIdentity, as aws:index/getCallerIdentity
// returns it.
func CallerIdentity(ctx context.Context, api *API, region string) (map[string]any, error) {
	out, err := api.In(region).STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("getting the caller identity: %w", err)
	}
	return map[string]any{
		"id": aws.ToString(out.Account), "accountId": aws.ToString(out.Account),
		"arn": aws.ToString(out.Arn), "userId": aws.ToString(out.UserId),
	}, nil
}

// AvailabilityZones is ec2 DescribeAvailabilityZones, as
// aws:index/getAvailabilityZones returns it, less the excluded zones.
func AvailabilityZones(ctx context.Context, api *API, region string, excludeNames, excludeIDs []string,
) (map[string]any, error) {
	out, err := api.In(region).EC2.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{})
	if err != nil {
		return nil, fmt.Errorf("describing the availability zones of %s: %w", region, err)
	}
	names, ids, groups := []any{}, []any{}, []any{}
	for _, z := range out.AvailabilityZones {
		name, id := aws.ToString(z.ZoneName), aws.ToString(z.ZoneId)
		if slices.Contains(excludeNames, name) || slices.Contains(excludeIDs, id) {
			continue
		}
		// moto leaves GroupName out; in AWS it is the region for a zone.
		group := aws.ToString(z.GroupName)
		if group == "" {
			group = region
		}
		names, ids, groups = append(names, name), append(ids, id), append(groups, group)
	}
	return map[string]any{"id": region, "names": names, "zoneIds": ids, "groupNames": groups, "state": "available"}, nil
}
