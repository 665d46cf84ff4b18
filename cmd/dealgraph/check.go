package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/graph"
)

func newCheckCmd() *cobra.Command {
	var sf storeFlags
	cmd := &cobra.Command{
		Use:   "check [--db PATH] [--backend bolt|leveldb]",
		Short: "Check the graph store's integrity",
		Long: `check opens the graph store read-only, walks every quad once and reports
integrity problems, one per line:

  deal-without-buyer   a dg:Deal has no dg:buyer
  name-count           an entity node has no schema:name, or several
  unlabelled-quad      a quad has no document label
  label-not-document   quads are labelled with a node that is not a dg:Document
  untyped-node         a node (subject, or object of a link) has no rdf:type

The exit status is 0 when the store is sound, 1 when it has problems (or
cannot be opened). Run it after a crash or an interrupted load.`,
		Example: `  dealgraph check
  dealgraph check --db news.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			store, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db, ReadOnly: true})
			if err != nil {
				return err
			}
			defer store.Close()
			rep, err := store.Check(ctx)
			if err != nil {
				return err
			}
			return printCheck(cmd.OutOrStdout(), rep, sf.db)
		},
	}
	sf.register(cmd)
	return cmd
}

func printCheck(w io.Writer, rep *graph.CheckReport, db string) error {
	for _, p := range rep.Problems {
		fmt.Fprintln(w, p)
	}
	if rep.Omitted > 0 {
		fmt.Fprintf(w, "... and %d more problem(s)\n", rep.Omitted)
	}
	n := len(rep.Problems) + rep.Omitted
	fmt.Fprintf(w, "checked %s: %d quads, %d document(s), %d entities, %d deals: ", db, rep.Quads, rep.Documents, rep.Entities, rep.Deals)
	if n == 0 {
		fmt.Fprintln(w, "ok")
		return nil
	}
	fmt.Fprintf(w, "%d problem(s)\n", n)
	return withExit(1, fmt.Errorf("graph store %s has %d integrity problem(s)", db, n))
}
