package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// invokes are the provider functions the components may call, with answers
// shaped like the real ones (token and result fields as in the
// pulumi-azure-native-sdk/authorization/v2 v2.92.0 GetClientConfigResult).
var invokes = map[string]standin.InvokeFunc{
	"azure-native:authorization:getClientConfig": getClientConfig,
}

// getClientConfig describes the identity the provider runs as: the
// configured (or default fake) client, tenant and subscription.
func getClientConfig(s standin.Settings, _ property.Map) (map[string]any, error) {
	or := func(key, def string) string {
		if v := s.Values[key]; v != "" {
			return v
		}
		return def
	}
	return map[string]any{
		"clientId":       or(keyClient, defaultClientID),
		"objectId":       defaultObjectID,
		"subscriptionId": or(keySubscription, defaultSubscriptionID),
		"tenantId":       or(keyTenant, defaultTenantID),
	}, nil
}
