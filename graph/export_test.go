package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

var update = flag.Bool("update", false, "rewrite graph/testdata golden export files")

// exportStore is a store holding three documents that share entities, one
// of them loaded in two versions.
func exportStore(t testing.TB, backend string) *Store {
	s := openTest(t, backend)
	ctx := context.Background()
	for _, f := range []struct{ doc, version int }{{1, 0}, {2, 0}, {3, 0}, {1, 2}} {
		if _, err := s.Load(ctx, sampleFacts(docIRI(f.doc), f.version)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func export(t testing.TB, s *Store, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf, format); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return buf.Bytes()
}

var fixtureName = map[string]string{
	"nquads": "export.nq", "ntriples": "export.nt", "turtle": "export.ttl",
	"jsonld": "export.jsonld", "graphml": "export.graphml", "dot": "export.dot",
}

// TestExportGolden checks every format against graph/testdata, and that the
// output is the same from every backend (run with -update to rewrite).
func TestExportGolden(t *testing.T) {
	stores := map[string]*Store{}
	for _, b := range []string{"memstore", "bolt", "leveldb"} {
		stores[b] = exportStore(t, b)
	}
	for _, format := range ExportFormats {
		t.Run(format, func(t *testing.T) {
			got := export(t, stores["memstore"], format)
			for _, b := range []string{"bolt", "leveldb"} {
				if other := export(t, stores[b], format); !bytes.Equal(got, other) {
					t.Errorf("%s export from %s differs from memstore's", format, b)
				}
			}
			path := filepath.Join("testdata", fixtureName[format])
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./graph -run TestExportGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s export differs from %s (run with -update if the change is intended)", format, path)
			}
		})
	}
	if err := stores["memstore"].Export(context.Background(), io.Discard, "xml"); err == nil || !strings.Contains(err.Error(), "nquads") {
		t.Errorf("unknown format error = %v", err)
	}
}

func distinctTriples(nq []byte) int {
	set := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(nq)), "\n") {
		q, ok, _ := parseNQuad(l)
		if ok {
			q.Label = nil
			set[quadKey(q)] = true
		}
	}
	return len(set)
}

// TestExportParsesWithRapper parses the golden files with Raptor's rapper,
// an independent RDF parser (Debian package raptor2-utils).
func TestExportParsesWithRapper(t *testing.T) {
	rapper, err := exec.LookPath("rapper")
	if err != nil {
		t.Skip("rapper not on PATH: install Debian's raptor2-utils (apt-get install raptor2-utils) to check exports with an independent parser")
	}
	nq, err := os.ReadFile("testdata/export.nq")
	if err != nil {
		t.Fatal(err)
	}
	quads := len(strings.Split(strings.TrimSpace(string(nq)), "\n"))
	triples := distinctTriples(nq)
	countRE := regexp.MustCompile(`returned (\d+) (triples|statements)`)
	for _, tc := range []struct {
		syntax, file string
		want         int
	}{
		{"nquads", "export.nq", quads},
		{"ntriples", "export.nt", triples},
		{"turtle", "export.ttl", triples},
	} {
		t.Run(tc.syntax, func(t *testing.T) {
			cmd := exec.Command(rapper, "-i", tc.syntax, "-c", filepath.Join("testdata", tc.file))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("rapper %s: %v\n%s", tc.file, err, stderr.String())
			}
			if strings.Contains(stderr.String(), "Warning") || strings.Contains(stderr.String(), "Error") {
				t.Errorf("rapper complained:\n%s", stderr.String())
			}
			m := countRE.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("no count in rapper output:\n%s", stderr.String())
			}
			if n, _ := strconv.Atoi(m[1]); n != tc.want {
				t.Errorf("rapper read %d statements, want %d", n, tc.want)
			}
		})
	}
}

// TestExportJSONLD converts the JSON-LD export to N-Quads with json-gold and
// compares the result with the N-Quads export, quad for quad.
func TestExportJSONLD(t *testing.T) {
	s := exportStore(t, "memstore")
	var doc any
	if err := json.Unmarshal(export(t, s, "jsonld"), &doc); err != nil {
		t.Fatalf("JSON-LD export is not JSON: %v", err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.Format = "application/n-quads"
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("json-gold: %v", err)
	}
	norm := func(text string) []string {
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
			q, ok, err := parseNQuad(l)
			if err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			if ok {
				lines = append(lines, quadKey(q))
			}
		}
		sort.Strings(lines)
		return lines
	}
	got, want := norm(out.(string)), norm(string(export(t, s, "nquads")))
	st, _ := s.Stats(context.Background())
	if len(got) != int(st.Quads) {
		t.Errorf("json-gold read %d quads, the store has %d", len(got), st.Quads)
	}
	if strings.Join(got, "") != strings.Join(want, "") {
		for i := range got {
			if i < len(want) && got[i] != want[i] {
				t.Errorf("first difference:\n got %s want %s", got[i], want[i])
				break
			}
		}
	}
}

func TestExportGraphMLAndDot(t *testing.T) {
	s := exportStore(t, "memstore")
	dec := xml.NewDecoder(bytes.NewReader(export(t, s, "graphml")))
	edges := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("GraphML is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "edge" {
			edges++
		}
	}
	if want := distinctTriples(export(t, s, "nquads")); edges != want {
		t.Errorf("GraphML has %d edges, want %d", edges, want)
	}

	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("graphviz's dot not on PATH: DOT output not checked (apt-get install graphviz)")
	}
	cmd := exec.Command(dot, "-Tsvg", "-o", os.DevNull)
	cmd.Stdin = bytes.NewReader(export(t, s, "dot"))
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("dot -Tsvg: %v\n%s", err, out)
	}
}

func TestImportNQuadsRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := exportStore(t, "bolt")
	first := export(t, src, "nquads")
	for _, backend := range []string{"memstore", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			dst := openTest(t, backend)
			if err := ImportNQuads(ctx, bytes.NewReader(first), dst); err != nil {
				t.Fatal(err)
			}
			if second := export(t, dst, "nquads"); !bytes.Equal(first, second) {
				t.Errorf("N-Quads → import → N-Quads changed the output (%d → %d bytes)", len(first), len(second))
			}
			// Importing twice adds nothing.
			if err := ImportNQuads(ctx, bytes.NewReader(first), dst); err != nil {
				t.Fatal(err)
			}
			if quadCount(t, dst) != quadCount(t, src) {
				t.Errorf("quads %d, want %d", quadCount(t, dst), quadCount(t, src))
			}
		})
	}
	err := ImportNQuads(ctx, strings.NewReader("<a> <b> <c> .\n<a> <b> \"c .\n"), openTest(t, "memstore"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad input error = %v, want it to name line 2", err)
	}
}
