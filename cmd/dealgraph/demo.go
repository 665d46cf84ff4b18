package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

// sampleArticle is the article the demo reads: People's Daily's report from
// the 5th China International Import Expo (sample/README.md). It is built
// into the binary, so the demo reads no file.
//
//go:embed sample/ciie5-peoplesdaily.txt
var sampleArticle []byte

const (
	sampleName = "ciie5-peoplesdaily.txt"
	// sampleIRI labels the sample's quads. It does not depend on where the
	// binary runs, so demo --db loads the same document each time.
	sampleIRI = "urn:dealgraph:sample:ciie5-peoplesdaily"
)

// demoQueries are the named queries the demo runs on the sample.
var demoQueries = []struct {
	name string
	args []string
}{
	{"partners", []string{"中国能建"}},
	{"deals-by-country", nil},
	{"people", []string{"中国能建"}},
}

func newDemoCmd() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "demo [--db PATH]",
		Short: "Read a bundled sample article, load it and query it",
		Long: `demo shows what dealgraph does on one article built into the binary (People's
Daily, November 2022, from the 5th China International Import Expo): it
extracts the companies, deals, amounts and countries, loads them into a graph
store, and runs three named queries on it.

Without --db the store is a temporary file, removed at the end; with --db
the sample is loaded into that store and stays there.`,
		Example: `  dealgraph demo
  dealgraph demo --db demo.db && dealgraph query --db demo.db deals 中粮集团`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), cmd.OutOrStdout(), db)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "load the sample into this bolt store and keep it (default: a temporary file)")
	return cmd
}

func runDemo(ctx context.Context, w io.Writer, db string) error {
	path := db
	if path == "" {
		dir, err := os.MkdirTemp("", "dealgraph-demo-")
		if err != nil {
			return fmt.Errorf("make a temporary folder for the demo store: %w", err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "demo.db")
	}

	fmt.Fprintf(w, "Reading the bundled sample article %s (People's Daily, November 2022, %d bytes).\n", sampleName, len(sampleArticle))
	start := time.Now()
	x, err := extract.New(extract.Options{})
	if err != nil {
		return fmt.Errorf("starting the extractor: %w", err)
	}
	f, err := x.Extract(ctx, extract.Document{IRI: sampleIRI, Name: sampleName, Raw: sampleArticle})
	if err != nil {
		return fmt.Errorf("extracting the sample: %w", err)
	}
	st, err := graph.Open(ctx, graph.Options{Backend: "bolt", Path: path})
	if err != nil {
		return fmt.Errorf("open the demo store %s: %w", path, err)
	}
	defer st.Close()
	ls, err := st.Load(ctx, f)
	if err != nil {
		return err
	}
	where := path + " (a temporary file, removed at the end)"
	if db != "" {
		where = path
	}
	fmt.Fprintf(w, "Extracted and loaded in %s: %d new quads in %s.\n", time.Since(start).Round(time.Millisecond), ls.Added, where)

	describeFacts(w, f)

	fmt.Fprintln(w, "\nThree named queries on the graph (Gizmo, Cayley's JavaScript-like query language):")
	runner := queries.NewRunner()
	failed := 0
	for _, q := range demoQueries {
		n, ok := runner.Lookup(q.name)
		if !ok {
			return fmt.Errorf("demo: the named query %q is missing", q.name)
		}
		fmt.Fprintf(w, "\n$ dealgraph query%s %s\n", dbFlag(db), strings.Join(append([]string{q.name}, q.args...), " "))
		fmt.Fprintf(w, "  %s. From queries/named/%s.js:\n", n.Description, q.name)
		fmt.Fprintf(w, "  %s\n\n", gizmoLine(n.Source))
		res, err := runner.RunNamed(ctx, st.QuadStore(), q.name, q.args, queries.Options{Limit: 20})
		if err != nil {
			failed++
			fmt.Fprintf(w, "  the query failed: %v\n", err)
			continue
		}
		if len(res.Rows) == 0 {
			fmt.Fprintln(w, "  (no answers)")
			continue
		}
		if err := res.WriteTable(w, queries.TableOptions{MaxWidth: 40}); err != nil {
			return err
		}
	}

	keep := db
	if keep == "" {
		keep = "demo.db"
	}
	next := [][2]string{
		{"dealgraph demo --db demo.db", "keep the sample's graph in demo.db"},
		{"dealgraph query --list", "the named queries"},
		{"dealgraph query --db " + keep + " deals 中粮集团", "a company's deals"},
		{"dealgraph query --db " + keep + " 'entity(\"西门子\").Out(dg(\"country\")).Out(dg(\"name\")).All()'", "Gizmo"},
		{"dealgraph load --db news.db ARTICLES/", "extract a folder of .txt articles into a store"},
		{"dealgraph export --db news.db --format turtle > news.ttl", "the whole graph as Turtle"},
	}
	if db != "" {
		next = next[1:]
	}
	fmt.Fprintln(w, "\nNext, try:")
	for _, n := range next {
		fmt.Fprintf(w, "  %s%s  # %s\n", n[0], strings.Repeat(" ", max(0, 48-queries.StringWidth(n[0]))), n[1])
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d demo queries failed", failed, len(demoQueries))
	}
	return nil
}

func dbFlag(db string) string {
	if db == "" {
		return ""
	}
	return " --db " + db
}

// gizmoLine picks a line of a named query's source that shows how it walks
// the graph: the first one with a step along a predicate.
func gizmoLine(src string) string {
	first := ""
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "//") {
			continue
		}
		if first == "" {
			first = l
		}
		if strings.Contains(l, ".In(") || strings.Contains(l, ".Out(") {
			return l
		}
	}
	return first
}

// describeFacts tells in plain words what was read from one document: the
// companies with their countries, the deals, the countries.
func describeFacts(w io.Writer, f extract.Facts) {
	byID := make(map[string]extract.Entity, len(f.Entities))
	for _, e := range f.Entities {
		byID[e.ID] = e
	}
	name := func(id string) string {
		if e, ok := byID[id]; ok {
			return e.Name
		}
		return id
	}
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return strings.Join(out, "、")
	}
	home := map[string][]string{}
	for _, r := range f.Relations {
		if r.Predicate == extract.HomeCountry {
			home[r.From] = append(home[r.From], r.To)
		}
	}

	if f.Doc.Title != "" {
		fmt.Fprintf(w, "\nThe article: 《%s》\n", strings.Join(strings.Fields(f.Doc.Title), " "))
	}
	var orgs, countries []extract.Entity
	for _, e := range f.Entities {
		switch e.Kind {
		case extract.Organization:
			orgs = append(orgs, e)
		case extract.Country:
			countries = append(countries, e)
		}
	}

	fmt.Fprintf(w, "\nCompanies (%d), with the country each is based in:\n", len(orgs))
	for _, o := range orgs {
		c := "country unknown"
		if ids := home[o.ID]; len(ids) > 0 {
			c = names(ids)
		}
		fmt.Fprintf(w, "  %s — %s\n", o.Name, c)
	}

	fmt.Fprintf(w, "\nDeals (%d):\n", len(f.Deals))
	for i, d := range f.Deals {
		fmt.Fprintf(w, "  %2d. %s\n", i+1, dealSentence(d, name(d.Buyer), names(d.Partners)))
		if len(d.Countries) > 0 {
			fmt.Fprintf(w, "      from: %s\n", names(d.Countries))
		}
		focus := ""
		if a := d.Amount; a != nil {
			fmt.Fprintf(w, "      amount: %s\n", describeAmount(*a))
			focus = a.Text
		}
		if d.Evidence != "" {
			fmt.Fprintf(w, "      sentence: %s\n", shorten(d.Evidence, focus, 48))
		}
	}

	fmt.Fprintf(w, "\nCountries (%d): ", len(countries))
	for i, c := range countries {
		if i > 0 {
			fmt.Fprint(w, ", ")
		}
		fmt.Fprint(w, c.Name)
		if c.ISO != "" {
			fmt.Fprintf(w, " (%s)", c.ISO)
		}
	}
	fmt.Fprintln(w)
}

// dealSentence says who did what with whom: "中国能建 agreed to buy from
// 西门子、通用电气".
func dealSentence(d extract.Deal, buyer, partners string) string {
	verbs := map[extract.DealKind][2]string{
		// with partners, without
		extract.Purchase:     {"buys from", "buys"},
		extract.Cooperation:  {"cooperates with", "signs a cooperation"},
		extract.Intent:       {"agrees to buy from", "signs purchase intents"},
		extract.Acquisition:  {"acquires", "makes an acquisition"},
		extract.Investment:   {"invests in", "invests"},
		extract.JointVenture: {"forms a joint venture with", "forms a joint venture"},
	}
	v, ok := verbs[d.Kind]
	if !ok {
		v = [2]string{"deals with", "makes a deal (" + string(d.Kind) + ")"}
	}
	if partners == "" {
		return buyer + " " + v[1] + " (no counterparty named)"
	}
	return buyer + " " + v[0] + " " + partners
}

// describeAmount reads an amount aloud: "over 3,000,000,000 USD, summed over
// several years (超30亿美元)".
func describeAmount(a extract.Amount) string {
	var b strings.Builder
	switch a.Qualifier {
	case "over":
		b.WriteString("over ")
	case "about":
		b.WriteString("about ")
	}
	b.WriteString(groupDigits(a.Value))
	b.WriteString(" ")
	b.WriteString(a.Currency)
	if a.Cumulative {
		b.WriteString(", summed over several years or editions")
	}
	if a.Expected {
		b.WriteString(", expected")
	}
	if a.Text != "" {
		b.WriteString(" (written " + a.Text + ")")
	}
	return b.String()
}

// groupDigits puts thousands separators into a plain decimal: "458000000.5"
// → "458,000,000.5".
func groupDigits(v string) string {
	whole, frac, hasFrac := strings.Cut(v, ".")
	sign := ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out
}

// shorten cuts s to about width characters, keeping focus (when s contains
// it) in view, with "…" where text was left out.
func shorten(s, focus string, width int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= width {
		return string(r)
	}
	start := 0
	if focus != "" {
		if i := strings.Index(string(r), focus); i >= 0 {
			at := len([]rune(string(r)[:i]))
			start = at - (width-len([]rune(focus)))/2
		}
	}
	start = min(max(start, 0), len(r)-width)
	out := string(r[start : start+width])
	if start > 0 {
		out = "…" + out
	}
	if start+width < len(r) {
		out += "…"
	}
	return out
}
