package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// placeholder: replaced by the real command.
func newLoadCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "load",
		Short: "(not built yet)",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("load: not built yet")
		},
	}
}
