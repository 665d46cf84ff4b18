package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/graph"
)

func newExportCmd() *cobra.Command {
	var (
		sf      storeFlags
		format  string
		output  string
		minConf float64
	)
	cmd := &cobra.Command{
		Use:   "export [--db PATH] [--backend bolt|leveldb] [--format FORMAT] [-o FILE]",
		Short: "Write the whole graph as N-Quads, N-Triples, Turtle, JSON-LD, GraphML or DOT",
		Long: `export writes every fact in the graph store, in a deterministic order, to
standard output or to a file.

Formats: nquads (each quad with its document label; import it anywhere
that reads RDF datasets), ntriples and turtle (document labels dropped,
facts stated by several documents written once), jsonld (one named graph per
document, with an @context of the vocabulary prefixes), graphml and dot (for
graph drawing tools; dot | dot -Tsvg > graph.svg).

With -o the output is written to a temporary file next to FILE and renamed
when complete, so a failed export leaves no half-written file. The store is
opened read-only: exports can run while queries do.`,
		Example: `  dealgraph export > graph.nq
  dealgraph export --format turtle -o graph.ttl
  dealgraph export --db news.db --format jsonld -o graph.jsonld`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !validFormat(format) {
				return withExit(2, fmt.Errorf("unknown --format %q: use one of %s", format, strings.Join(graph.ExportFormats, ", ")))
			}
			ctx := cmd.Context()
			store, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db, ReadOnly: true})
			if err != nil {
				return err
			}
			defer store.Close()
			if minConf > 0 {
				filtered, err := store.Filtered(ctx, minConf)
				if err != nil {
					return err
				}
				defer filtered.Close()
				store = filtered
			}
			if output == "" || output == "-" {
				return store.Export(ctx, cmd.OutOrStdout(), format)
			}
			return writeFileAtomic(output, func(w io.Writer) error {
				return store.Export(ctx, w, format)
			})
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVar(&format, "format", "nquads", "output format: "+strings.Join(graph.ExportFormats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	cmd.Flags().Float64Var(&minConf, "min-confidence", 0, "leave out deals and relations whose confidence is below this (0-1); reads the store into memory")
	return cmd
}

func validFormat(f string) bool {
	for _, g := range graph.ExportFormats {
		if f == g {
			return true
		}
	}
	return false
}

// writeFileAtomic writes path through a temporary file in the same folder,
// renamed over path only when write and close succeeded.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}
