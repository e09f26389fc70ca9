package policypack

// The Analyzer service: what the engine asks the pack, and when.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/emptypb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// Stack is what the engine says about the stack being deployed.
type Stack struct {
	Organization, Project, Name string
	// Config is the stack's configuration, secrets decrypted: keys such as
	// orgiac:waivers, values as `pulumi config get` prints them.
	Config     map[string]string
	SecretKeys []string
}

// Resolver turns a stack's configuration into the compliance policy and the
// enforcement mode, through the same layers a component resolves.
type Resolver func(Stack) (compliance.Policy, standards.Enforcement, problem.List)

// Server is the policy pack. The engine starts one process per operation (a
// preview and the update after it get one each).
type Server struct {
	pulumirpc.UnimplementedAnalyzerServer

	resolve Resolver
	now     func() time.Time

	mu       sync.Mutex
	policy   compliance.Policy
	mode     standards.Enforcement
	dryRun   bool
	levels   map[string]Level // from Configure; absent: the mode's level
	reported map[string]bool  // policy + "\x00" + URN, already reported by Analyze
}

// New returns a pack that resolves the stack's policy with resolve.
func New(resolve Resolver) *Server {
	return &Server{resolve: resolve, now: time.Now, mode: standards.Enforce, reported: map[string]bool{}}
}

func (s *Server) Handshake(context.Context, *pulumirpc.AnalyzerHandshakeRequest) (
	*pulumirpc.AnalyzerHandshakeResponse, error,
) {
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

// ConfigureStack resolves the stack's orgiac configuration: waivers,
// required controls, frameworks and the enforcement mode. A configuration
// problem fails the operation before anything is judged, every problem at
// once.
func (s *Server) ConfigureStack(_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest) (
	*pulumirpc.AnalyzerStackConfigureResponse, error,
) {
	pol, mode, probs := s.resolve(Stack{
		Organization: req.GetOrganization(), Project: req.GetProject(), Name: req.GetStack(),
		Config: req.GetConfig(), SecretKeys: req.GetConfigSecretKeys(),
	})
	if err := probs.AsError("the orgiac policy pack's configuration (stack " + req.GetStack() + ")"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.policy, s.mode, s.dryRun = pol, mode, req.GetDryRun()
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetAnalyzerInfo lists one policy per control. Their default level follows
// orgiac:enforcement (enforce: mandatory, audit: advisory, off: disabled);
// `--policy-pack-config` sets it per policy.
func (s *Server) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	s.mu.Lock()
	mode := s.mode
	s.mu.Unlock()
	return &pulumirpc.AnalyzerInfo{
		Name:           Name,
		DisplayName:    "orgiac controls",
		Version:        version.Version,
		Description:    "The orgiac control catalog (" + compliance.CatalogVersion() + "), judging every resource at preview time",
		SupportsConfig: true,
		Policies:       Policies(LevelFor(mode)),
	}, nil
}

// Configure receives the effective level of every policy. The engine also
// sends the "all" shorthand it has already applied, which is not a policy.
func (s *Server) Configure(_ context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	levels := map[string]Level{}
	for name, c := range req.GetPolicyConfig() {
		if _, ok := compliance.Lookup(name); ok {
			levels[name] = c.GetEnforcementLevel()
		}
	}
	s.mu.Lock()
	s.levels = levels
	s.mu.Unlock()
	return &emptypb.Empty{}, nil
}

// Analyze judges one resource on its own, before it is created: the controls
// a resource can fail alone (a security group open to the world on port 22).
// A mandatory violation here stops the engine from creating it, even with
// --skip-preview. Resources inside orgiac components are left to the whole
// stack, where the component's own policy applies.
func (s *Server) Analyze(_ context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	if insideOrgiacComponent(req.GetUrn()) || !compliance.IsStandalone(req.GetType()) {
		return &pulumirpc.AnalyzeResponse{}, nil
	}
	props, _, err := plainProperties(req.GetProperties())
	if err != nil {
		return nil, fmt.Errorf("reading the properties of %s: %w", req.GetUrn(), err)
	}
	exp := stateexport.Export{Resources: []stateexport.Resource{{
		URN: req.GetUrn(), Type: req.GetType(), Custom: true, Outputs: props,
	}}}
	diags := s.judge(exp)
	s.mu.Lock()
	for _, d := range diags {
		s.reported[d.PolicyName+"\x00"+d.Urn] = true
	}
	s.mu.Unlock()
	return &pulumirpc.AnalyzeResponse{Diagnostics: diags}, nil
}

// AnalyzeStack judges the whole stack as `orgiac report` judges its state:
// linked into subjects, each orgiac component with the policy it recorded,
// each resource outside components on its own, so a waiver naming it applies
// to it alone. Links that a preview cannot see by id (a versioning resource's
// bucket is the id of a bucket not yet created) are followed through the
// engine's property dependencies.
func (s *Server) AnalyzeStack(_ context.Context, req *pulumirpc.AnalyzeStackRequest) (
	*pulumirpc.AnalyzeResponse, error,
) {
	exp := stateexport.Export{Path: "(the stack)"}
	for _, r := range req.GetResources() {
		res, err := exportResource(r)
		if err != nil {
			return nil, err
		}
		exp.Resources = append(exp.Resources, res)
	}
	var diags []*pulumirpc.AnalyzeDiagnostic
	s.mu.Lock()
	reported := s.reported
	s.mu.Unlock()
	for _, d := range s.judge(exp) {
		if !reported[d.PolicyName+"\x00"+d.Urn] {
			diags = append(diags, d)
		}
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: diags}, nil
}

func (s *Server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// judge evaluates exp and returns a diagnostic per failing control per
// subject, at the control's configured level. In a preview, a failure that
// rests on a companion's value the engine does not know yet (a bucket policy
// that names the bucket's ARN) is left to the update, whose analysis sees the
// value: a policy must not fail what may well pass.
func (s *Server) judge(exp stateexport.Export) []*pulumirpc.AnalyzeDiagnostic {
	s.mu.Lock()
	pol, mode, dryRun, levels := s.policy, s.mode, s.dryRun, s.levels
	s.mu.Unlock()
	if pol.Today.IsZero() {
		pol.Today = s.now().UTC()
	}
	ev := verdict.Judge(exp, verdict.Flags{
		Frameworks: pol.Frameworks, Require: pol.Required, Waivers: pol.Waivers, Today: pol.Today,
		PerResource: true,
	})
	var out []*pulumirpc.AnalyzeDiagnostic
	for _, g := range ev.Groups {
		at := g.Component
		if at == "" {
			at = onlySubject(g)
		}
		for _, c := range g.Report.Failures() {
			level, ok := levels[c.ID]
			if !ok {
				level = LevelFor(mode)
			}
			if level == pulumirpc.EnforcementLevel_DISABLED {
				continue
			}
			if dryRun && c.RestsOnUnknowns() {
				continue
			}
			out = append(out, &pulumirpc.AnalyzeDiagnostic{
				PolicyName:        c.ID,
				PolicyPackName:    Name,
				PolicyPackVersion: version.Version,
				Description:       c.Title,
				Message:           violation(c, at),
				EnforcementLevel:  level,
				Urn:               at,
				Severity:          severity(c.Severity),
			})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Urn != out[j].Urn {
			return out[i].Urn < out[j].Urn
		}
		return out[i].PolicyName < out[j].PolicyName
	})
	return out
}

// violation words a failing control as the component errors do: the
// resource, what fails and why (the property and its value), the code, and
// the fix.
func violation(c compliance.ControlResult, urn string) string {
	report := compliance.Report{Controls: []compliance.ControlResult{c}}
	var lines []string
	for _, p := range compliance.Problems(report).Items() {
		// The resource leads the line, so its reason need not name it again.
		p.Path, p.Detail = urn, strings.ReplaceAll(p.Detail, urn+": ", "")
		lines = append(lines, p.Error())
	}
	return strings.Join(lines, "\n")
}

func onlySubject(g verdict.Group) string {
	for urn := range g.Subjects {
		return urn
	}
	return ""
}

// insideOrgiacComponent reports whether a URN's type chain (parent types
// joined by $) holds an orgiac component.
func insideOrgiacComponent(urn string) bool {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return false
	}
	chain := strings.Split(parts[2], "$")
	for _, typ := range chain[:len(chain)-1] {
		if strings.HasPrefix(typ, "orgiac:") {
			return true
		}
	}
	return false
}
