package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// versionCommand prints the version linked into the binary, the same one the
// provider plugin reports, so a bug report names both with one number.
func (c cli) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the orgiac version",
		Long:    "Print the orgiac version. It is the provider version this CLI was released with.",
		Example: "  orgiac version",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "orgiac %s\n", version.Version)
			return err
		},
	}
}

// noArgs rejects arguments with a pointer to the help.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError(cmd, fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args))
	}
	return nil
}
