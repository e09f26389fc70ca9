package aws

import (
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// assessEksCluster plans an EksCluster, judges it against the EKS and KMS
// controls, and adds the compliance tags.
func assessEksCluster(name string, args EksClusterArgs, cfg settings.Resolved) lifecycle.Assessment[eksPlan] {
	plan, probs := planEksCluster(name, args, cfg.Org, knownLen(args.SubnetIds))
	return lifecycle.Assess(plan, probs, lifecycle.Case{
		Token: eksClusterToken, Name: name, Subjects: plan.subjects(name),
		Waivers: args.Waivers, TagLimit: lifecycle.AWSTagLimit(1),
	}, cfg)
}

// subjects is the plan as the EKS and KMS controls see it.
func (p eksPlan) subjects(name string) []compliance.Subject {
	logTypes := make([]any, len(p.LogTypes))
	for i, t := range p.LogTypes {
		logTypes[i] = t
	}
	cluster := compliance.Subject{
		Resource: compliance.Resource{Type: compliance.TypeEKSCluster, Name: name, Props: map[string]any{
			"name":    p.ClusterName,
			"version": p.Version,
			"vpcConfig": map[string]any{
				"endpointPrivateAccess": p.PrivateAccess, "endpointPublicAccess": p.PublicAccess,
			},
			"enabledClusterLogTypes": logTypes,
			"encryptionConfig": map[string]any{
				"resources": []any{"secrets"},
				"provider":  map[string]any{"keyArn": "planned-secrets-key"},
			},
		}},
		Related: map[string][]compliance.Resource{},
	}
	for _, g := range p.NodeGroups {
		lt := name + "-" + g.Name
		cluster.Related[compliance.TypeEKSNodeGroup] = append(cluster.Related[compliance.TypeEKSNodeGroup],
			compliance.Resource{Type: compliance.TypeEKSNodeGroup, Name: lt, Props: map[string]any{
				"launchTemplate": map[string]any{"id": lt},
			}})
		cluster.Related[compliance.TypeLaunchTemplate] = append(cluster.Related[compliance.TypeLaunchTemplate],
			compliance.Resource{Type: compliance.TypeLaunchTemplate, Name: lt + "-lt", ID: lt, Props: map[string]any{
				"metadataOptions":     map[string]any{"httpTokens": "required"},
				"blockDeviceMappings": []any{map[string]any{"ebs": map[string]any{"encrypted": "true"}}},
			}})
	}
	subjects := []compliance.Subject{cluster}
	if p.CreateKey {
		subjects = append(subjects, compliance.Subject{Resource: compliance.Resource{
			Type: compliance.TypeKMSKey, Name: name + "-secrets", Props: map[string]any{"enableKeyRotation": true},
		}})
	}
	return subjects
}
