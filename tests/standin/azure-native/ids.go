package main

import (
	"strings"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// ARM resource ids: every Azure resource is addressed by its path,
//
//	/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>[/<childType>/<childName>...]
//
// built here from the subscription the provider is configured with and the
// checked inputs (so an autonamed name is already filled in).

// pathSegment is one "<collection>/<name>" pair of an ARM path. The name is
// the value of the input key, or fallback when that input is unset (a
// singleton such as blobServices/default).
type pathSegment struct {
	collection, key, fallback string
}

// segment is a path pair named by a required (or autonamed) input.
func segment(collection, key string) pathSegment {
	return pathSegment{collection: collection, key: key}
}

// fixedSegment is a path pair whose name defaults to fallback; key may be ""
// when no input can change it.
func fixedSegment(collection, key, fallback string) pathSegment {
	return pathSegment{collection: collection, key: key, fallback: fallback}
}

// armID returns the id generator of a resource in a resource group under the
// given provider namespace. It returns "" (an error at Create) when
// resourceGroupName or a name in the path is missing.
func armID(namespace string, path ...pathSegment) func(*standin.Ctx) string {
	return func(c *standin.Ctx) string {
		id := resourceGroupPath(c, c.Str("resourceGroupName"))
		if id == "" {
			return ""
		}
		var sb strings.Builder
		sb.WriteString(id + "/providers/" + namespace)
		for _, seg := range path {
			name := seg.fallback
			if seg.key != "" {
				name = c.StrOr(seg.key, seg.fallback)
			}
			if name == "" {
				return ""
			}
			sb.WriteString("/" + seg.collection + "/" + name)
		}
		return sb.String()
	}
}

// resourceGroupID is the id of a resource group: /subscriptions/<sub>/resourceGroups/<name>.
func resourceGroupID(c *standin.Ctx) string { return resourceGroupPath(c, c.Str("resourceGroupName")) }

// resourceGroupPath is the id of the named resource group, or "" without a name.
func resourceGroupPath(c *standin.Ctx, rg string) string {
	if rg == "" {
		return ""
	}
	return "/subscriptions/" + subscription(c) + "/resourceGroups/" + rg
}

// subscription is the configured subscription id.
func subscription(c *standin.Ctx) string {
	if s := c.Settings.Values[keySubscription]; s != "" {
		return s
	}
	return c.Account
}

// parentID strips the last "/<collection>/<name>" pair of an ARM id: the
// account of a blob service, the network of a subnet.
func parentID(id string) string {
	for range 2 {
		i := strings.LastIndex(id, "/")
		if i < 0 {
			return ""
		}
		id = id[:i]
	}
	return id
}
