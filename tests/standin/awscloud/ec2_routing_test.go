package awscloud

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoutesMotoWouldTakeAreRefusedAsInAWS(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.6.0.0/16", nil)
	rt := newResource(t, api, rtbType, "private", map[string]any{"vpcId": v.ctx.ID, "routes": []any{
		map[string]any{"cidrBlock": "0.0.0.0/0", "natGatewayId": "nat-0123456789abcdef0"}}})
	_, _, err := rt.cloud.Create(context.Background(), &rt.ctx)
	refusal(t, err, "InvalidNatGatewayID.NotFound", "with destination (0.0.0.0/0)")
	assert.Equal(t, []string{vpcType + "/" + v.ctx.ID}, networkInventory(t, api),
		"the table whose route failed is not left behind")

	rt = newResource(t, api, rtbType, "public", map[string]any{"vpcId": v.ctx.ID})
	rt.create()
	defer rt.delete()
	igw := newResource(t, api, igwType, "igw", map[string]any{})
	igw.create()
	defer igw.delete()
	dup := newResource(t, api, routeType, "default", map[string]any{"routeTableId": rt.ctx.ID,
		"destinationCidrBlock": "0.0.0.0/0", "gatewayId": igw.ctx.ID})
	dup.create()
	defer dup.delete()
	_, _, err = dup.cloud.Create(context.Background(), &dup.ctx)
	refusal(t, err, "RouteAlreadyExists", "creating Route in Route Table ("+rt.ctx.ID+")")

	s := newResource(t, api, subnetType, "a", map[string]any{"vpcId": v.ctx.ID, "cidrBlock": "10.6.0.0/24"})
	s.create()
	defer s.delete()
	rta := newResource(t, api, rtaType, "a-rta", map[string]any{"routeTableId": rt.ctx.ID, "subnetId": s.ctx.ID})
	rta.create()
	defer rta.delete()
	again := newResource(t, api, rtaType, "a-rta-again", map[string]any{"routeTableId": rt.ctx.ID, "subnetId": s.ctx.ID})
	_, _, err = again.cloud.Create(context.Background(), &again.ctx)
	refusal(t, err, "Resource.AlreadyAssociated", "conflicts with an existing association")
}

func TestARouteTableUpdateAndARouteResource(t *testing.T) {
	api := testAccount(t)
	ec := api.In("us-west-2").EC2
	v := newVpc(t, api, "net", "10.7.0.0/16", nil)
	igw := newResource(t, api, igwType, "igw", map[string]any{"vpcId": v.ctx.ID})
	igw.create()
	defer igw.delete()
	rt := newResource(t, api, rtbType, "public", map[string]any{"vpcId": v.ctx.ID, "routes": []any{
		map[string]any{"cidrBlock": "0.0.0.0/0", "gatewayId": igw.ctx.ID},
		map[string]any{"cidrBlock": "172.16.0.0/12", "gatewayId": igw.ctx.ID}}})
	rt.create()
	defer rt.delete()
	// A route removed behind Pulumi's back shows on read, and update puts
	// the declared ones back.
	_, err := ec.DeleteRoute(context.Background(), &ec2.DeleteRouteInput{RouteTableId: aws.String(rt.ctx.ID),
		DestinationCidrBlock: aws.String("0.0.0.0/0")})
	require.NoError(t, err)
	observed, _ := rt.read()
	assert.Equal(t, []any{map[string]any{"cidrBlock": "172.16.0.0/12", "gatewayId": igw.ctx.ID}}, observed["routes"])
	want := []any{map[string]any{"cidrBlock": "0.0.0.0/0", "gatewayId": igw.ctx.ID},
		map[string]any{"cidrBlock": "10.8.0.0/16", "gatewayId": igw.ctx.ID}}
	out := rt.update(map[string]any{"vpcId": v.ctx.ID, "routes": want, "tags": map[string]any{"Tier": "public"}})
	assert.Equal(t, want, out["routes"])
	assert.Equal(t, map[string]any{"Tier": "public"}, out["tags"])

	// A Route resource on the main table: the Terraform provider's id, and
	// listed, since nothing else would show it leaked.
	main := v.ctx.Old.Get("mainRouteTableId").AsString()
	r := newResource(t, api, routeType, "main-default", map[string]any{"routeTableId": main,
		"destinationCidrBlock": "0.0.0.0/0", "gatewayId": igw.ctx.ID})
	out = r.create()
	assert.Equal(t, netRouteID(main, "0.0.0.0/0"), r.ctx.ID)
	assert.Regexp(t, `^r-rtb-[0-9a-f]+[0-9]+$`, r.ctx.ID)
	assert.Equal(t, "CreateRoute", out["origin"])
	assert.Equal(t, "active", out["state"])
	assert.Contains(t, networkInventory(t, api), routeType+"/"+r.ctx.ID)
	eigw := newResource(t, api, eigwType, "eigw", map[string]any{"vpcId": v.ctx.ID})
	eigw.create()
	defer eigw.delete()
	out = r.update(map[string]any{"routeTableId": main, "destinationCidrBlock": "0.0.0.0/0",
		"natGatewayId": "", "gatewayId": igw.ctx.ID})
	assert.Equal(t, igw.ctx.ID, out["gatewayId"])
	r.delete()
	_, found := r.read()
	assert.False(t, found)
	r.delete() // gone already is not an error
}

// Moving an association to another table gives it a new id in EC2; the
// resource keeps its id and still finds it.
func TestARouteTableAssociationMovesToAnotherTable(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.8.0.0/16", nil)
	s := newResource(t, api, subnetType, "a", map[string]any{"vpcId": v.ctx.ID, "cidrBlock": "10.8.0.0/24"})
	s.create()
	defer s.delete()
	first := newResource(t, api, rtbType, "first", map[string]any{"vpcId": v.ctx.ID})
	first.create()
	defer first.delete()
	second := newResource(t, api, rtbType, "second", map[string]any{"vpcId": v.ctx.ID})
	second.create()
	defer second.delete()
	rta := newResource(t, api, rtaType, "a-rta", map[string]any{"routeTableId": first.ctx.ID, "subnetId": s.ctx.ID})
	rta.create()
	assert.Regexp(t, `^rtbassoc-`, rta.ctx.ID)
	out := rta.update(map[string]any{"routeTableId": second.ctx.ID, "subnetId": s.ctx.ID})
	assert.Equal(t, second.ctx.ID, out["routeTableId"])
	observed, found := rta.read()
	require.True(t, found)
	assert.Equal(t, second.ctx.ID, observed["routeTableId"])
	rta.delete()
	_, found = rta.read()
	assert.False(t, found)
	for _, ref := range networkInventory(t, api) {
		assert.NotContains(t, ref, rtaType)
	}
}

func TestARouteTableAssociationWithAGateway(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.9.0.0/16", nil)
	igw := newResource(t, api, igwType, "igw", map[string]any{"vpcId": v.ctx.ID})
	igw.create()
	defer igw.delete()
	edge := newResource(t, api, rtbType, "edge", map[string]any{"vpcId": v.ctx.ID})
	edge.create()
	defer edge.delete()
	rta := newResource(t, api, rtaType, "edge-rta", map[string]any{"routeTableId": edge.ctx.ID, "gatewayId": igw.ctx.ID})
	rta.create()
	observed, found := rta.read()
	require.True(t, found)
	assert.Equal(t, igw.ctx.ID, observed["gatewayId"])
	assert.Contains(t, networkInventory(t, api), rtaType+"/"+rta.ctx.ID)
	again := newResource(t, api, rtaType, "edge-rta-again", map[string]any{"routeTableId": edge.ctx.ID,
		"gatewayId": igw.ctx.ID})
	_, _, err := again.cloud.Create(context.Background(), &again.ctx)
	refusal(t, err, "Resource.AlreadyAssociated", "creating Route Table Association (edge-rta-again)")
	rta.delete()
	_, found = rta.read()
	assert.False(t, found)
}
