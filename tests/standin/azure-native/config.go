package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Identities the stand-in reports when the configuration names none. They are
// obviously fake so that nothing in a test is mistaken for a real tenant.
const (
	defaultSubscriptionID = "00000000-0000-0000-0000-000000000000"
	defaultTenantID       = "11111111-1111-1111-1111-111111111111"
	defaultClientID       = "22222222-2222-2222-2222-222222222222"
	defaultObjectID       = "33333333-3333-3333-3333-333333333333"
	// defaultLocation is used when neither a resource, its resource group, the
	// config nor the environment names a location, so tests never depend on
	// the machine's Azure setup.
	defaultLocation = "eastus"
)

// Keys of standin.Settings.Values the Azure stand-in sets.
const (
	keyLocation     = "location"
	keySubscription = "subscriptionId"
	keyTenant       = "tenantId"
	keyClient       = "clientId"
)

// configure reads the provider configuration the stand-in cares about:
// location, subscriptionId, tenantId and clientId, each falling back to its
// ARM_* environment variable as the real provider does. Credentials
// (clientSecret, certificates, OIDC tokens) and every other key are accepted
// and ignored; secrets are never kept.
//
// Settings.Values["location"] is set only when a location was configured, so
// outputs can tell it from the default and prefer the resource group's.
func configure(args property.Map) (standin.Settings, error) {
	s := standin.Settings{Values: map[string]string{}, DefaultTags: map[string]string{}}
	for _, c := range []struct{ key, env, def string }{
		{keyLocation, "ARM_LOCATION", ""},
		{keySubscription, "ARM_SUBSCRIPTION_ID", defaultSubscriptionID},
		{keyTenant, "ARM_TENANT_ID", defaultTenantID},
		{keyClient, "ARM_CLIENT_ID", defaultClientID},
	} {
		v := str(args.Get(c.key))
		if v == "" {
			v = os.Getenv(c.env)
		}
		if v == "" {
			v = c.def
		}
		if v != "" {
			s.Values[c.key] = v
		}
	}
	s.Region = s.Values[keyLocation]
	if s.Region == "" {
		s.Region = defaultLocation
	}
	return s, nil
}

// str returns the string in v (secret or not), or "".
func str(v property.Value) string {
	if v.IsString() {
		return v.AsString()
	}
	return ""
}
