package graph_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

// These tests run the real extractor, built once per test binary.
var (
	xOnce sync.Once
	xVal  *extract.Extractor
	xErr  error
)

func extractor(t *testing.T) *extract.Extractor {
	t.Helper()
	xOnce.Do(func() { xVal, xErr = extract.New(extract.Options{}) })
	if xErr != nil {
		t.Fatal(xErr)
	}
	return xVal
}

func extractFiles(t *testing.T, paths []string) []extract.Facts {
	t.Helper()
	x := extractor(t)
	var out []extract.Facts
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(p)
		f, err := x.Extract(context.Background(), extract.Document{IRI: (&url.URL{Scheme: "file", Path: abs}).String(), Name: p, Raw: raw})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, f)
	}
	return out
}

// corpusDir is the shared dev corpus when present, else the copies kept for
// the end-to-end tests.
func corpusDir() (texts, gold string) {
	if fs, _ := filepath.Glob("/work/shared/corpus/dev/*.gold.json"); len(fs) > 0 {
		return "/work/shared/corpus/dev", "/work/shared/corpus/dev"
	}
	return "../cmd/dealgraph/testdata/corpus", "testdata/gold"
}

type goldFile struct {
	Entities []struct {
		Type    string   `json:"type"`
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
	} `json:"entities"`
}

// goldNorm is the scorer's name normalization (without NFKC, which the
// dev corpus's gold names do not need).
func goldNorm(s string) string {
	return strings.Trim(graph.CleanName(s), "\"'“”‘’《》「」『』()（）")
}

type nodeNames struct {
	node  quad.IRI
	types map[string]bool
	names map[string]bool
}

// allEntityNodes returns every Organization, Country and Person node with
// its names.
func allEntityNodes(t *testing.T, s *graph.Store) []nodeNames {
	t.Helper()
	ctx := context.Background()
	ents, err := s.Entities(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []nodeNames
	for _, e := range ents {
		ex, err := s.Explain(ctx, string(e.Node))
		if err != nil || len(ex.Entities) != 1 {
			t.Fatalf("explain %s: %v, %d", e.Node, err, len(ex.Entities))
		}
		n := nodeNames{node: e.Node, types: map[string]bool{}, names: map[string]bool{}}
		for _, ty := range ex.Entities[0].Types {
			n.types[ty] = true
		}
		for _, nm := range append(ex.Entities[0].Names, ex.Entities[0].AltNames...) {
			n.names[goldNorm(nm)] = true
		}
		if len(ex.Entities[0].Names) != 1 {
			t.Errorf("%s has names %v", e.Node, ex.Entities[0].Names)
		}
		out = append(out, n)
	}
	return out
}

// TestDevCorpusOneNodePerGoldEntity loads the whole dev corpus into one
// store and counts, for every gold Organization, Country and Person of
// every document, the nodes of its class bearing one of its names: there
// must be exactly one. It also fails when one node bears the names of two
// gold entities of one document (a wrong merge).
func TestDevCorpusOneNodePerGoldEntity(t *testing.T) {
	texts, goldDir := corpusDir()
	paths, _ := filepath.Glob(filepath.Join(texts, "*.txt"))
	if len(paths) == 0 {
		t.Skip("no dev corpus")
	}
	sort.Strings(paths)
	facts := extractFiles(t, paths)
	ctx := context.Background()
	for _, order := range []string{"forward", "reverse"} {
		t.Run(order, func(t *testing.T) {
			s, err := graph.Open(ctx, graph.Options{Backend: "memstore"})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			fs := append([]extract.Facts(nil), facts...)
			if order == "reverse" {
				for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
					fs[i], fs[j] = fs[j], fs[i]
				}
			}
			rules := map[string]int{}
			for _, f := range fs {
				st, err := s.Load(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range st.Merges {
					rules[m.Rule]++
					t.Logf("merge %s: %s (%s) → %s, key %q, evidence %s", m.Rule, m.From, filepath.Base(f.Doc.Name), m.Into, m.Key, m.Evidence)
				}
			}
			t.Logf("merges by rule: %v", rules)
			nodes := allEntityNodes(t, s)
			for _, p := range paths {
				gp := filepath.Join(goldDir, strings.TrimSuffix(filepath.Base(p), ".txt")+".gold.json")
				raw, err := os.ReadFile(gp)
				if err != nil {
					t.Logf("no gold file %s", gp)
					continue
				}
				var g goldFile
				if err := json.Unmarshal(raw, &g); err != nil {
					t.Fatalf("%s: %v", gp, err)
				}
				owner := map[quad.IRI]string{}
				for _, e := range g.Entities {
					names := map[string]bool{goldNorm(e.Name): true}
					for _, a := range e.Aliases {
						names[goldNorm(a)] = true
					}
					var hits []quad.IRI
					for _, n := range nodes {
						if !n.types[e.Type] {
							continue
						}
						for nm := range n.names {
							if names[nm] {
								hits = append(hits, n.node)
								break
							}
						}
					}
					switch {
					case len(hits) > 1:
						t.Errorf("%s: %s %s: %d nodes %v", filepath.Base(p), e.Type, e.Name, len(hits), hits)
					case len(hits) == 0:
						t.Logf("%s: %s %s: not extracted", filepath.Base(p), e.Type, e.Name)
					}
					for _, h := range hits {
						if o, ok := owner[h]; ok && o != e.Name {
							t.Errorf("%s: wrong merge: %s is both %s and %s", filepath.Base(p), h, o, e.Name)
						}
						owner[h] = e.Name
					}
				}
			}
			rep, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range rep.Problems {
				t.Errorf("check: %s", pr)
			}
		})
	}
}

// TestScriptsMeetInOneNode loads simplified and traditional articles about
// the same (partly invented) companies in both orders: each company is one
// node, found by its name in either script.
func TestScriptsMeetInOneNode(t *testing.T) {
	paths := []string{
		"testdata/scripts/traditional-short.txt", // 瑞嵐海洋 alone
		"testdata/scripts/simplified.txt",
		"testdata/scripts/traditional.txt",
		"testdata/scripts/simplified-2.txt",
	}
	facts := extractFiles(t, paths)
	ctx := context.Background()
	groups := [][]string{
		{"浙江瑞岚海洋科技有限公司", "浙江瑞嵐海洋科技有限公司", "瑞岚海洋", "瑞嵐海洋"},
		{"西门子", "西門子"},
		{"中国远洋海运集团有限公司", "中遠海運", "中远海运"},
		{"陈立新", "陳立新"},
		{"德国", "德國"},
	}
	for _, order := range []string{"forward", "reverse", "batch"} {
		t.Run(order, func(t *testing.T) {
			s, err := graph.Open(ctx, graph.Options{Backend: "bolt", Path: filepath.Join(t.TempDir(), "s.db"), NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			fs := append([]extract.Facts(nil), facts...)
			switch order {
			case "reverse":
				for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
					fs[i], fs[j] = fs[j], fs[i]
				}
				fallthrough
			case "forward":
				for _, f := range fs {
					if _, err := s.Load(ctx, f); err != nil {
						t.Fatal(err)
					}
				}
			case "batch":
				if _, err := s.LoadBatch(ctx, fs); err != nil {
					t.Fatal(err)
				}
			}
			for _, g := range groups {
				var node quad.IRI
				for _, name := range g {
					ns, err := s.FindEntities(ctx, name)
					if err != nil {
						t.Fatal(err)
					}
					if len(ns) != 1 {
						t.Errorf("%s: %d nodes %v, want 1", name, len(ns), ns)
						continue
					}
					if node == "" {
						node = ns[0]
					} else if ns[0] != node {
						t.Errorf("%s is %s, %s is %s", g[0], node, name, ns[0])
					}
				}
			}
			rep, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range rep.Problems {
				t.Errorf("check: %s", pr)
			}
		})
	}
}

// TestExplainOutput checks what explain tells about a merged entity.
func TestExplainOutput(t *testing.T) {
	paths := []string{"testdata/scripts/traditional-short.txt", "testdata/scripts/simplified.txt"}
	facts := extractFiles(t, paths)
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: "memstore"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.LoadBatch(ctx, facts); err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{"瑞嵐海洋", "浙江瑞岚海洋科技有限公司"} {
		ex, err := s.Explain(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := ex.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		t.Logf("explain %s:\n%s", query, out)
		for _, want := range []string{
			"https://dealgraph.dev/id/org/瑞岚海洋\n",
			"type:      Organization",
			"name:      瑞岚海洋\n",
			"浙江瑞岚海洋科技有限公司",
			"documents: 2",
			"traditional-short.txt", "simplified.txt",
			"merges:    1",
			"org/浙江瑞岚海洋科技有限公司 (浙江瑞岚海洋科技有限公司) in " + facts[1].Doc.IRI + ": rule strong-key, key \"瑞岚海洋\", evidence " + facts[0].Doc.IRI,
			"瑞岚海洋 country 中国",
			"rule place-prefix, confidence 0.8",
			"陈立新 worksFor 瑞岚海洋",
			"evidence 瑞岚海洋董事长陈立新表示",
			"deal (purchase): buyer 瑞岚海洋; partner 西门子",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("explain %s: no %q", query, want)
			}
		}
	}
	// A fact by its node.
	ex, err := s.Explain(ctx, facts[0].Doc.IRI+"#deal-1")
	if err != nil || len(ex.Facts) != 1 || !strings.Contains(ex.Facts[0].Text, "buyer 瑞岚海洋") || ex.Facts[0].Rule == "" {
		t.Errorf("explain a deal: %+v, %v", ex, err)
	}
	ex, _ = s.Explain(ctx, "不存在的公司")
	var b strings.Builder
	ex.WriteText(&b)
	if !strings.Contains(b.String(), "nothing in the store") {
		t.Errorf("explain of an unknown name: %q", b.String())
	}
}
