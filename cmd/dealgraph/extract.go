package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

func newExtractCmd() *cobra.Command {
	var format, base string
	cmd := &cobra.Command{
		Use:   "extract [--format nquads|json] [--base IRI] FILE... | -",
		Short: "Read articles and print their facts (N-Quads or JSON)",
		Long: `extract reads Chinese news articles (UTF-8, GB18030/GBK or Big5; simplified or
traditional) and prints the organizations, countries, people and deals found,
as N-Quads in dealgraph's vocabulary (each quad labelled with the document's
IRI) or as JSON. "-" reads standard input. A file that cannot be read is
reported on stderr and skipped; the exit status is then 1.`,
		Example: `  dealgraph extract article.txt
  dealgraph extract --format json article.txt
  cat article.txt | dealgraph extract -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "nquads" && format != "json" {
				return withExit(2, fmt.Errorf("unknown --format %q: use nquads or json", format))
			}
			inputs, errs := readInputs(args)
			for _, err := range errs {
				fmt.Fprintln(os.Stderr, "dealgraph:", err)
			}
			if len(inputs) == 0 {
				return withExit(1, fmt.Errorf("no readable input among %d argument(s)", len(args)))
			}
			x, err := extract.New(extract.Options{})
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			failed := len(errs)
			for _, in := range inputs {
				iri, err := documentIRI(base, in)
				if err != nil {
					fmt.Fprintln(os.Stderr, "dealgraph:", err)
					failed++
					continue
				}
				f, err := x.Extract(cmd.Context(), extract.Document{IRI: iri, Name: in.name, Raw: in.data})
				if err != nil {
					fmt.Fprintln(os.Stderr, "dealgraph:", err)
					failed++
					continue
				}
				if format == "json" {
					enc := json.NewEncoder(out)
					enc.SetIndent("", "  ")
					enc.SetEscapeHTML(false)
					err = enc.Encode(f)
				} else {
					err = graph.WriteNQuads(out, f)
				}
				if err != nil {
					return fmt.Errorf("writing facts of %s: %w", in.name, err)
				}
			}
			if failed > 0 {
				return withExit(1, fmt.Errorf("%d input(s) could not be read; the others were written", failed))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "nquads", "output format: nquads or json")
	cmd.Flags().StringVar(&base, "base", "", "base IRI for document IRIs (default: file:// URLs of the paths)")
	return cmd
}
