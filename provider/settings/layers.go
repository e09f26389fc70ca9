package settings

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// layered resolves the configuration's layers: built-in defaults, the
// organization policy file, this stack's orgiac:* keys, then ORGIAC_*
// variables. The result is cached: every component of a program resolves the
// same layers, and the policy file is read and validated once, not once per
// component.
func (c Config) layered(stack Stack, environ []string) (Config, map[string]map[string]any, problem.List) {
	key := cacheKey(c, stack, environ)
	if hit, ok := layerCache.Load(key); ok {
		r := hit.(layerResult)
		return r.cfg, r.components, r.probs
	}
	r := c.resolveLayers(stack, environ)
	layerCache.Store(key, r)
	return r.cfg, r.components, r.probs
}

type layerResult struct {
	cfg        Config
	components map[string]map[string]any
	probs      problem.List
}

var layerCache sync.Map

// cacheKey identifies one resolution: the configuration, the stack, the
// ORGIAC_* variables and the policy file's identity (its modification time
// and size, so an edited file is read again).
func cacheKey(c Config, stack Stack, environ []string) string {
	var orgiacEnv []string
	for _, kv := range environ {
		if len(kv) > 7 && kv[:7] == "ORGIAC_" {
			orgiacEnv = append(orgiacEnv, kv)
		}
	}
	path, _ := config.PolicyFileLocation(c.PolicyFile, "", environ)
	var stamp string
	if info, err := os.Stat(path); err == nil {
		stamp = fmt.Sprintf("%d/%d", info.ModTime().UnixNano(), info.Size())
	}
	b, _ := json.Marshal(struct {
		C     Config
		S     Stack
		E     []string
		P, PS string
	}{c, stack, orgiacEnv, path, stamp})
	return string(b)
}

func (c Config) resolveLayers(stack Stack, environ []string) layerResult {
	var probs problem.List
	path, origin := config.PolicyFileLocation(c.PolicyFile, "stack configuration", environ)
	var policy *config.File
	if path != "" {
		f, diags := config.ReadFile(path, origin)
		probs.Merge("", diags.Problems())
		policy = f
	}
	eff, diags := config.Resolve(config.Inputs{
		Stack: stack.Name, Project: stack.Project,
		Policy:  policy,
		Config:  []config.ConfigLayer{{Values: c.setValues(), Origin: "stack configuration"}},
		Environ: environ,
	})
	probs.Merge("", diags.Problems())
	s := eff.Settings
	out := Config{
		Organization: s.Organization, Environment: s.Environment, Project: s.Project, Owner: s.Owner,
		CostCenter: s.CostCenter, DefaultTags: s.DefaultTags, Enforcement: s.Enforcement,
		LoggingBucket: s.LoggingBucket, Naming: s.Naming, Frameworks: s.Frameworks,
		RequiredControls: s.RequiredControls, Waivers: s.Waivers, PolicyFile: c.PolicyFile,
	}
	return layerResult{cfg: out, components: eff.Components, probs: probs}
}

// setValues are the keys this stack sets: an empty value is unset, so a
// lower layer's value stands.
func (c Config) setValues() map[string]any {
	v := map[string]any{}
	set := func(k, s string) {
		if s != "" {
			v[k] = s
		}
	}
	set("organization", c.Organization)
	set("environment", c.Environment)
	set("project", c.Project)
	set("owner", c.Owner)
	set("costCenter", c.CostCenter)
	set("enforcement", c.Enforcement)
	set("loggingBucket", c.LoggingBucket)
	set("naming", c.Naming)
	if len(c.DefaultTags) > 0 {
		tags := map[string]any{}
		for k, t := range c.DefaultTags {
			tags[k] = t
		}
		v["defaultTags"] = tags
	}
	if len(c.Frameworks) > 0 {
		v["frameworks"] = toAny(c.Frameworks)
	}
	if len(c.RequiredControls) > 0 {
		v["requiredControls"] = toAny(c.RequiredControls)
	}
	if len(c.Waivers) > 0 {
		var ws []any
		b, _ := json.Marshal(c.Waivers)
		_ = json.Unmarshal(b, &ws)
		v["waivers"] = ws
	}
	return v
}

func toAny(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}
