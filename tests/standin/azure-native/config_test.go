package main

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigureReadsLocationAndIdentities(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		args     map[string]any
		region   string
		location string // Values["location"]: set only when configured
		sub      string
	}{
		{"nothing set uses the defaults", nil, map[string]any{}, defaultLocation, "", defaultSubscriptionID},
		{"config wins", map[string]string{"ARM_LOCATION": "uksouth", "ARM_SUBSCRIPTION_ID": "env-sub"},
			map[string]any{"location": "westeurope", "subscriptionId": "cfg-sub"}, "westeurope", "westeurope", "cfg-sub"},
		{"the environment fills in", map[string]string{"ARM_LOCATION": "uksouth", "ARM_SUBSCRIPTION_ID": "env-sub"},
			map[string]any{}, "uksouth", "uksouth", "env-sub"},
		{"credentials and unknown keys are ignored", nil,
			map[string]any{"clientSecret": "s3cret", "useMsi": true, "environment": "public"},
			defaultLocation, "", defaultSubscriptionID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"ARM_LOCATION", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "ARM_CLIENT_ID"} {
				t.Setenv(k, "")
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			got, err := configure(toMap(t, tt.args))
			require.NoError(t, err)
			assert.Equal(t, tt.region, got.Region)
			assert.Equal(t, tt.location, got.Values[keyLocation])
			assert.Equal(t, tt.sub, got.Values[keySubscription])
			for _, v := range got.Values {
				assert.NotEqual(t, "s3cret", v, "secrets are not kept")
			}
		})
	}
}

func TestGetClientConfigReportsTheConfiguredIdentity(t *testing.T) {
	for _, k := range []string{"ARM_LOCATION", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "ARM_CLIENT_ID"} {
		t.Setenv(k, "")
	}
	s, _ := newServer(t, map[string]any{"tenantId": "tenant-1", "clientId": "client-1", "clientSecret": "x"})
	resp, err := s.Invoke(p.InvokeRequest{Token: "azure-native:authorization:getClientConfig"})
	require.NoError(t, err)
	assert.Equal(t, "client-1", resp.Return.Get("clientId").AsString())
	assert.Equal(t, "tenant-1", resp.Return.Get("tenantId").AsString())
	assert.Equal(t, defaultSubscriptionID, resp.Return.Get("subscriptionId").AsString())
	assert.Equal(t, defaultObjectID, resp.Return.Get("objectId").AsString())

	_, err = s.Invoke(p.InvokeRequest{Token: "azure-native:resources:getNothing"})
	assert.EqualError(t, err, `stand-in azure-native provider does not know function "azure-native:resources:getNothing"; `+
		`add it to tests/standin/azure-native/types.go`)
}

func TestGetPluginInfoReportsAzureNative(t *testing.T) {
	s, _ := newServer(t, nil)
	resp, err := s.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"azure-native","version":"2.92.0"}`, resp.Schema)
}
