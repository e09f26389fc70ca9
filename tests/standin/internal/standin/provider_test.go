package standin

import (
	"encoding/json"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnknownResourceTypeFailsCheckAndCreateNamingTheType(t *testing.T) {
	const want = `stand-in aws provider does not know resource type "aws:foo/bar:Bar"; add it to tests/standin/aws/types.go`
	opts := ledgerOpts(t)
	s := newServer(t, opts, nil)

	_, err := s.Check(p.CheckRequest{Urn: urn("aws:foo/bar:Bar", "x"), Inputs: property.Map{}})
	assert.EqualError(t, err, want)

	_, err = s.Create(p.CreateRequest{Urn: urn("aws:foo/bar:Bar", "x"), Properties: property.Map{}})
	assert.EqualError(t, err, want)

	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestUnknownInvokeFailsNamingTheToken(t *testing.T) {
	s := newServer(t, Options{}, nil)
	_, err := s.Invoke(p.InvokeRequest{Token: "aws:index/getNothing:getNothing"})
	assert.EqualError(t, err,
		`stand-in aws provider does not know function "aws:index/getNothing:getNothing"; add it to tests/standin/aws/types.go`)

	resp, err := s.Invoke(p.InvokeRequest{Token: "aws:index/getRegion:getRegion"})
	require.NoError(t, err)
	assert.Equal(t, "us-east-1", resp.Return.Get("name").AsString())
}

func TestCreateReturnsInputsPlusComputedOutputsAndRecordsThem(t *testing.T) {
	opts := ledgerOpts(t)
	s := newServer(t, opts, map[string]property.Value{"region": property.New("us-west-2")})
	id, _, state := checkAndCreate(t, s, bucketType, "Logs", map[string]any{
		"forceDestroy": true, "tags": map[string]any{"team": "a"},
	})

	assert.Regexp(t, `^logs-[0-9a-f]{7}$`, id)
	assert.Equal(t, id, state.Get("bucket").AsString())
	assert.Equal(t, "arn:aws:s3:::"+id, state.Get("arn").AsString())
	assert.Equal(t, id+".s3.us-west-2.amazonaws.com", state.Get("bucketRegionalDomainName").AsString())
	assert.True(t, state.Get("forceDestroy").AsBool(), "inputs win over output defaults")
	assert.True(t, state.Get("grants").IsArray(), "empty lists stay lists")
	_, hasDefaults := state.GetOk("__defaults")
	assert.False(t, hasDefaults, "bookkeeping keys stay out of the state")

	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	e := entries[LedgerKey(bucketType, id)]
	assert.Equal(t, Entry{
		Type: bucketType, URN: string(urn(bucketType, "Logs")), Provider: "aws", ID: id,
		State: mapToPlain(state), Inputs: e.Inputs,
	}, e)
	assert.Equal(t, []any{"bucket"}, e.Inputs["__defaults"])
}

func TestPreviewCreateRecordsNothingAndLeavesOutputsUnknown(t *testing.T) {
	opts := ledgerOpts(t)
	s := newServer(t, opts, nil)
	resp, err := s.Create(p.CreateRequest{
		Urn: urn(vpcType, "vpc"), DryRun: true,
		Properties: props(map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsSupport": false}),
	})
	require.NoError(t, err)
	assert.Empty(t, resp.ID)
	assert.True(t, resp.Properties.Get("defaultSecurityGroupId").IsComputed())
	assert.False(t, resp.Properties.Get("enableDnsSupport").AsBool(), "inputs stay known in a preview")
	assert.Equal(t, map[string]any{}, toPlain(resp.Properties.Get("tagsAll")))

	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestUpdateRecomputesTagsAllAndKeepsGeneratedOutputs(t *testing.T) {
	opts := ledgerOpts(t)
	s := newServer(t, opts, map[string]property.Value{
		"defaultTags": fromPlain(map[string]any{"tags": map[string]any{"owner": "platform"}}),
	})
	id, inputs, state := checkAndCreate(t, s, vpcType, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
	news := inputs.Set("tags", fromPlain(map[string]any{"team": "net"}))

	resp, err := s.Update(p.UpdateRequest{ID: id, Urn: urn(vpcType, "vpc"), State: state, OldInputs: inputs, Inputs: news})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"owner": "platform", "team": "net"}, toPlain(resp.Properties.Get("tagsAll")))
	assert.Equal(t, state.Get("defaultSecurityGroupId"), resp.Properties.Get("defaultSecurityGroupId"))

	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Equal(t, mapToPlain(resp.Properties), entries[LedgerKey(vpcType, id)].State)
}

func TestReadOfAnIDMissingFromTheLedgerReturnsNoID(t *testing.T) {
	s := newServer(t, ledgerOpts(t), nil)
	resp, err := s.Read(p.ReadRequest{
		ID: "vpc-0123456789abcdef0", Urn: urn(vpcType, "vpc"),
		Properties: props(map[string]any{"cidrBlock": "10.0.0.0/16"}),
	})
	require.NoError(t, err)
	assert.Empty(t, resp.ID)
}

func TestReadReturnsTheLedgerStateWithTheEnginesSecrets(t *testing.T) {
	s := newServer(t, ledgerOpts(t), nil)
	secret := property.New(`{"Statement":[]}`).WithSecret(true)
	checked, err := s.Check(p.CheckRequest{
		Urn: urn(bucketType, "b"), Inputs: property.NewMap(map[string]property.Value{"policy": secret}),
	})
	require.NoError(t, err)
	created, err := s.Create(p.CreateRequest{Urn: urn(bucketType, "b"), Properties: checked.Inputs})
	require.NoError(t, err)
	require.True(t, created.Properties.Get("policy").Secret())

	resp, err := s.Read(p.ReadRequest{
		ID: created.ID, Urn: urn(bucketType, "b"), Properties: created.Properties, Inputs: checked.Inputs,
	})
	require.NoError(t, err)
	assert.Equal(t, created.ID, resp.ID)
	assert.True(t, created.Properties.Equals(resp.Properties), "refresh must see no change")
	assert.True(t, checked.Inputs.Equals(resp.Inputs))

	imported, err := s.Read(p.ReadRequest{ID: created.ID, Urn: urn(bucketType, "b")})
	require.NoError(t, err)
	assert.Equal(t, created.ID, imported.Inputs.Get("bucket").AsString(), "imports get the recorded inputs")
}

func TestReadWithoutLedgerTrustsTheEngine(t *testing.T) {
	s := newServer(t, Options{}, nil)
	state := props(map[string]any{"cidrBlock": "10.0.0.0/16"})
	resp, err := s.Read(p.ReadRequest{ID: "vpc-1", Urn: urn(vpcType, "vpc"), Properties: state})
	require.NoError(t, err)
	assert.Equal(t, "vpc-1", resp.ID)
	assert.True(t, state.Equals(resp.Properties))
}

func TestDeleteRemovesTheEntryButNotASameIDReplacement(t *testing.T) {
	opts := ledgerOpts(t)
	s := newServer(t, opts, nil)
	_, _, oldState := checkAndCreate(t, s, policyType, "pol", map[string]any{"bucket": "b", "policy": "v1"})
	// Create-before-delete replacement that reuses the id (the bucket name).
	_, _, newState := checkAndCreate(t, s, policyType, "pol", map[string]any{"bucket": "b", "policy": "v2"})

	require.NoError(t, s.Delete(p.DeleteRequest{ID: "b", Urn: urn(policyType, "pol"), Properties: oldState}))
	entries, err := ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	require.Contains(t, entries, LedgerKey(policyType, "b"))
	assert.Equal(t, "v2", entries[LedgerKey(policyType, "b")].State["policy"])

	require.NoError(t, s.Delete(p.DeleteRequest{ID: "b", Urn: urn(policyType, "pol"), Properties: newState}))
	entries, err = ReadLedger(opts.LedgerPath)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestGetSchemaIsMinimal(t *testing.T) {
	s := newServer(t, Options{}, nil)
	resp, err := s.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal([]byte(resp.Schema), &schema))
	assert.Equal(t, map[string]any{"name": "aws", "version": "6.83.4"}, schema)
}

func TestCheckConfigReturnsTheInputs(t *testing.T) {
	s := newServer(t, Options{}, nil)
	in := props(map[string]any{"region": "eu-west-1", "skipCredentialsValidation": true})
	resp, err := s.CheckConfig(p.CheckRequest{Inputs: in})
	require.NoError(t, err)
	assert.Empty(t, resp.Failures)
	assert.True(t, in.Equals(resp.Inputs))
}

func TestNewRejectsABrokenTypeTable(t *testing.T) {
	spec := testSpec()
	spec.Types = append(spec.Types, spec.Types[0])
	_, err := New(spec, Options{})
	assert.ErrorContains(t, err, `lists "aws:s3/bucketV2:BucketV2" twice`)
}
