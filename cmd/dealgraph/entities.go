package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

func newEntitiesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "entities list|merge|split|aliases",
		Short: "List entities, and merge or split them by hand (an alias file you can edit)",
		Long: `entities lists the graph's entity nodes and manages the user's alias
decisions, which the loader applies on top of its own merge rules (see
graph/RESOLUTION.md):

  merge A B ...   the names are one entity, whatever the rules say
  split NAME      never merge an entity through NAME (undoes a wrong merge)

Decisions are kept in the store (graph <https://dealgraph.dev/aliases>).
merge and split record the decision and load the documents concerned again
(re-extracting them from their files) so that it takes effect at once;
documents that are not local files are listed to be loaded again by hand.
"entities aliases" prints the decisions as an alias file, and
"entities aliases --import FILE" replaces them with an edited file.`,
	}
	cmd.AddCommand(newEntitiesListCmd(), newEntitiesMergeCmd(), newEntitiesSplitCmd(), newEntitiesAliasesCmd())
	return cmd
}

func newEntitiesListCmd() *cobra.Command {
	var (
		sf  storeFlags
		all bool
	)
	cmd := &cobra.Command{
		Use:   "list [--all]",
		Short: "List the organizations, countries and people (--all: products and events too)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db, ReadOnly: true})
			if err != nil {
				return withExit(1, err)
			}
			defer st.Close()
			ents, err := st.Entities(ctx, all)
			if err != nil {
				return withExit(1, err)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TYPE\tNAME\tALT NAMES\tDOCUMENTS\tMERGES\tNODE")
			for _, e := range ents {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\n", e.Type, e.Name, e.AltNames, e.Documents, e.Merges, string(e.Node))
			}
			return tw.Flush()
		},
	}
	sf.register(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "list products and events too")
	return cmd
}

func newEntitiesMergeCmd() *cobra.Command {
	return newAliasRuleCmd("merge", "merge NAME NAME...",
		"Declare that the names are one entity, and reload the documents concerned",
		cobra.MinimumNArgs(2),
		// A merge lifts a split of the same names.
		func(rule, r graph.AliasRule) bool {
			return r.Op == "split" && contains(rule.Names, r.Names[0])
		})
}

func newEntitiesSplitCmd() *cobra.Command {
	return newAliasRuleCmd("split", "split NAME",
		"Never merge an entity through NAME, and reload the documents concerned",
		cobra.ExactArgs(1),
		// A split drops the merges that name NAME, and itself if repeated.
		func(rule, r graph.AliasRule) bool {
			return r.Op == "merge" && contains(r.Names, rule.Names[0]) || r.String() == rule.String()
		})
}

// newAliasRuleCmd builds entities merge and split: both add one alias rule,
// drop the existing rules that drop(rule, existing) says it overrides, and
// reload the documents that mention the names.
func newAliasRuleCmd(op, use, short string, args cobra.PositionalArgs, drop func(rule, existing graph.AliasRule) bool) *cobra.Command {
	var (
		sf       storeFlags
		noReload bool
	)
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  args,
		RunE: func(cmd *cobra.Command, args []string) error {
			rule, err := graph.NewAliasRule(op, args...)
			if err != nil {
				return withExit(2, err)
			}
			return changeAliases(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), sf, !noReload, func(rs []graph.AliasRule) []graph.AliasRule {
				var out []graph.AliasRule
				for _, r := range rs {
					if !drop(rule, r) {
						out = append(out, r)
					}
				}
				return append(out, rule)
			}, rule.Names)
		},
	}
	sf.register(cmd)
	cmd.Flags().BoolVar(&noReload, "no-reload", false, "only record the decision; it applies when the documents are next loaded")
	return cmd
}

func newEntitiesAliasesCmd() *cobra.Command {
	var (
		sf       storeFlags
		file     string
		noReload bool
	)
	cmd := &cobra.Command{
		Use:   "aliases [--import FILE]",
		Short: "Print the merge/split decisions as an alias file, or replace them with one",
		Example: `  dealgraph entities aliases > aliases.tsv
  $EDITOR aliases.tsv
  dealgraph entities aliases --import aliases.tsv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if file == "" {
				st, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db, ReadOnly: true})
				if err != nil {
					return withExit(1, err)
				}
				defer st.Close()
				rules, err := st.Aliases(ctx)
				if err != nil {
					return withExit(1, err)
				}
				return graph.WriteAliases(cmd.OutOrStdout(), rules)
			}
			f, err := os.Open(file)
			if err != nil {
				return withExit(1, err)
			}
			rules, err := graph.ParseAliases(f)
			f.Close()
			if err != nil {
				return withExit(2, fmt.Errorf("%s: %w", file, err))
			}
			var names []string
			return changeAliases(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), sf, !noReload, func(old []graph.AliasRule) []graph.AliasRule {
				// Documents concerned: those of every name in the old
				// and the new rules.
				for _, r := range append(append([]graph.AliasRule(nil), old...), rules...) {
					names = append(names, r.Names...)
				}
				return rules
			}, nil, &names)
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVar(&file, "import", "", "replace the decisions with this alias file")
	cmd.Flags().BoolVar(&noReload, "no-reload", false, "only record the decisions; they apply when the documents are next loaded")
	return cmd
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// changeAliases rewrites the store's alias rules with edit and, when
// reload is set, loads again the documents that mention the names (names,
// and *extra after edit ran).
func changeAliases(ctx context.Context, stdout, stderr io.Writer, sf storeFlags, reload bool,
	edit func([]graph.AliasRule) []graph.AliasRule, names []string, extra ...*[]string) error {
	st, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db})
	if err != nil {
		return withExit(1, err)
	}
	defer st.Close()
	old, err := st.Aliases(ctx)
	if err != nil {
		return withExit(1, err)
	}
	rules := edit(old)
	for _, e := range extra {
		names = append(names, *e...)
	}
	if err := st.SetAliases(ctx, rules); err != nil {
		return withExit(1, err)
	}
	fmt.Fprintf(stdout, "%d alias decision(s) recorded\n", len(rules))

	// The documents concerned: every document stating something about a
	// node that bears one of the names.
	docSet := map[string]bool{}
	for _, n := range names {
		ex, err := st.Explain(ctx, n)
		if err != nil {
			return withExit(1, err)
		}
		for _, e := range ex.Entities {
			for _, d := range e.Documents {
				docSet[d] = true
			}
		}
	}
	docs := make([]string, 0, len(docSet))
	for d := range docSet {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	if len(docs) == 0 {
		fmt.Fprintln(stdout, "no loaded document names them yet: the decision applies to documents loaded from now on")
		return nil
	}
	if !reload {
		fmt.Fprintf(stdout, "load these %d document(s) again to apply it:\n", len(docs))
		for _, d := range docs {
			fmt.Fprintln(stdout, "  "+d)
		}
		return nil
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		return withExit(1, err)
	}
	var facts []extract.Facts
	var manual []string
	for _, d := range docs {
		u, err := url.Parse(d)
		if err != nil || u.Scheme != "file" {
			manual = append(manual, d)
			continue
		}
		raw, err := os.ReadFile(u.Path)
		if err != nil {
			fmt.Fprintf(stderr, "dealgraph: %s: %v\n", d, err)
			manual = append(manual, d)
			continue
		}
		f, err := x.Extract(ctx, extract.Document{IRI: d, Name: u.Path, Raw: raw})
		if err != nil {
			fmt.Fprintf(stderr, "dealgraph: %s: %v\n", d, err)
			manual = append(manual, d)
			continue
		}
		facts = append(facts, f)
	}
	if len(facts) > 0 {
		stats, err := st.LoadBatch(ctx, facts)
		if err != nil {
			return withExit(1, err)
		}
		merges := 0
		for _, s := range stats {
			merges += len(s.Merges)
		}
		fmt.Fprintf(stdout, "reloaded %d document(s); %d merge(s) among them\n", len(facts), merges)
		if merges == 0 && len(names) > 1 && len(docs) == 1 {
			// A node takes at most one entity of a document (RESOLUTION.md).
			fmt.Fprintln(stdout, "note: only one document names them, and the entities of one document stay apart; the decision merges them with the nodes of other documents that use these names")
		}
	}
	if len(manual) > 0 {
		fmt.Fprintf(stdout, "load these %d document(s) again by hand to apply it:\n", len(manual))
		for _, d := range manual {
			fmt.Fprintln(stdout, "  "+d)
		}
		return withExit(1, fmt.Errorf("%d document(s) could not be reloaded", len(manual)))
	}
	return nil
}
