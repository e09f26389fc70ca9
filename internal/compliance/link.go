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
	var out []Subject
	for _, r := range all {
		if !subjectTypes[r.Type] {
			continue
		}
		s := Subject{Resource: r, Related: map[string][]Resource{}}
		switch r.Type {
		case TypeBucket:
			linkBy(&s, all, "bucket", r.ID, str(r.Props, "bucket"))
		case TypeVPC:
			linkVPC(&s, all)
		case TypeEKSCluster:
			linkCluster(&s, all)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// linkBy adds every resource whose prop equals one of the keys.
func linkBy(s *Subject, all []Resource, prop string, keys ...string) {
	for _, r := range all {
		if r.Name == s.Name {
			continue
		}
		v := str(r.Props, prop)
		for _, k := range keys {
			if k != "" && v == k {
				s.Related[r.Type] = append(s.Related[r.Type], r)
				break
			}
		}
	}
}

func linkVPC(s *Subject, all []Resource) {
	linkBy(s, all, "vpcId", s.ID)
	linkBy(s, all, "defaultNetworkAclId", str(s.Props, "defaultNetworkAclId"))
	for _, sg := range s.Rel(TypeSecurityGroup) {
		for _, r := range all {
			if r.Type == TypeSGIngressRule && str(r.Props, "securityGroupId") == sg.ID {
				s.Related[r.Type] = append(s.Related[r.Type], r)
			}
		}
	}
	for _, acl := range s.Rel(TypeNetworkACL) {
		for _, r := range all {
			if r.Type == TypeNetworkACLRule && str(r.Props, "networkAclId") == acl.ID {
				s.Related[r.Type] = append(s.Related[r.Type], r)
			}
		}
	}
}

func linkCluster(s *Subject, all []Resource) {
	name := str(s.Props, "name")
	if name == "" {
		name = s.ID
	}
	for _, r := range all {
		if r.Type == TypeEKSNodeGroup && str(r.Props, "clusterName") == name {
			s.Related[r.Type] = append(s.Related[r.Type], r)
		}
	}
	for _, ng := range s.Rel(TypeEKSNodeGroup) {
		for _, r := range all {
			if r.Type == TypeLaunchTemplate && r.ID != "" && r.ID == str(ng.Props, "launchTemplate", "id") {
				s.Related[r.Type] = append(s.Related[r.Type], r)
			}
		}
	}
}
