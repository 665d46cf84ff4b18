package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// placeholder: replaced by the real command.
func newExtractCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "extract",
		Short: "(not built yet)",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("extract: not built yet")
		},
	}
}
