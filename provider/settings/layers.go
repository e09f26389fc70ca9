package settings

// The layering of the configuration, and what it needs at run time: the
// environment, the clock, and a cache of resolutions.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// runtime is what resolving the configuration needs beyond the values: the
// process environment (for ORGIAC_* and ORGIAC_POLICY_FILE), the clock
// (waivers expire), and the resolutions already made. Every component of a
// program resolves the same layers, so the policy file is read and
// validated once per provider process, not once per component.
type runtime struct {
	environ func() []string
	now     func() time.Time
	cache   sync.Map // cacheKey -> layerResult
}

func newRuntime(environ func() []string, now func() time.Time) *runtime {
	return &runtime{environ: environ, now: now}
}

// Configure is called once per provider process, with the stack's orgiac:*
// keys decoded: it gives the configuration the real environment and clock.
func (c *Config) Configure(context.Context) error {
	c.run = newRuntime(os.Environ, time.Now)
	return nil
}

// runtimeOrDefault is c's runtime, or an uncached one on the real
// environment and clock for a Config that was never configured.
func (c Config) runtimeOrDefault() *runtime {
	if c.run != nil {
		return c.run
	}
	return newRuntime(os.Environ, time.Now)
}

// layered resolves the configuration's layers: built-in defaults, the
// organization policy file, this stack's orgiac:* keys, then ORGIAC_*
// variables.
func (c Config) layered(stack Stack, environ []string) (Config, map[string]map[string]any, problem.List) {
	run := c.runtimeOrDefault()
	key := cacheKey(c, stack, environ)
	if hit, ok := run.cache.Load(key); ok {
		r := hit.(layerResult)
		return r.cfg, r.components, r.probs
	}
	r := c.resolveLayers(stack, environ)
	run.cache.Store(key, r)
	return r.cfg, r.components, r.probs
}

type layerResult struct {
	cfg        Config
	components map[string]map[string]any
	probs      problem.List
}

// cacheKey identifies one resolution: the configuration, the stack, the
// ORGIAC_* variables and the policy file's identity (its modification time
// and size, so an edited file is read again).
func cacheKey(c Config, stack Stack, environ []string) string {
	var orgiacEnv []string
	for _, kv := range environ {
		if strings.HasPrefix(kv, config.EnvPrefix) {
			orgiacEnv = append(orgiacEnv, kv)
		}
	}
	path, _ := config.PolicyFileLocation(c.PolicyFile, "", environ)
	var stamp string
	if info, err := os.Stat(path); err == nil {
		stamp = fmt.Sprintf("%d/%d", info.ModTime().UnixNano(), info.Size())
	}
	b, _ := json.Marshal(struct {
		C     config.PolicySettings
		F     string
		S     Stack
		E     []string
		P, PS string
	}{c.PolicySettings, c.PolicyFile, stack, orgiacEnv, path, stamp})
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
		Config:  []config.ConfigLayer{{Values: c.PolicySettings.Values(), Origin: "stack configuration"}},
		Environ: environ,
	})
	probs.Merge("", diags.Problems())
	out := Config{PolicySettings: eff.Settings, PolicyFile: c.PolicyFile, run: c.run}
	return layerResult{cfg: out, components: eff.Components, probs: probs}
}
