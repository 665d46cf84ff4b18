package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

func newQueryCmd() *cobra.Command {
	var (
		store   storeFlags
		limit   int
		timeout time.Duration
		format  string
		file    string
		list    bool
		minConf float64
	)
	runner := queries.NewRunner()
	cmd := &cobra.Command{
		Use:   "query [flags] 'GIZMO' | -f FILE.js | NAME ARGS... | --list",
		Short: "Query the graph with Gizmo, or run a named query",
		Long: `query runs a Gizmo query (Cayley's JavaScript-like query language) against
the graph, or one of dealgraph's named queries by its name and arguments.
Companies, countries and people are named as you know them, in Chinese:
the canonical name or any alternate name (中国能建 for 中国能源建设集团有限公司).

If the first argument is the name of a named query, the rest are its
arguments; -f reads Gizmo from a file; otherwise the argument is Gizmo source.
Every query may use the helpers of the prelude (entity, need, nameOf, lit,
num, dg, ...); see the "Gizmo primer" section of README.md.

Exit status: 0 on success, 2 for a Gizmo syntax error, 1 otherwise.`,
		Example: `  dealgraph query --list
  dealgraph query deals 中国能建
  dealgraph query path 宋海良 西门子
  dealgraph query 'entity("中国能建").In(dg("buyer")).Out(dg("partner")).Out(dg("name")).All()'
  dealgraph query --format json -f my-query.js`,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			if list {
				return withExit(1, writeNamedList(out, runner.List()))
			}
			if format != "table" && format != "json" {
				return withExit(1, fmt.Errorf("unknown --format %q: use table or json", format))
			}
			var (
				name, src string
				named     bool
			)
			switch {
			case file != "":
				if len(args) > 0 {
					return withExit(1, errors.New("give either -f FILE or a query, not both"))
				}
				b, err := os.ReadFile(file)
				if err != nil {
					return withExit(1, fmt.Errorf("read query file: %w", err))
				}
				src = string(b)
			case len(args) == 0:
				return withExit(1, errors.New("no query: give Gizmo source, -f FILE.js, or a named query (dealgraph query --list shows them)"))
			default:
				if _, ok := runner.Lookup(args[0]); ok {
					named, name = true, args[0]
				} else if len(args) > 1 || looksLikeName(args[0]) {
					// "dealgraph query dealz 中国能建": a mistyped named
					// query, not Gizmo source.
					return withExit(1, &queries.UnknownQueryError{Name: args[0], Available: namesOf(runner.List())})
				} else {
					src = args[0]
				}
			}

			ctx := cmd.Context()
			st, err := graph.Open(ctx, graph.Options{Backend: store.backend, Path: store.db, ReadOnly: true})
			if err != nil {
				return withExit(1, fmt.Errorf("open the graph store (--backend %s, --db %s): %w", store.backend, store.db, err))
			}
			defer st.Close()
			if minConf > 0 {
				filtered, err := st.Filtered(ctx, minConf)
				if err != nil {
					return withExit(1, err)
				}
				defer filtered.Close()
				st = filtered
			}

			opts := queries.Options{Limit: limit, Timeout: timeout}
			if timeout <= 0 {
				opts.Timeout = -1
			}
			var res *queries.Result
			if named {
				res, err = runner.RunNamed(ctx, st.QuadStore(), name, args[1:], opts)
			} else {
				res, err = runner.Run(ctx, st.QuadStore(), src, opts)
			}
			if err != nil {
				var se *queries.SyntaxError
				if errors.As(err, &se) {
					return withExit(2, err)
				}
				return withExit(1, err)
			}
			if format == "json" {
				err = res.WriteJSON(out)
			} else {
				err = res.WriteTable(out, queries.TableOptions{MaxWidth: 60})
			}
			if err != nil {
				return withExit(1, fmt.Errorf("write results: %w", err))
			}
			errOut := cmd.ErrOrStderr()
			for _, n := range res.Notes {
				fmt.Fprintln(errOut, "note:", n)
			}
			if res.Truncated {
				fmt.Fprintf(errOut, "note: stopped at %d rows (--limit); there are more\n", limit)
			} else if len(res.Rows) == 0 && len(res.Notes) == 0 {
				fmt.Fprintln(errOut, "note: no results")
			}
			return nil
		},
	}
	store.register(cmd)
	f := cmd.Flags()
	f.IntVar(&limit, "limit", 100, "at most this many rows (0: no limit)")
	f.DurationVar(&timeout, "timeout", queries.DefaultTimeout, "stop the query after this long (0: no limit)")
	f.StringVar(&format, "format", "table", "output format: table or json")
	f.Float64Var(&minConf, "min-confidence", 0, "query only deals and relations whose confidence is at least this (0-1); reads the store into memory")
	f.StringVarP(&file, "file", "f", "", "read the Gizmo query from this file")
	f.BoolVar(&list, "list", false, "list the named queries")
	// Named queries' arguments may start with '-' (a negative number, a
	// name): flags go before the query.
	f.SetInterspersed(false)
	return cmd
}

// looksLikeName tells a lone word such as "dealz" (a mistyped named query)
// from Gizmo source, which always has punctuation.
func looksLikeName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func namesOf(ns []queries.Named) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}

func writeNamedList(w io.Writer, ns []queries.Named) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, n := range ns {
		fmt.Fprintf(tw, "%s\t%s\n", n.Usage(), n.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nrun one with: dealgraph query NAME ARGS... (names as written in the news: 中国能建, 西门子, 泰国)")
	return err
}
