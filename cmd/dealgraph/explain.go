package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

func newExplainCmd() *cobra.Command {
	var sf storeFlags
	cmd := &cobra.Command{
		Use:   "explain [--db PATH] ENTITY|FACT ...",
		Short: "Show where an entity or a fact comes from: documents, merge rules, evidence, confidence",
		Long: `explain prints, for an entity named by any of its names (in either script)
or by its node IRI: its node, canonical and alternate names, type, Wikidata
link, the documents it comes from, the merge rules that made it one node
(rule, shared key, and the document that gave the evidence), and every fact
about it with its evidence sentence, document, rule and confidence.

For a fact node IRI (a deal, <doc>#deal-1, or a statement, <doc>#stmt-...)
it prints that fact. Exit status 1 when nothing matches.`,
		Example: `  dealgraph explain 中国能建
  dealgraph explain 中國能建
  dealgraph explain 'file:///corpus/dev/ciie5-peoplesdaily.txt#deal-3'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db, ReadOnly: true})
			if err != nil {
				return withExit(1, err)
			}
			defer st.Close()
			var fold *extract.Folder
			missing := 0
			for i, q := range args {
				ex, err := st.Explain(ctx, q)
				if err != nil {
					return withExit(1, err)
				}
				if len(ex.Entities) == 0 && len(ex.Facts) == 0 {
					// A traditional spelling of a name the store only
					// holds in simplified characters.
					if fold == nil {
						if fold, err = extract.NewFolder(); err != nil {
							return withExit(1, err)
						}
					}
					if s := fold.Simplify(q); s != q {
						if ex, err = st.Explain(ctx, s); err != nil {
							return withExit(1, err)
						}
						ex.Query = q
					}
				}
				if len(ex.Entities) == 0 && len(ex.Facts) == 0 {
					missing++
				}
				if i > 0 {
					fmt.Fprintln(cmd.OutOrStdout())
				}
				if err := ex.WriteText(cmd.OutOrStdout()); err != nil {
					return withExit(1, err)
				}
			}
			if missing > 0 {
				return withExit(1, fmt.Errorf("%d of %d name(s) not found", missing, len(args)))
			}
			return nil
		},
	}
	sf.register(cmd)
	return cmd
}
