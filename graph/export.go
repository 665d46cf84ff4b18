package graph

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/graphml"
)

// ExportFormats lists the formats Export writes.
var ExportFormats = []string{"nquads", "ntriples", "turtle", "jsonld", "graphml", "dot"}

// Export writes the whole store to w in format (one of ExportFormats).
//
// Output is deterministic: the same store content gives the same bytes.
// Export streams: it first scans the store once to collect the set of graph
// labels (for nquads and jsonld) or of subjects (for the other formats),
// then reads and writes one label's or one subject's quads at a time,
// sorted. Memory is that set plus the largest document (or subject), and
// for nquads the quads that have no label, which dealgraph never writes.
//
//   - nquads: every quad with its label (the document), grouped by label.
//   - ntriples, turtle, graphml, dot: labels dropped. A triple stated by
//     several documents is written once: deduplication is per subject, so
//     it costs the subject set (one string per subject node) rather than
//     a set of every triple.
//   - turtle: @prefix lines for Prefixes; IRIs with a safe ASCII local name
//     are abbreviated (schema:name, id:… stays <…> because of the '/').
//   - jsonld: one object per named graph, {"@id": document, "@graph":
//     [nodes]}, in a top-level "@graph", with an "@context" holding
//     Prefixes.
func (s *Store) Export(ctx context.Context, w io.Writer, format string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch format {
	case "nquads", "nq":
		err = s.exportNQuads(ctx, bw)
	case "ntriples", "nt":
		err = s.eachSubject(ctx, func(_ quad.Value, lines []tripleLine) error {
			for _, l := range lines {
				if _, err := bw.WriteString(l.line); err != nil {
					return err
				}
			}
			return nil
		})
	case "turtle", "ttl":
		err = s.exportTurtle(ctx, bw)
	case "jsonld", "json-ld":
		err = s.exportJSONLD(ctx, bw)
	case "graphml":
		gw := graphml.NewWriter(bw)
		err = s.eachSubject(ctx, func(_ quad.Value, lines []tripleLine) error {
			for _, l := range lines {
				if err := gw.WriteQuad(l.q); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			err = gw.Close()
		}
	case "dot", "graphviz":
		err = s.exportDot(ctx, bw)
	default:
		return fmt.Errorf("unknown export format %q: use one of %s", format, strings.Join(ExportFormats, ", "))
	}
	if err != nil {
		return fmt.Errorf("exporting graph store %s as %s: %w", s.opts.Path, format, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("exporting graph store %s as %s: %w", s.opts.Path, format, err)
	}
	return nil
}

// scan walks every quad once. It collects the distinct values of direction
// d (sorted by their N-Quads form) and, when d is quad.Label, the quads that
// have no label.
func (s *Store) scan(ctx context.Context, d quad.Direction) (vals []quad.Value, unlabelled []quad.Quad, err error) {
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	seen := map[string]quad.Value{}
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		v := q.Get(d)
		if v == nil {
			if d == quad.Label {
				unlabelled = append(unlabelled, q)
			}
			continue
		}
		k := termString(v)
		if _, ok := seen[k]; !ok {
			seen[k] = v
		}
	}
	if err := it.Err(); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals = append(vals, seen[k])
	}
	return vals, unlabelled, nil
}

func sortQuads(qs []quad.Quad) []string {
	lines := make([]string, len(qs))
	idx := make([]int, len(qs))
	for i, q := range qs {
		lines[i] = quadKey(q)
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return lines[idx[a]] < lines[idx[b]] })
	out := make([]string, len(qs))
	sorted := make([]quad.Quad, len(qs))
	for i, j := range idx {
		out[i] = lines[j]
		sorted[i] = qs[j]
	}
	copy(qs, sorted)
	return out
}

func (s *Store) exportNQuads(ctx context.Context, w *bufio.Writer) error {
	labels, unlabelled, err := s.scan(ctx, quad.Label)
	if err != nil {
		return err
	}
	write := func(qs []quad.Quad) error {
		prev := ""
		for _, l := range sortQuads(qs) {
			if l == prev {
				continue
			}
			prev = l
			if _, err := w.WriteString(l); err != nil {
				return err
			}
		}
		return nil
	}
	if err := write(unlabelled); err != nil {
		return err
	}
	for _, l := range labels {
		qs, err := s.quadsBy(ctx, quad.Label, l)
		if err != nil {
			return err
		}
		if err := write(qs); err != nil {
			return err
		}
	}
	return nil
}

// tripleLine is a triple (label dropped) and its N-Triples line.
type tripleLine struct {
	q    quad.Quad
	line string
}

// eachSubject calls fn for every subject, in order, with its distinct
// triples sorted by their N-Triples form.
func (s *Store) eachSubject(ctx context.Context, fn func(subj quad.Value, lines []tripleLine) error) error {
	subjects, _, err := s.scan(ctx, quad.Subject)
	if err != nil {
		return err
	}
	for _, subj := range subjects {
		qs, err := s.quadsBy(ctx, quad.Subject, subj)
		if err != nil {
			return err
		}
		lines := make([]tripleLine, 0, len(qs))
		seen := make(map[string]bool, len(qs))
		for _, q := range qs {
			q.Label = nil
			b, err := appendQuad(nil, q, false)
			if err != nil {
				return err
			}
			if seen[string(b)] {
				continue
			}
			seen[string(b)] = true
			lines = append(lines, tripleLine{q: q, line: string(b)})
		}
		sort.Slice(lines, func(i, j int) bool { return lines[i].line < lines[j].line })
		if len(lines) == 0 {
			continue
		}
		if err := fn(subj, lines); err != nil {
			return err
		}
	}
	return nil
}

// sortedPrefixes returns the prefix names, longest namespace first so the
// most specific prefix wins.
func sortedPrefixes() []string {
	names := make([]string, 0, len(Prefixes))
	for n := range Prefixes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := Prefixes[names[i]], Prefixes[names[j]]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return names[i] < names[j]
	})
	return names
}

// safeLocal is the subset of Turtle's PN_LOCAL (and of what JSON-LD
// compacts without surprise) used for prefixed names.
var safeLocal = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// compactIRI returns prefix:local for iri when a prefix covers it with a
// safe local name.
func compactIRI(iri string) (string, bool) {
	for _, p := range sortedPrefixes() {
		ns := Prefixes[p]
		if strings.HasPrefix(iri, ns) && safeLocal.MatchString(iri[len(ns):]) {
			return p + ":" + iri[len(ns):], true
		}
	}
	return "", false
}

func turtleTerm(v quad.Value) (string, error) {
	switch v := v.(type) {
	case quad.IRI:
		if c, ok := compactIRI(string(v)); ok {
			return c, nil
		}
	case quad.TypedString:
		if c, ok := compactIRI(string(v.Type)); ok {
			return string(appendLiteral(nil, string(v.Value))) + "^^" + c, nil
		}
	case quad.TypedStringer:
		return turtleTerm(v.TypedString())
	}
	b, err := appendTerm(nil, v)
	return string(b), err
}

func (s *Store) exportTurtle(ctx context.Context, w *bufio.Writer) error {
	names := make([]string, 0, len(Prefixes))
	for n := range Prefixes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "@prefix %s: <%s> .\n", n, Prefixes[n])
	}
	return s.eachSubject(ctx, func(subj quad.Value, lines []tripleLine) error {
		st, err := turtleTerm(subj)
		if err != nil {
			return err
		}
		w.WriteString("\n" + st)
		prevP := ""
		for i, l := range lines {
			var pt string
			if l.q.Predicate == Type {
				pt = "a"
			} else if pt, err = turtleTerm(l.q.Predicate); err != nil {
				return err
			}
			ot, err := turtleTerm(l.q.Object)
			if err != nil {
				return err
			}
			switch {
			case i == 0:
				w.WriteString(" " + pt + " " + ot)
			case pt == prevP:
				w.WriteString(" ,\n\t\t" + ot)
			default:
				w.WriteString(" ;\n\t" + pt + " " + ot)
			}
			prevP = pt
		}
		_, err = w.WriteString(" .\n")
		return err
	})
}

// jsonldValue is a JSON-LD value or node reference.
func jsonldValue(v quad.Value) map[string]string {
	switch v := v.(type) {
	case quad.IRI:
		return map[string]string{"@id": string(v)}
	case quad.BNode:
		return map[string]string{"@id": "_:" + strings.TrimPrefix(string(appendBNode(nil, string(v))), "_:")}
	case quad.String:
		return map[string]string{"@value": string(v)}
	case quad.TypedString:
		t := string(v.Type)
		if c, ok := compactIRI(t); ok {
			t = c
		}
		return map[string]string{"@value": string(v.Value), "@type": t}
	case quad.LangString:
		return map[string]string{"@value": string(v.Value), "@language": sanitizeLang(v.Lang)}
	case quad.TypedStringer:
		return jsonldValue(v.TypedString())
	default:
		return map[string]string{"@value": quad.StringOf(v)}
	}
}

func jsonldID(v quad.Value) string {
	return jsonldValue(v)["@id"]
}

func (s *Store) exportJSONLD(ctx context.Context, w *bufio.Writer) error {
	labels, unlabelled, err := s.scan(ctx, quad.Label)
	if err != nil {
		return err
	}
	ctxJSON, err := json.Marshal(Prefixes)
	if err != nil {
		return err
	}
	w.WriteString(`{"@context":`)
	w.Write(ctxJSON)
	w.WriteString(",\n\"@graph\":[")
	first := true
	sep := func() {
		if !first {
			w.WriteString(",")
		}
		first = false
		w.WriteString("\n")
	}
	if len(unlabelled) > 0 {
		sortQuads(unlabelled)
		if err := writeJSONLDNodes(w, unlabelled, sep); err != nil {
			return err
		}
	}
	for _, l := range labels {
		qs, err := s.quadsBy(ctx, quad.Label, l)
		if err != nil {
			return err
		}
		sortQuads(qs)
		id, _ := json.Marshal(jsonldID(l))
		if _, ok := l.(quad.IRI); !ok {
			if _, ok := l.(quad.BNode); !ok {
				return fmt.Errorf("graph label %s is a literal: JSON-LD cannot name a graph with it; export as nquads", termString(l))
			}
		}
		sep()
		fmt.Fprintf(w, `{"@id":%s,"@graph":[`, id)
		inner := true
		if err := writeJSONLDNodes(w, qs, func() {
			if !inner {
				w.WriteString(",")
			}
			inner = false
			w.WriteString("\n ")
		}); err != nil {
			return err
		}
		w.WriteString("]}")
	}
	_, err = w.WriteString("\n]}\n")
	return err
}

// writeJSONLDNodes writes one node object per subject of qs (sorted by
// subject, then predicate).
func writeJSONLDNodes(w *bufio.Writer, qs []quad.Quad, sep func()) error {
	for i := 0; i < len(qs); {
		j := i
		subj := termString(qs[i].Subject)
		for j < len(qs) && termString(qs[j].Subject) == subj {
			j++
		}
		if _, ok := qs[i].Subject.(quad.IRI); !ok {
			if _, ok := qs[i].Subject.(quad.BNode); !ok {
				return fmt.Errorf("subject %s is a literal: JSON-LD cannot write it; export as nquads", subj)
			}
		}
		// Keep predicate order: an ordered list of keys.
		var keys []string
		props := map[string][]any{}
		var types []any
		for _, q := range qs[i:j] {
			p, ok := q.Predicate.(quad.IRI)
			if !ok {
				return fmt.Errorf("predicate %s is not an IRI: export as nquads", termString(q.Predicate))
			}
			if p == Type {
				if o, ok := q.Object.(quad.IRI); ok {
					t := string(o)
					if c, ok := compactIRI(t); ok {
						t = c
					}
					types = append(types, t)
					continue
				}
			}
			key := string(p)
			if c, ok := compactIRI(key); ok {
				key = c
			}
			if _, ok := props[key]; !ok {
				keys = append(keys, key)
			}
			props[key] = append(props[key], jsonldValue(q.Object))
		}
		sep()
		id, _ := json.Marshal(jsonldID(qs[i].Subject))
		w.WriteString(`{"@id":`)
		w.Write(id)
		if len(types) > 0 {
			b, _ := json.Marshal(types)
			w.WriteString(`,"@type":`)
			w.Write(b)
		}
		for _, k := range keys {
			kb, _ := json.Marshal(k)
			vb, err := json.Marshal(props[k])
			if err != nil {
				return err
			}
			w.WriteString(",")
			w.Write(kb)
			w.WriteString(":")
			w.Write(vb)
		}
		w.WriteString("}")
		i = j
	}
	return nil
}

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)

func dotString(s string) string { return `"` + dotEscaper.Replace(s) + `"` }

// dotLabel is a short readable form of a value for DOT output.
func dotLabel(v quad.Value) string {
	switch v := v.(type) {
	case quad.IRI:
		s := string(v)
		for _, p := range sortedPrefixes() {
			if strings.HasPrefix(s, Prefixes[p]) {
				return p + ":" + s[len(Prefixes[p]):]
			}
		}
		return s
	case quad.TypedStringer:
		return dotLabel(v.TypedString())
	case quad.TypedString:
		return string(v.Value)
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	}
	return termString(v)
}

// exportDot writes a directed graph: one node per distinct term (its id is
// the N-Triples form, its label a short form), one edge per triple. Long
// literals (evidence sentences) are cut to 60 runes in labels.
func (s *Store) exportDot(ctx context.Context, w *bufio.Writer) error {
	w.WriteString("digraph dealgraph {\n\tnode [shape=box, fontsize=10];\n")
	declared := map[string]bool{}
	node := func(v quad.Value) string {
		id := termString(v)
		if !declared[id] {
			declared[id] = true
			label := []rune(dotLabel(v))
			if len(label) > 60 {
				label = append(label[:59], '…')
			}
			shape := ""
			if _, ok := v.(quad.IRI); !ok {
				shape = ", shape=plaintext"
			}
			fmt.Fprintf(w, "\t%s [label=%s%s];\n", dotString(id), dotString(string(label)), shape)
		}
		return dotString(id)
	}
	err := s.eachSubject(ctx, func(subj quad.Value, lines []tripleLine) error {
		sid := node(subj)
		for _, l := range lines {
			oid := node(l.q.Object)
			fmt.Fprintf(w, "\t%s -> %s [label=%s];\n", sid, oid, dotString(dotLabel(l.q.Predicate)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = w.WriteString("}\n")
	return err
}

// ImportNQuads reads N-Quads (or N-Triples) from r into the store, in
// batches. Quads already present are skipped. Typed literals keep their
// datatype exactly, so exporting, importing into a fresh store and
// exporting again gives the same bytes.
func ImportNQuads(ctx context.Context, r io.Reader, s *Store) error {
	const batch = 10000
	br := bufio.NewReaderSize(r, 64<<10)
	var deltas []graph.Delta
	flush := func() error {
		if len(deltas) == 0 {
			return nil
		}
		var err error
		if s.kv != nil {
			// kv stores: bulkAdd, as LoadBatch (bulk.go)
			err = s.atomic(ctx, func() error {
				_, err := bulkAdd(ctx, s.kv.shared(), deltaQuads(deltas))
				return err
			})
		} else {
			err = s.qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
		}
		deltas = deltas[:0]
		if err != nil {
			return fmt.Errorf("importing N-Quads into graph store %s: %w", s.opts.Path, err)
		}
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if line != "" {
			q, ok, perr := parseNQuad(line)
			if perr != nil {
				return fmt.Errorf("N-Quads line %d: %w", n, perr)
			}
			if ok {
				deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
				if len(deltas) == batch {
					if err := flush(); err != nil {
						return err
					}
					if err := ctx.Err(); err != nil {
						return err
					}
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading N-Quads: %w", err)
		}
	}
	return flush()
}
