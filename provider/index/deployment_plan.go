package index

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// Module ids, as depends_on names them.
const (
	ModAWSVPC       = "aws.vpc"
	ModAWSEKS       = "aws.eks"
	ModAWSS3        = "aws.s3"
	ModAzureVNet    = "azure.vnet"
	ModAzureStorage = "azure.storage"
)

var (
	RuleDeploymentCycle = problem.Define("DEP001",
		"module dependencies cannot form a cycle",
		"remove one of the depends_on entries on the cycle")
	RuleEKSNeedsNetwork = problem.Define("DEP002",
		"an EKS cluster needs subnets: the aws.vpc module, or subnet_ids",
		"enable aws.vpc, or give the cluster subnet_ids")
	RuleDuplicateCluster = problem.Define("DEP003",
		"cluster names are unique",
		"give each cluster its own name")
	RuleDuplicateBucket = problem.Define("DEP004",
		"bucket names are unique",
		"give each bucket its own name")
	RuleUnknownDependency = problem.Define("DEP005",
		"depends_on names an enabled module: aws.vpc, aws.eks, aws.s3, azure.vnet or azure.storage",
		"name an enabled module, or enable the one you named")
	RuleDeploymentConfig = problem.Define("DEP006",
		"the configuration follows the standardized structure",
		"compare with schemas/deployment.schema.json and docs/components/deployment.md")
	RuleAWSRegion = problem.Define("DEP007",
		"an enabled aws section names its region",
		"set aws.region, e.g. us-west-2")
	RuleNodeGroupInstance = problem.Define("DEP008",
		"a node group gives instance_type or instance_types, not both",
		"keep one of instance_type and instance_types")
)

// module is one buildable unit of a Deployment.
type module struct {
	ID   string
	Deps []string
}

type deploymentPlan struct {
	Config config.DeploymentConfig
	Order  []string // module ids in build order
}

// decodeConfig turns the component's config input into the typed
// configuration, rejecting unknown keys.
func decodeConfig(raw map[string]any) (config.DeploymentConfig, problem.List) {
	var probs problem.List
	var cfg config.DeploymentConfig
	b, err := json.Marshal(raw)
	if err != nil {
		probs.Addf(RuleDeploymentConfig, "config", nil, "cannot be encoded: %v", err)
		return cfg, probs
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		probs.Addf(RuleDeploymentConfig, "config", nil, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return cfg, probs
}

// planDeployment decides which modules to build and in which order.
func planDeployment(cfg config.DeploymentConfig) (deploymentPlan, problem.List) {
	var probs problem.List
	modules := enabledModules(cfg, &probs)
	order, cycle := topoSort(modules)
	if cycle != nil {
		probs.Addf(RuleDeploymentCycle, "depends_on", nil, "forms the cycle %s", strings.Join(cycle, " -> "))
	}
	return deploymentPlan{Config: cfg, Order: order}, probs
}

func enabledModules(cfg config.DeploymentConfig, probs *problem.List) []module {
	var mods []module
	add := func(id string, m config.Module, implicit ...string) {
		if m.Enabled {
			mods = append(mods, module{ID: id, Deps: append(slices.Clone(implicit), m.DependsOn...)})
		}
	}
	if a := cfg.AWS; a != nil && a.Enabled {
		if a.Region == "" {
			probs.Addf(RuleAWSRegion, "aws.region", nil, "is not set")
		}
		vpcOn := a.VPC != nil && a.VPC.Enabled
		if a.VPC != nil {
			add(ModAWSVPC, a.VPC.Module)
		}
		if a.EKS != nil && a.EKS.Enabled {
			var implicit []string
			seen := map[string]bool{}
			for i, c := range a.EKS.Clusters {
				at := fmt.Sprintf("aws.eks.clusters[%d]", i)
				if seen[c.Name] {
					probs.Addf(RuleDuplicateCluster, at+".name", c.Name, "is used by an earlier cluster")
				}
				seen[c.Name] = true
				if len(c.SubnetIDs) == 0 {
					if !vpcOn {
						probs.Addf(RuleEKSNeedsNetwork, at+".subnet_ids", nil, "is empty and aws.vpc is not enabled")
					} else if !slices.Contains(implicit, ModAWSVPC) {
						implicit = append(implicit, ModAWSVPC)
					}
				}
				for j, g := range c.NodeGroups {
					if (g.InstanceType != "") == (len(g.InstanceTypes) > 0) {
						probs.Addf(RuleNodeGroupInstance, fmt.Sprintf("%s.node_groups[%d]", at, j), nil,
							"has instance_type %q and %d instance_types", g.InstanceType, len(g.InstanceTypes))
					}
				}
			}
			add(ModAWSEKS, a.EKS.Module, implicit...)
		}
		if a.S3 != nil && a.S3.Enabled {
			seen := map[string]bool{}
			for i, b := range a.S3.Buckets {
				if seen[b.Name] {
					probs.Addf(RuleDuplicateBucket, fmt.Sprintf("aws.s3.buckets[%d].name", i), b.Name, "is used by an earlier bucket")
				}
				seen[b.Name] = true
			}
			add(ModAWSS3, a.S3.Module)
		}
	}
	if z := cfg.Azure; z != nil && z.Enabled {
		if z.VNet != nil {
			add(ModAzureVNet, z.VNet.Module)
		}
		if z.Storage != nil {
			// Accounts go into the network's resource group when there is one.
			var implicit []string
			if z.VNet != nil && z.VNet.Enabled {
				implicit = []string{ModAzureVNet}
			}
			add(ModAzureStorage, z.Storage.Module, implicit...)
		}
	}
	ids := map[string]bool{}
	for _, m := range mods {
		ids[m.ID] = true
	}
	for _, m := range mods {
		for _, d := range m.Deps {
			if !ids[d] {
				probs.Addf(RuleUnknownDependency, m.ID+".depends_on", d, "is not an enabled module")
			}
		}
	}
	return mods
}

// topoSort orders modules so each comes after its dependencies; ties keep
// the declaration order, so the order is deterministic. On a cycle it
// returns the modules on it, starting and ending with the same one.
func topoSort(mods []module) ([]string, []string) {
	index := map[string]module{}
	for _, m := range mods {
		index[m.ID] = m
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var order, stack, cycle []string
	var visit func(id string) bool
	visit = func(id string) bool {
		switch state[id] {
		case done:
			return true
		case visiting:
			start := slices.Index(stack, id)
			cycle = append(slices.Clone(stack[start:]), id)
			return false
		}
		state[id] = visiting
		stack = append(stack, id)
		deps := slices.Clone(index[id].Deps)
		sort.Strings(deps)
		for _, d := range deps {
			if _, known := index[d]; known && !visit(d) {
				return false
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
		order = append(order, id)
		return true
	}
	for _, m := range mods {
		if !visit(m.ID) {
			return nil, cycle
		}
	}
	return order, nil
}
