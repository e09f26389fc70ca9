package compliance

import "sort"

// LinkSubjects groups resources read from a stack's state into subjects: each
// resource whose type is a control subject (a bucket, a VPC, a cluster, a key)
// collects the resources that configure it, found by the properties AWS uses
// to point at it. Plain aws resources that no orgiac component created are
// linked the same way, so `orgiac report` covers them too.
func LinkSubjects(all []Resource) []Subject {
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
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// linkProps are the properties AWS resources use to point at a subject or
// at one of its parts. Indexing them once keeps linking linear in the size
// of the state: a 100k-resource export is one pass, not one pass per subject.
var linkProps = []string{"bucket", "vpcId", "defaultNetworkAclId", "securityGroupId", "networkAclId", "clusterName"}

// resourceIndex finds resources by the value of a link property, and by id.
type resourceIndex struct {
	byProp map[string]map[string][]int // prop -> value -> positions in all
	byID   map[string][]int
	all    []Resource
}

func indexResources(all []Resource) resourceIndex {
	idx := resourceIndex{byProp: map[string]map[string][]int{}, byID: map[string][]int{}, all: all}
	for _, p := range linkProps {
		idx.byProp[p] = map[string][]int{}
	}
	for i, r := range all {
		for _, p := range linkProps {
			if v := str(r.Props, p); v != "" {
				idx.byProp[p][v] = append(idx.byProp[p][v], i)
			}
		}
		if r.ID != "" {
			idx.byID[r.ID] = append(idx.byID[r.ID], i)
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

// linkBy adds every resource whose prop equals one of the keys, in state order.
func (idx resourceIndex) linkBy(s *Subject, prop string, keys ...string) {
	var hits []int
	for _, k := range keys {
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

// linkTyped adds the resources of type typ whose prop equals key.
func (idx resourceIndex) linkTyped(s *Subject, typ, prop, key string) {
	for _, i := range idx.byProp[prop][key] {
		if r := idx.all[i]; r.Type == typ {
			link(s, r)
		}
	}
}

func (idx resourceIndex) linkVPC(s *Subject) {
	idx.linkBy(s, "vpcId", s.ID)
	idx.linkBy(s, "defaultNetworkAclId", str(s.Props, "defaultNetworkAclId"))
	for _, sg := range s.Rel(TypeSecurityGroup) {
		if sg.ID != "" {
			idx.linkTyped(s, TypeSGIngressRule, "securityGroupId", sg.ID)
		}
	}
	for _, acl := range s.Rel(TypeNetworkACL) {
		if acl.ID != "" {
			idx.linkTyped(s, TypeNetworkACLRule, "networkAclId", acl.ID)
		}
	}
}

func (idx resourceIndex) linkCluster(s *Subject) {
	name := str(s.Props, "name")
	if name == "" {
		name = s.ID
	}
	if name != "" {
		idx.linkTyped(s, TypeEKSNodeGroup, "clusterName", name)
	}
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
