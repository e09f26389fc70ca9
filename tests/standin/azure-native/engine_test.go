package main

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// The behaviour the shared engine gives every stand-in, checked through the
// azure-native type table.

func TestUnknownTypeFailsNamingTheTypeAndTheTypesFile(t *testing.T) {
	const want = `stand-in azure-native provider does not know resource type "azure-native:compute:VirtualMachine"; ` +
		`add it to tests/standin/azure-native/types.go`
	s, ledger := newServer(t, nil)
	_, err := s.Check(p.CheckRequest{Urn: urn("azure-native:compute:VirtualMachine", "vm"), Inputs: property.Map{}})
	assert.EqualError(t, err, want)
	_, err = s.Create(p.CreateRequest{Urn: urn("azure-native:compute:VirtualMachine", "vm"), Properties: property.Map{}})
	assert.EqualError(t, err, want)

	entries, err := standin.ReadLedger(ledger)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestCreateWithoutAResourceGroupFails(t *testing.T) {
	s, _ := newServer(t, nil)
	checked := check(t, s, virtualNetworkType, "vnet", map[string]any{})
	_, err := s.Create(p.CreateRequest{Urn: urn(virtualNetworkType, "vnet"), Properties: checked})
	assert.ErrorContains(t, err, "cannot make an id for azure-native:network:VirtualNetwork vnet")
}

func TestLedgerRecordsCreatesAndDeletes(t *testing.T) {
	s, ledger := newServer(t, nil)
	rgID, _ := create(t, s, resourceGroupType, "rg", map[string]any{"resourceGroupName": "app", "location": "westus3"})
	vnetID, vnet := create(t, s, virtualNetworkType, "vnet", map[string]any{"resourceGroupName": "app"})

	entries, err := standin.ReadLedger(ledger)
	require.NoError(t, err)
	require.Len(t, entries, 2)
	e := entries[standin.LedgerKey(virtualNetworkType, vnetID)]
	assert.Equal(t, string(urn(virtualNetworkType, "vnet")), e.URN)
	assert.Equal(t, "westus3", e.State["location"], "the network took its group's location")
	assert.Equal(t, []any{"virtualNetworkName"}, e.Inputs["__defaults"])

	require.NoError(t, s.Delete(p.DeleteRequest{ID: vnetID, Urn: urn(virtualNetworkType, "vnet"), Properties: vnet}))
	entries, err = standin.ReadLedger(ledger)
	require.NoError(t, err)
	assert.Equal(t, []string{standin.LedgerKey(resourceGroupType, rgID)}, keys(entries))

	resp, err := s.Read(p.ReadRequest{ID: vnetID, Urn: urn(virtualNetworkType, "vnet"), Properties: vnet})
	require.NoError(t, err)
	assert.Empty(t, resp.ID, "a deleted resource reads as gone")
}

func TestPreviewLeavesComputedOutputsUnknown(t *testing.T) {
	s, ledger := newServer(t, nil)
	checked := check(t, s, storageAccountType, "data", map[string]any{
		"resourceGroupName": "rg1", "kind": "StorageV2", "sku": map[string]any{"name": "Standard_LRS"},
	})
	resp, err := s.Create(p.CreateRequest{Urn: urn(storageAccountType, "data"), Properties: checked, DryRun: true})
	require.NoError(t, err)
	assert.True(t, resp.Properties.Get("id").IsComputed())
	assert.True(t, resp.Properties.Get("primaryEndpoints").IsComputed())
	assert.Equal(t, checked.Get("accountName"), resp.Properties.Get("accountName"), "inputs stay known")
	entries, err := standin.ReadLedger(ledger)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestDiffReplacesOnPathInputsAndLocation(t *testing.T) {
	s, _ := newServer(t, nil)
	base := map[string]any{
		"resourceGroupName": "rg1", "accountName": "orgdata01", "location": "westeurope", "kind": "StorageV2",
		"sku": map[string]any{"name": "Standard_LRS"}, "minimumTlsVersion": "TLS1_2",
	}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for bk, bv := range base {
			m[bk] = bv
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name string
		news map[string]any
		want map[string]p.DiffKind
	}{
		{"no change", base, map[string]p.DiffKind{}},
		{"another resource group replaces", with("resourceGroupName", "rg2"),
			map[string]p.DiffKind{"resourceGroupName": p.UpdateReplace}},
		{"another account name replaces", with("accountName", "orgdata02"),
			map[string]p.DiffKind{"accountName": p.UpdateReplace}},
		{"another location replaces", with("location", "northeurope"), map[string]p.DiffKind{"location": p.UpdateReplace}},
		{"a setting updates in place", with("minimumTlsVersion", "TLS1_0"),
			map[string]p.DiffKind{"minimumTlsVersion": p.Update}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.Diff(p.DiffRequest{
				ID: "id", Urn: urn(storageAccountType, "data"),
				State: toMap(t, base), OldInputs: toMap(t, base), Inputs: toMap(t, tt.news),
			})
			require.NoError(t, err)
			got := map[string]p.DiffKind{}
			for k, d := range resp.DetailedDiff {
				got[k] = d.Kind
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFailCreateTakesAzureTokens(t *testing.T) {
	opts := standin.Options{
		LedgerPath: t.TempDir() + "/ledger.json", RunID: t.Name(),
		FailCreate: "azure-native:storage:BlobContainer:2",
	}
	s := newServerWith(t, opts, nil)
	in := map[string]any{"resourceGroupName": "rg1", "accountName": "acct"}
	create(t, s, blobContainerType, "first", in)
	create(t, s, storageAccountType, "other-type", map[string]any{"resourceGroupName": "rg1"})

	checked := check(t, s, blobContainerType, "second", in)
	_, err := s.Create(p.CreateRequest{Urn: urn(blobContainerType, "second"), Properties: checked})
	assert.EqualError(t, err, "stand-in: injected failure creating azure-native:storage:BlobContainer second "+
		"(STANDIN_FAIL_CREATE=azure-native:storage:BlobContainer:2)")

	entries, err := standin.ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "the failed create recorded nothing")
}

func keys(m map[string]standin.Entry) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
