package settings

// The layering of the configuration, and what it needs at run time: the
// environment, the clock, and a cache of resolutions.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/gitinfo"
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

	// programDir is the program's folder: the provider's working
	// directory, as the engine starts it.
	programDir func() (string, error)
	git        func() (*compliance.GitProvenance, []string)
}

func newRuntime(environ func() []string, now func() time.Time) *runtime {
	r := &runtime{environ: environ, now: now, programDir: os.Getwd}
	r.git = sync.OnceValues(r.readGit)
	return r
}

// gitProvenance is the program's git provenance, read once per provider
// process: the commit cannot change during an update, and reading a large
// worktree's status is the costly part.
func (r *runtime) gitProvenance() (*compliance.GitProvenance, []string) { return r.git() }

func (r *runtime) readGit() (*compliance.GitProvenance, []string) {
	dir, err := r.programDir()
	if err == nil {
		var g compliance.GitProvenance
		if g, err = gitinfo.Read(dir); err == nil {
			return &g, nil
		}
	}
	if errors.Is(err, gitinfo.ErrNotARepository) {
		return nil, []string{fmt.Sprintf("orgiac:gitMetadata is on, but the program's folder %s is not in a git "+
			"repository, so the compliance report has no git fields; run the program from a git checkout, or "+
			"turn orgiac:gitMetadata off", dir)}
	}
	return nil, []string{fmt.Sprintf("orgiac:gitMetadata is on, but the program's git provenance cannot be read, "+
		"so the compliance report has no git fields: %v", err)}
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
func (c Config) layered(stack Stack, environ []string) layerResult {
	run := c.runtimeOrDefault()
	key := cacheKey(c, stack, environ)
	if hit, ok := run.cache.Load(key); ok {
		return hit.(layerResult)
	}
	r := c.resolveLayers(stack, environ)
	run.cache.Store(key, r)
	return r
}

type layerResult struct {
	cfg        Config
	components map[string]map[string]any
	audit      compliance.Audit // the policy file and the settings' sources
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
		G     bool
	}{c.PolicySettings, c.PolicyFile, stack, orgiacEnv, path, stamp, c.GitMetadata})
	return string(b)
}

func (c Config) resolveLayers(stack Stack, environ []string) layerResult {
	var probs problem.List
	path, origin := config.PolicyFileLocation(c.PolicyFile, "stack configuration", environ)
	var policy *config.File
	var audit compliance.Audit
	if path != "" {
		f, diags := config.ReadFile(path, origin)
		probs.Merge("", diags.Problems())
		policy = f
		audit.PolicyFile = path
		if data, err := os.ReadFile(path); err == nil {
			sum := sha256.Sum256(data)
			audit.PolicyFileDigest = "sha256:" + hex.EncodeToString(sum[:])
		}
	}
	eff, diags := config.Resolve(config.Inputs{
		Stack: stack.Name, Project: stack.Project,
		Policy:  policy,
		Config:  []config.ConfigLayer{{Values: c.PolicySettings.Values(), Origin: "stack configuration"}},
		Environ: environ,
	})
	probs.Merge("", diags.Problems())
	out := Config{PolicySettings: eff.Settings, PolicyFile: c.PolicyFile, GitMetadata: c.GitMetadata, run: c.run}
	audit.SettingSources = settingSources(eff.Provenance)
	return layerResult{cfg: out, components: eff.Components, audit: audit, probs: probs}
}

// settingSources is the provenance of the policy settings, for the audit
// trail: the components' defaults are the components' inputs, which their
// own reports describe.
func settingSources(prov map[string]config.Source) map[string]string {
	out := make(map[string]string, len(prov))
	for path, src := range prov {
		if !strings.HasPrefix(path, "components.") {
			out[path] = src.String()
		}
	}
	return out
}
