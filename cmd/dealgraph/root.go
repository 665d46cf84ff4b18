package main

import (
	"github.com/spf13/cobra"
)

// storeFlags are the flags of every command that opens the graph store.
type storeFlags struct {
	db      string
	backend string
}

func (s *storeFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.db, "db", "dealgraph.db", "path (or address) of the graph store")
	cmd.Flags().StringVar(&s.backend, "backend", "bolt", "store backend: bolt, leveldb or memstore")
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "dealgraph",
		Short: "Turn Chinese trade news into a knowledge graph you can query",
		Long: `dealgraph reads Chinese news articles about trade deals and builds a graph of
companies, deals, countries and people: who bought what from whom, for how
much, from which country, and who said so, each fact traceable to its sentence.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newExtractCmd(),
		newLoadCmd(),
		newQueryCmd(),
		newExportCmd(),
		newDemoCmd(),
		newCheckCmd(),
		newServeCmd(),
		newExplainCmd(),
		newEntitiesCmd(),
	)
	return root
}
