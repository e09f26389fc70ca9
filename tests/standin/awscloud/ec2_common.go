package awscloud

// What the EC2 types share: tags at creation, ARNs the Terraform provider
// derives from ids, and describe answers moto gives for missing ids.

import (
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// tagSpecs are the tags of a new EC2 resource of resourceType (vpc, subnet,
// ...): the provider's default tags under the resource's own, sent with
// the create call as the Terraform provider does.
func tagSpecs(k call, resourceType ec2types.ResourceType) []ec2types.TagSpecification {
	tags := k.c.TagsAll()
	if len(tags) == 0 {
		return nil
	}
	return []ec2types.TagSpecification{{ResourceType: resourceType, Tags: ec2Tags(tags)}}
}

// ec2Tags are tags in EC2's form, sorted by key.
func ec2Tags(tags map[string]string) []ec2types.Tag {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]ec2types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, ec2types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// ec2ARN is the ARN the Terraform provider derives for an EC2 resource
// moto (like EC2 itself) answers without one: arn:aws:ec2:R:A:<kind>/<id>.
func ec2ARN(k call, kind, id string) string {
	return fmt.Sprintf("arn:aws:ec2:%s:%s:%s/%s", k.api.Region, k.c.Account, kind, id)
}
