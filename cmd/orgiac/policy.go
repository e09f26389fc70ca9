package main

// `orgiac policy new`: a policy pack folder a platform team starts from.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// analyzerBinary is the policy pack's executable, as goreleaser archives it
// and `pulumi plugin install analyzer policy-orgiac` installs it.
const analyzerBinary = "pulumi-analyzer-policy-orgiac"

func (c cli) policyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Work with the orgiac policy pack",
		Long: "The orgiac policy pack judges every resource of a stack, raw ones included, against the\n" +
			"orgiac control catalog at preview time. See docs/policy-pack.md.",
	}
	cmd.AddCommand(c.policyNewCommand())
	return cmd
}

func (c cli) policyNewCommand() *cobra.Command {
	var analyzer string
	cmd := &cobra.Command{
		Use:   "new DIR [--analyzer PATH]",
		Short: "Write a policy pack folder: PulumiPolicy.yaml, a config example and the analyzer",
		Long: `New writes a policy pack folder to DIR: PulumiPolicy.yaml, with comments that explain the
configuration, policy-config.json, an example to edit, and a README. It copies the analyzer into
the folder, so --policy-pack DIR/` + analyzerBinary + ` runs it: from --analyzer, or else found
beside this orgiac binary or on PATH. DIR must not hold any of those files yet.`,
		Example: `  orgiac policy new policy
  pulumi preview --policy-pack policy/` + analyzerBinary + ` --policy-pack-config policy/policy-config.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(cmd, fmt.Errorf("policy new takes one folder, got %q", args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return newPolicyPack(cmd.OutOrStdout(), args[0], analyzer)
		},
	}
	cmd.Flags().StringVar(&analyzer, "analyzer", "", "the "+analyzerBinary+" binary to copy into the pack")
	return cmd
}

// newPolicyPack writes the pack's files, refusing to overwrite any.
func newPolicyPack(out io.Writer, dir, analyzer string) error {
	files := map[string]string{
		"PulumiPolicy.yaml":  policyProject,
		"policy-config.json": policyConfigExample,
		"README.md":          fmt.Sprintf(policyReadme, analyzerBinary, version.Version),
	}
	var exist []string
	for name := range files {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			exist = append(exist, name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, analyzerBinary)); err == nil {
		exist = append(exist, analyzerBinary)
	}
	if len(exist) > 0 {
		return fmt.Errorf("%s already holds %v: choose an empty folder, or move them away first", dir, exist)
	}
	src, err := findAnalyzer(analyzer)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the policy pack folder: %w", err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("writing the policy pack: %w", err)
		}
	}
	if err := copyFile(src, filepath.Join(dir, analyzerBinary)); err != nil {
		return fmt.Errorf("copying the analyzer %s into the pack: %w", src, err)
	}
	_, err = fmt.Fprintf(out, "Wrote the orgiac policy pack to %s. Run it with:\n\n"+
		"  pulumi preview --policy-pack %s --policy-pack-config %s\n",
		dir, filepath.Join(dir, analyzerBinary), filepath.Join(dir, "policy-config.json"))
	return err
}

// findAnalyzer is the analyzer given, or the one beside this binary, or the
// one on PATH.
func findAnalyzer(given string) (string, error) {
	if given != "" {
		if info, err := os.Stat(given); err != nil || info.IsDir() {
			return "", fmt.Errorf("--analyzer %s: not a file; give the path of %s", given, analyzerBinary)
		}
		return given, nil
	}
	if self, err := os.Executable(); err == nil {
		beside := filepath.Join(filepath.Dir(self), analyzerBinary)
		if _, err := os.Stat(beside); err == nil {
			return beside, nil
		}
	}
	if onPath, err := exec.LookPath(analyzerBinary); err == nil {
		return onPath, nil
	}
	return "", fmt.Errorf("found no %s beside orgiac or on PATH: install it with `pulumi plugin install "+
		"analyzer policy-orgiac v%s --file %s-v%s-<os>-<arch>.tar.gz` and pass --analyzer "+
		"~/.pulumi/plugins/analyzer-policy-orgiac-v%s/%s", analyzerBinary, version.Version, analyzerBinary,
		version.Version, version.Version, analyzerBinary)
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	_, err = io.Copy(out, in)
	return err
}

const policyProject = `# The orgiac policy pack: the orgiac control catalog, judging every resource of
# a stack at preview time, raw aws:* resources included.
#
# Run it by pointing --policy-pack at the analyzer binary beside this file
# (Pulumi reads this file beside it; a folder would need a language host):
#
#   pulumi preview --policy-pack ./pulumi-analyzer-policy-orgiac \
#       --policy-pack-config ./policy-config.json
#
# policy-config.json sets each policy's enforcement level. A policy is a
# control id (orgiac catalog lists them); the levels are
#   mandatory  - a violation fails the preview and blocks the resource (orgiac's enforce)
#   advisory   - a violation is a warning (orgiac's audit)
#   disabled   - the control is not judged (orgiac's off)
# "all" sets every policy at once; a named policy wins over it:
#
#   {
#     "all": "mandatory",
#     "s3-access-logging": "advisory",
#     "s3-lifecycle": "disabled"
#   }
#
# Without a config file every policy follows orgiac:enforcement.
# Waivers and orgiac:requiredControls come from the stack's orgiac:*
# configuration and the organization policy file, as for the components: a
# waiver's component names the raw resource it accepts.
runtime: binary
description: The orgiac control catalog as a policy pack
`

const policyConfigExample = `{
  "all": "mandatory",
  "s3-access-logging": "advisory",
  "s3-lifecycle": "advisory"
}
`

const policyReadme = "# orgiac policy pack\n\n" +
	"`%[1]s` (orgiac %[2]s) is the orgiac control catalog as a Pulumi policy pack.\n\n" +
	"    pulumi preview --policy-pack ./%[1]s --policy-pack-config ./policy-config.json\n" +
	"    pulumi up      --policy-pack ./%[1]s --policy-pack-config ./policy-config.json\n\n" +
	"PulumiPolicy.yaml explains the configuration. docs/policy-pack.md in the orgiac repository lists\n" +
	"every policy with its default level, and shows CI use and installation with\n" +
	"`pulumi plugin install analyzer policy-orgiac`.\n"
