package compliance

import (
	"sort"
	"strings"
)

// LinkSubjects groups resources read from a stack's state into subjects: each
// resource whose type is a control subject (a bucket, a VPC, a cluster, a key,
// a storage account, a virtual network) collects the resources that configure
// it, found by the properties AWS uses to point at it, or for Azure by ARM
// resource id and by the name inputs azure-native addresses resources with.
// Plain aws and azure-native resources that no orgiac component created are
// linked the same way, so `orgiac report` covers them too.
func LinkSubjects(all []Resource) []Subject {
	all = canonicalTypes(all)
	subjectTypes := map[string]bool{}
	for _, c := range loadCatalog().Controls {
		subjectTypes[c.Subject] = true
	}
	idx := indexResources(all)
	var out []Subject
	for _, r := range all {
		if !subjectTypes[r.Type] {
			continue
		}
		s := Subject{Resource: r, Related: map[string][]Resource{}}
		switch r.Type {
		case TypeBucket:
			idx.linkBy(&s, "bucket", r.ID, str(r.Props, "bucket"))
		case TypeVPC:
			idx.linkVPC(&s)
		case TypeEKSCluster:
			idx.linkCluster(&s)
		case TypeAzureStorageAccount:
			idx.linkStorageAccount(&s)
		case TypeAzureVirtualNetwork:
			idx.linkVirtualNetwork(&s)
		}
		out = append(out, s)
	}
	out = append(out, idx.standaloneSubjects(out)...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// standaloneSubjects makes a subject of each resource of a control's
// standalone type that none of subjects links: a security group in a VPC the
// stack does not declare, with the ingress rules that point at it.
func (idx resourceIndex) standaloneSubjects(subjects []Subject) []Subject {
	claimed := map[string]bool{}
	for _, s := range subjects {
		for _, rs := range s.Related {
			for _, r := range rs {
				claimed[r.Name] = true
			}
		}
	}
	var out []Subject
	for _, r := range idx.all {
		if !standaloneTypes()[r.Type] || claimed[r.Name] {
			continue
		}
		s := Subject{Resource: r, Related: map[string][]Resource{r.Type: {r}}}
		if r.Type == TypeSecurityGroup {
			idx.linkTyped(&s, TypeSGIngressRule, "securityGroupId", r.ID, r.Name)
		}
		out = append(out, s)
	}
	return out
}

// linkProps are the properties AWS resources use to point at a subject or
// at one of its parts, and the parent-name inputs of azure-native resources.
// Indexing them once keeps linking linear in the size of the state: a
// 100k-resource export is one pass, not one pass per subject.
var linkProps = []string{
	"bucket", "vpcId", "defaultNetworkAclId", "securityGroupId", "networkAclId", "clusterName",
	"accountName", "virtualNetworkName", "networkSecurityGroupName",
}

// resourceIndex finds resources by the value of a link property, by id, and
// (for Azure) by ARM id and by the ARM id of their parent, both compared
// case-insensitively as ARM does.
type resourceIndex struct {
	byProp   map[string]map[string][]int // prop -> value -> positions in all
	byID     map[string][]int
	byARMID  map[string][]int // lowercased ARM id -> positions
	byParent map[string][]int // lowercased ARM id of the parent -> positions of its children
	all      []Resource
}

func indexResources(all []Resource) resourceIndex {
	idx := resourceIndex{
		byProp: map[string]map[string][]int{}, byID: map[string][]int{},
		byARMID: map[string][]int{}, byParent: map[string][]int{}, all: all,
	}
	for _, p := range linkProps {
		idx.byProp[p] = map[string][]int{}
	}
	for i, r := range all {
		for _, p := range linkProps {
			if v := str(r.Props, p); v != "" {
				idx.byProp[p][v] = append(idx.byProp[p][v], i)
			}
			if from := r.Refs[p]; from != "" {
				idx.byProp[p][refKey(from)] = append(idx.byProp[p][refKey(from)], i)
			}
		}
		if r.ID != "" {
			idx.byID[r.ID] = append(idx.byID[r.ID], i)
		}
		if isARMID(r.ID) {
			id := strings.ToLower(r.ID)
			idx.byARMID[id] = append(idx.byARMID[id], i)
			if parent := armParent(id); parent != "" {
				idx.byParent[parent] = append(idx.byParent[parent], i)
			}
		}
	}
	return idx
}

// link relates r to s once, however many paths lead to it (a default network
// ACL has both vpcId and defaultNetworkAclId; node groups share templates).
func link(s *Subject, r Resource) {
	for _, have := range s.Related[r.Type] {
		if have.Name == r.Name {
			return
		}
	}
	s.Related[r.Type] = append(s.Related[r.Type], r)
}

// refKey is the key a property is indexed under when its value came from
// the resource named name (Resource.Refs). No id or name starts with NUL.
func refKey(name string) string { return "\x00" + name }

// linkBy adds every resource whose prop equals one of the keys, or whose prop
// came from the subject itself, in state order.
func (idx resourceIndex) linkBy(s *Subject, prop string, keys ...string) {
	var hits []int
	for _, k := range append(keys, refKey(s.Name)) {
		if k != "" {
			hits = append(hits, idx.byProp[prop][k]...)
		}
	}
	sort.Ints(hits)
	for _, i := range hits {
		if r := idx.all[i]; r.Name != s.Name {
			link(s, r)
		}
	}
}

// linkTyped adds the resources of type typ whose prop equals key, or whose
// prop came from the resource named from.
func (idx resourceIndex) linkTyped(s *Subject, typ, prop, key, from string) {
	for _, k := range []string{key, refKey(from)} {
		if k == "" || k == refKey("") {
			continue
		}
		for _, i := range idx.byProp[prop][k] {
			if r := idx.all[i]; r.Type == typ {
				link(s, r)
			}
		}
	}
}

func (idx resourceIndex) linkVPC(s *Subject) {
	idx.linkBy(s, "vpcId", s.ID)
	idx.linkBy(s, "defaultNetworkAclId", str(s.Props, "defaultNetworkAclId"))
	for _, sg := range s.Rel(TypeSecurityGroup) {
		idx.linkTyped(s, TypeSGIngressRule, "securityGroupId", sg.ID, sg.Name)
	}
	for _, acl := range s.Rel(TypeNetworkACL) {
		idx.linkTyped(s, TypeNetworkACLRule, "networkAclId", acl.ID, acl.Name)
	}
}

func (idx resourceIndex) linkCluster(s *Subject) {
	name := str(s.Props, "name")
	if name == "" {
		name = s.ID
	}
	idx.linkTyped(s, TypeEKSNodeGroup, "clusterName", name, s.Name)
	for _, ng := range s.Rel(TypeEKSNodeGroup) {
		id := str(ng.Props, "launchTemplate", "id")
		if id == "" {
			continue
		}
		for _, i := range idx.byID[id] {
			if r := idx.all[i]; r.Type == TypeLaunchTemplate {
				link(s, r)
			}
		}
	}
}

// ---------------------------------------------------------------- Azure

// linkStorageAccount adds the account's blob service properties: children of
// its ARM id, or resources naming it in accountName in its resource group.
func (idx resourceIndex) linkStorageAccount(s *Subject) {
	idx.linkChildren(s, TypeAzureBlobServiceProperties, s.ID)
	idx.linkNamed(s, TypeAzureBlobServiceProperties, "accountName", azureName(s.Resource, "accountName"),
		azureResourceGroup(s.Resource))
}

// linkVirtualNetwork adds the network's subnets, the network security groups
// its subnets (separate or inline) reference, and those groups' standalone
// security rules.
func (idx resourceIndex) linkVirtualNetwork(s *Subject) {
	idx.linkChildren(s, TypeAzureSubnet, s.ID)
	idx.linkNamed(s, TypeAzureSubnet, "virtualNetworkName", azureName(s.Resource, "virtualNetworkName"),
		azureResourceGroup(s.Resource))

	var nsgIDs []string
	for _, sn := range s.Rel(TypeAzureSubnet) {
		nsgIDs = append(nsgIDs, str(sn.Props, "networkSecurityGroup", "id"))
	}
	for _, sn := range list(s.Props, "subnets") {
		nsgIDs = append(nsgIDs, str(sn, "networkSecurityGroup", "id"))
	}
	var hits []int
	for _, id := range nsgIDs {
		if id != "" {
			hits = append(hits, idx.byID[id]...)
			hits = append(hits, idx.byARMID[strings.ToLower(id)]...)
		}
	}
	idx.linkPositions(s, TypeAzureNSG, hits)

	for _, nsg := range s.Rel(TypeAzureNSG) {
		idx.linkChildren(s, TypeAzureSecurityRule, nsg.ID)
		idx.linkNamed(s, TypeAzureSecurityRule, "networkSecurityGroupName", azureName(nsg, "networkSecurityGroupName"),
			azureResourceGroup(nsg))
	}
}

// linkChildren adds the resources of type typ whose ARM id is a child of id.
func (idx resourceIndex) linkChildren(s *Subject, typ, id string) {
	if isARMID(id) {
		idx.linkPositions(s, typ, idx.byParent[strings.ToLower(armTrim(id))])
	}
}

// linkNamed adds the resources of type typ whose prop is name and whose
// resource group is rg (when both sides know it): Azure names are unique only
// within a resource group.
func (idx resourceIndex) linkNamed(s *Subject, typ, prop, name, rg string) {
	if name == "" {
		return
	}
	var hits []int
	for _, i := range idx.byProp[prop][name] {
		if other := azureResourceGroup(idx.all[i]); rg == "" || other == "" || strings.EqualFold(rg, other) {
			hits = append(hits, i)
		}
	}
	idx.linkPositions(s, typ, hits)
}

// linkPositions adds the resources of type typ at the given positions, in
// state order, once each.
func (idx resourceIndex) linkPositions(s *Subject, typ string, positions []int) {
	positions = append([]int(nil), positions...)
	sort.Ints(positions)
	for _, i := range positions {
		if r := idx.all[i]; r.Type == typ && r.Name != s.Name {
			link(s, r)
		}
	}
}

// azureName is an Azure resource's own name: its name output, the name input
// nameProp, or the last segment of its ARM id.
func azureName(r Resource, nameProp string) string {
	for _, v := range []string{str(r.Props, "name"), str(r.Props, nameProp), armName(r.ID)} {
		if v != "" {
			return v
		}
	}
	return ""
}

// azureResourceGroup is the resource group an Azure resource is in: its
// resourceGroupName input or the group in its ARM id.
func azureResourceGroup(r Resource) string {
	if rg := str(r.Props, "resourceGroupName"); rg != "" {
		return rg
	}
	return armResourceGroup(r.ID)
}

// ARM ids look like
//
//	/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>[/<childType>/<childName>...]
//
// and are case-insensitive.

func isARMID(id string) bool { return strings.HasPrefix(strings.ToLower(id), "/subscriptions/") }

// armTrim drops a trailing slash.
func armTrim(id string) string { return strings.TrimSuffix(id, "/") }

// armParent is the id of the resource a child resource belongs to (the
// account of a blob service, the network of a subnet), or "" for a top-level
// resource or a non-ARM id.
func armParent(id string) string {
	if !isARMID(id) {
		return ""
	}
	segs := strings.Split(strings.Trim(id, "/"), "/")
	for i, seg := range segs {
		if strings.EqualFold(seg, "providers") {
			// <namespace> then <type>/<name> pairs; a child has two pairs or more.
			rest := len(segs) - (i + 2)
			if rest < 4 || rest%2 != 0 {
				return ""
			}
			return "/" + strings.Join(segs[:len(segs)-2], "/")
		}
	}
	return ""
}

// armName is the last segment of an ARM id, or "".
func armName(id string) string {
	if !isARMID(id) {
		return ""
	}
	id = armTrim(id)
	return id[strings.LastIndex(id, "/")+1:]
}

// armResourceGroup is the resource group named in an ARM id, or "".
func armResourceGroup(id string) string {
	if !isARMID(id) {
		return ""
	}
	segs := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(segs); i++ {
		if strings.EqualFold(segs[i], "resourceGroups") {
			return segs[i+1]
		}
	}
	return ""
}

// canonicalTypes drops the API version from azure-native tokens
// (azure-native:network/v20240501:Subnet is a azure-native:network:Subnet),
// so the checks see one type whatever version a program registered.
func canonicalTypes(all []Resource) []Resource {
	out := all
	for i, r := range all {
		c := CanonicalType(r.Type)
		if c == r.Type {
			continue
		}
		if &out[0] == &all[0] {
			out = append([]Resource(nil), all...)
		}
		out[i].Type = c
	}
	return out
}

// CanonicalType is a resource type without an azure-native API version.
func CanonicalType(typ string) string {
	pkg, rest, ok := strings.Cut(typ, ":")
	if !ok || pkg != "azure-native" {
		return typ
	}
	module, name, ok := strings.Cut(rest, ":")
	if !ok {
		return typ
	}
	if m, _, versioned := strings.Cut(module, "/"); versioned {
		return pkg + ":" + m + ":" + name
	}
	return typ
}
