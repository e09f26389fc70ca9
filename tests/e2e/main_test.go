package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/moto"
)

var (
	// repoRoot is the repository's top folder.
	repoRoot string
	// pluginBin holds the orgiac plugin and the stand-ins built for this run.
	pluginBin string
	// installBin holds the plugin TestPluginInstallFromArchive installs, which
	// reports installVersion.
	installBin string
	// toolBin holds the pulumi CLI and the YAML language host (make toolchain).
	toolBin string
)

// TestMain builds the orgiac plugin and the stand-in providers from this tree,
// so the e2e never runs a stale binary, and checks the toolchain is present.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	code, err := setUp(m)
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e set-up: %v\n", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setUp(m *testing.M) (int, error) {
	wd, err := os.Getwd()
	if err != nil {
		return 0, fmt.Errorf("finding the working directory: %w", err)
	}
	repoRoot = filepath.Clean(filepath.Join(wd, "..", ".."))
	toolBin = filepath.Join(repoRoot, ".toolchain", "bin")
	for _, tool := range []string{"pulumi", "pulumi-language-yaml"} {
		if _, err := os.Stat(filepath.Join(toolBin, tool)); err != nil {
			return 0, fmt.Errorf("%s is missing from %s: run `make toolchain` first", tool, toolBin)
		}
	}
	// The binaries live in the git-ignored .work/ of the tree, not in a
	// temporary folder: go build then relinks only what changed, and a run
	// killed by its timeout leaves nothing behind in /tmp.
	pluginBin = filepath.Join(repoRoot, ".work", "e2e", "bin")
	installBin = filepath.Join(repoRoot, ".work", "e2e", "install-"+installVersion)
	if err := buildBinaries(); err != nil {
		return 0, err
	}
	stop, err := startMoto()
	if err != nil {
		return 0, err
	}
	defer stop()
	code := m.Run()
	if err := noLeftovers(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code, nil
}

// noLeftovers asks moto, account by account, what the run left behind:
// every test destroys what it made, so after the suite moto holds nothing
// but the fixtures and AWS's own defaults.
func noLeftovers() error {
	handedOut.Lock()
	defer handedOut.Unlock()
	var leftovers []string
	for _, api := range handedOut.apis {
		refs, err := awscloud.Inventory(context.Background(), api, awsRegion)
		if err != nil {
			return fmt.Errorf("asking moto what account %s holds after the suite: %w", api.Account(), err)
		}
		for _, ref := range refs {
			leftovers = append(leftovers, fmt.Sprintf("account %s: %s %s", api.Account(), ref.Type, ref.ID))
		}
	}
	if len(leftovers) > 0 {
		return fmt.Errorf("moto holds %d resources after the suite:\n  %s", len(leftovers), strings.Join(leftovers, "\n  "))
	}
	fmt.Fprintf(os.Stderr, "e2e: moto holds no leftovers in the %d accounts of the run\n", len(handedOut.apis))
	return nil
}

// handedOut are the accounts newAccount gave the tests.
var handedOut struct {
	sync.Mutex
	apis []*awscloud.API
}

// motoURL is the moto server every stack's aws stand-in translates to; each
// stack acts in an account of its own (newAccount).
var motoURL string

// awsRegion is the region every e2e program deploys to.
const awsRegion = "us-west-2"

// startMoto starts the moto server for the run, its log in .work/e2e.
func startMoto() (stop func(), err error) {
	bin, err := moto.Binary(repoRoot)
	if err != nil {
		return nil, err
	}
	s, err := moto.Start(bin, filepath.Join(repoRoot, ".work", "e2e", "moto.log"))
	if err != nil {
		return nil, fmt.Errorf("starting moto: %w", err)
	}
	motoURL = s.URL
	return func() { _ = s.Stop() }, nil
}

// accounts numbers the emulated accounts of one run.
var accounts atomic.Int64

// newAccount is a fresh moto account with its fixtures: a cloud of the
// test's own, whose inventory holds only what the test created.
func newAccount(t *testing.T) *awscloud.API {
	t.Helper()
	api := awscloud.New(motoURL, fmt.Sprintf("%012d", 200_000_000_000+int64(os.Getpid())%100_000*1_000_000+accounts.Add(1)))
	require.NoError(t, awscloud.PrepareFixtures(context.Background(), api), "preparing the moto account")
	handedOut.Lock()
	handedOut.apis = append(handedOut.apis, api)
	handedOut.Unlock()
	return api
}

// buildBinaries builds, once per run, every binary the e2e runs: the orgiac
// plugin and CLI, the stand-ins, and the plugin the install test packs with a
// version of its own. They are built with the flags of `make build` and the
// releases (static, -trimpath), so the compiled packages are shared with it
// through the Go build cache, and go build relinks nothing that is current.
func buildBinaries() error {
	stamp := func(v string) string { return "-X github.com/orgiac/pulumi-orgiac/internal/version.Version=" + v }
	// One after the other: the first compiles the shared packages, the rest
	// find them in the build cache. Concurrent go commands would compile the
	// same packages side by side on a cold cache.
	for _, b := range []struct{ out, pkg, ldflags string }{
		{filepath.Join(pluginBin, "pulumi-resource-orgiac"), "./cmd/pulumi-resource-orgiac", stamp(pluginVersion)},
		{filepath.Join(pluginBin, "pulumi-resource-aws"), "./tests/standin/aws", ""},
		{filepath.Join(pluginBin, "pulumi-resource-azure-native"), "./tests/standin/azure-native", ""},
		{filepath.Join(pluginBin, "orgiac"), "./cmd/orgiac", stamp(pluginVersion)},
		{filepath.Join(pluginBin, "pulumi-analyzer-policy-orgiac"), "./cmd/pulumi-analyzer-policy-orgiac", stamp(pluginVersion)},
		{filepath.Join(installBin, "pulumi-resource-orgiac"), "./cmd/pulumi-resource-orgiac", stamp(installVersion)},
		{filepath.Join(installBin, "pulumi-analyzer-policy-orgiac"), "./cmd/pulumi-analyzer-policy-orgiac", stamp(installVersion)},
	} {
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", b.ldflags, "-o", b.out, b.pkg)
		cmd.Dir = repoRoot
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("building %s: %w\n%s", b.out, err, out)
		}
	}
	return nil
}

// pluginVersion is the version the e2e plugin reports; the SDKs of an
// unreleased tree ask for the same development version.
const pluginVersion = "0.0.0-dev"

// installVersion is the version of the plugin the install test installs from
// an archive: another one than pluginVersion, so that the version the running
// plugin reports proves which binary ran.
const installVersion = "1.2.3-e2e"
