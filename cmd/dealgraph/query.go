package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// placeholder: replaced by the real command.
func newQueryCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "query",
		Short: "(not built yet)",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("query: not built yet")
		},
	}
}
