package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

// org builds an organization entity with keys and short forms.
func org(id, name string, keys, short []string, alts ...string) extract.Entity {
	return extract.Entity{ID: id, Kind: extract.Organization, Name: name, AltNames: alts, Keys: keys, ShortForms: short}
}

// doc builds the facts of a document naming entities; the first entity
// buys from the second when there are two.
func doc(n int, ents ...extract.Entity) extract.Facts {
	f := extract.Facts{Doc: extract.DocInfo{IRI: docIRI(n), Name: fmt.Sprintf("doc %d", n), Hash: fmt.Sprint(n)}, Entities: ents}
	if len(ents) >= 2 {
		f.Deals = []extract.Deal{{ID: "deal-1", Kind: extract.Purchase, Buyer: ents[0].ID, Partners: []string{ents[1].ID},
			Evidence: "采购。", Rule: "buy-verb", Confidence: 0.7}}
	}
	for _, e := range ents {
		if e.Kind == extract.Person {
			f.Relations = append(f.Relations, extract.Relation{From: e.ID, Predicate: extract.WorksFor, To: ents[0].ID, Rule: "title", Confidence: 0.8, Evidence: "董事长" + e.Name + "说。"})
		}
	}
	return f
}

var (
	buyer    = org("org/买方集团", "买方集团", []string{"买方集团", "买方"}, nil)
	jinFull  = org("org/天津金泓基进出口贸易有限公司", "天津金泓基进出口贸易有限公司", []string{"天津金泓基进出口贸易有限公司", "天津金泓基进出口贸易"}, []string{"金泓基进出口贸易", "金泓基"})
	jinShort = org("org/金泓基", "金泓基", []string{"金泓基"}, nil)
	coscoFul = org("org/中国远洋海运集团有限公司", "中国远洋海运集团有限公司", []string{"中国远洋海运集团有限公司", "中国远洋海运", "中远海运"}, nil, "中远海运")
	coscoAbb = org("org/中远海运", "中远海运", []string{"中远海运"}, nil)
)

// nodesNamed returns the entity nodes having name among their names.
func nodesNamed(t *testing.T, s *Store, name string) []quad.IRI {
	t.Helper()
	ns, err := s.FindEntities(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	var out []quad.IRI
	for _, n := range ns {
		e, err := s.explainEntity(context.Background(), n, map[quad.IRI]string{})
		if err != nil {
			t.Fatal(err)
		}
		for _, nm := range append(e.Names, e.AltNames...) {
			if nm == name {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// nodesCalled returns the entity nodes whose schema:name is name.
func nodesCalled(t *testing.T, s *Store, name string) []quad.IRI {
	t.Helper()
	qs, err := s.quadsBy(context.Background(), quad.Object, quad.String(name))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[quad.IRI]bool{}
	var out []quad.IRI
	for _, q := range qs {
		if n, ok := q.Subject.(quad.IRI); ok && q.Predicate == Name && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func TestResolveRules(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		docs    []extract.Facts
		aliases []AliasRule
		// same lists groups of names that must be one node each; apart
		// lists pairs of names that must be two nodes.
		same  [][]string
		apart [][2]string
		rules []string // merge rules made, in order
	}{
		{
			name:  "declared abbreviation, full name first",
			docs:  []extract.Facts{doc(1, buyer, coscoFul), doc(2, buyer, coscoAbb)},
			same:  [][]string{{"中国远洋海运集团有限公司", "中远海运"}},
			rules: []string{RuleStrongKey},
		},
		{
			name:  "declared abbreviation, abbreviation first",
			docs:  []extract.Facts{doc(1, buyer, coscoAbb), doc(2, buyer, coscoFul)},
			same:  [][]string{{"中国远洋海运集团有限公司", "中远海运"}},
			rules: []string{RuleStrongKey},
		},
		{
			name:  "short form, full name first",
			docs:  []extract.Facts{doc(1, buyer, jinFull), doc(2, buyer, jinShort)},
			same:  [][]string{{"天津金泓基进出口贸易有限公司", "金泓基"}},
			rules: []string{RuleShortForm},
		},
		{
			name:  "short form, short name first",
			docs:  []extract.Facts{doc(1, buyer, jinShort), doc(2, buyer, jinFull)},
			same:  [][]string{{"天津金泓基进出口贸易有限公司", "金泓基"}},
			rules: []string{RuleShortFormReverse},
		},
		{
			name: "two nodes share the short form: no merge",
			docs: []extract.Facts{
				doc(1, buyer, jinFull),
				doc(2, buyer, org("org/北京金泓基科技有限公司", "北京金泓基科技有限公司", []string{"北京金泓基科技有限公司", "北京金泓基科技"}, []string{"金泓基科技", "金泓基"})),
				doc(3, buyer, jinShort),
			},
			apart: [][2]string{{"金泓基", "天津金泓基进出口贸易有限公司"}, {"金泓基", "北京金泓基科技有限公司"}, {"天津金泓基进出口贸易有限公司", "北京金泓基科技有限公司"}},
		},
		{
			name: "short form but another home country: no merge",
			docs: []extract.Facts{
				withHome(doc(1, buyer, org("org/中国银行", "中国银行", []string{"中国银行"}, []string{"银行"})), "org/中国银行", "country/CN"),
				withHome(doc(2, buyer, org("org/银行", "银行", []string{"银行"}, nil)), "org/银行", "country/TH"),
			},
			apart: [][2]string{{"中国银行", "银行"}},
		},
		{
			name: "different Wikidata items: no merge on a shared key",
			docs: []extract.Facts{
				doc(1, buyer, withWD(org("org/飞利浦", "飞利浦", []string{"飞利浦"}, nil), "Q170416")),
				doc(2, buyer, withWD(org("org/飞利浦照明", "飞利浦照明", []string{"飞利浦照明", "飞利浦"}, nil), "Q1")),
			},
			apart: [][2]string{{"飞利浦", "飞利浦照明"}},
		},
		{
			name: "a person is not merged into an organization",
			docs: []extract.Facts{
				doc(1, buyer, org("org/张勇", "张勇", []string{"张勇"}, nil)),
				doc(2, buyer, extract.Entity{ID: "person/张勇先生", Kind: extract.Person, Name: "张勇先生", Keys: []string{"张勇"}}),
			},
			apart: [][2]string{{"张勇", "张勇先生"}},
		},
		{
			name:    "split prevents a merge",
			docs:    []extract.Facts{doc(1, buyer, coscoFul), doc(2, buyer, coscoAbb)},
			aliases: []AliasRule{{Op: "split", Names: []string{"中远海运"}}},
			apart:   [][2]string{{"中国远洋海运集团有限公司", "中远海运"}},
		},
		{
			name: "alias merge",
			docs: []extract.Facts{
				doc(1, buyer, org("org/国机集团", "国机集团", []string{"国机集团", "国机"}, nil)),
				doc(2, buyer, org("org/中国机械工业集团有限公司", "中国机械工业集团有限公司", []string{"中国机械工业集团有限公司", "中国机械工业"}, nil)),
			},
			aliases: []AliasRule{{Op: "merge", Names: []string{"中国机械工业集团有限公司", "国机集团"}}},
			same:    [][]string{{"国机集团", "中国机械工业集团有限公司"}},
			rules:   []string{RuleAlias},
		},
	}
	for _, tc := range tests {
		for _, tr := range []struct {
			batch   bool
			backend string // bolt resolves through the kv indexes (lookup.go)
		}{{false, "memstore"}, {true, "memstore"}, {false, "bolt"}, {true, "bolt"}} {
			batch := tr.batch
			t.Run(fmt.Sprintf("%s/batch=%v/%s", tc.name, batch, tr.backend), func(t *testing.T) {
				s := openTest(t, tr.backend)
				if err := s.SetAliases(ctx, tc.aliases); err != nil {
					t.Fatal(err)
				}
				var rules []string
				if batch {
					st, err := s.LoadBatch(ctx, tc.docs)
					if err != nil {
						t.Fatal(err)
					}
					for _, x := range st {
						for _, m := range x.Merges {
							rules = append(rules, m.Rule)
						}
					}
				} else {
					for _, f := range tc.docs {
						st, err := s.Load(ctx, f)
						if err != nil {
							t.Fatal(err)
						}
						for _, m := range st.Merges {
							rules = append(rules, m.Rule)
						}
					}
				}
				if fmt.Sprint(rules) != fmt.Sprint(tc.rules) {
					t.Errorf("merge rules %v, want %v", rules, tc.rules)
				}
				for _, g := range tc.same {
					var first []quad.IRI
					for _, n := range g {
						got := nodesNamed(t, s, n)
						if len(got) != 1 {
							t.Errorf("%s: %d nodes %v, want 1", n, len(got), got)
							continue
						}
						if first == nil {
							first = got
						} else if got[0] != first[0] {
							t.Errorf("%s is %s, not %s", n, got[0], first[0])
						}
					}
				}
				for _, p := range tc.apart {
					a, b := nodesCalled(t, s, p[0]), nodesCalled(t, s, p[1])
					if len(a) != 1 || len(b) != 1 || a[0] == b[0] {
						t.Errorf("%s → %v, %s → %v: want two distinct nodes", p[0], a, p[1], b)
					}
				}
				soundStore(t, s)
				// Loading everything again changes nothing.
				before := quadCount(t, s)
				st, err := s.LoadBatch(ctx, tc.docs)
				if err != nil {
					t.Fatal(err)
				}
				for i, x := range st {
					if x.Added+x.Removed != 0 {
						t.Errorf("reload of doc %d: %+v", i, x)
					}
				}
				if after := quadCount(t, s); after != before {
					t.Errorf("reload: %d → %d quads", before, after)
				}
			})
		}
	}
}

func withHome(f extract.Facts, from, country string) extract.Facts {
	iso := strings.TrimPrefix(country, "country/")
	f.Entities = append(f.Entities, extract.Entity{ID: country, Kind: extract.Country, Name: iso, ISO: iso, Keys: []string{iso}})
	f.Relations = append(f.Relations, extract.Relation{From: from, Predicate: extract.HomeCountry, To: country, Rule: "is-country", Confidence: 0.8})
	return f
}

func withWD(e extract.Entity, wd string) extract.Entity { e.Wikidata = wd; return e }

// soundStore fails when Check finds a problem.
func soundStore(t *testing.T, s *Store) {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("check: %s", p)
	}
}

func TestResolveRewritesReferencesAndKeepsOneName(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "bolt")
	person := extract.Entity{ID: "person/李明", Kind: extract.Person, Name: "李明", Keys: []string{"李明"}}
	if _, err := s.Load(ctx, doc(1, coscoFul, buyer)); err != nil {
		t.Fatal(err)
	}
	st, err := s.Load(ctx, doc(2, coscoAbb, buyer, person))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Merges) != 1 || st.Merges[0].From != "org/中远海运" || st.Merges[0].Evidence != docIRI(1) {
		t.Fatalf("merges %+v", st.Merges)
	}
	node := EntityIRI("org/中国远洋海运集团有限公司")
	qs, _ := s.DocumentQuads(ctx, docIRI(2))
	var buyerOK, worksOK, nameOK, altOK bool
	for _, q := range qs {
		if termString(q.Subject) == termString(EntityIRI("org/中远海运")) || termString(q.Object) == termString(EntityIRI("org/中远海运")) {
			if q.Predicate != MergedFrom {
				t.Errorf("quad still uses the merged ID: %v", q)
			}
		}
		switch {
		case q.Predicate == Buyer && q.Object == node:
			buyerOK = true
		case q.Predicate == WorksFor && q.Object == node:
			worksOK = true
		case q.Subject == node && q.Predicate == Name:
			nameOK = Lexical(q.Object) == "中国远洋海运集团有限公司"
		case q.Subject == node && q.Predicate == AlternateName && Lexical(q.Object) == "中远海运":
			altOK = true
		}
	}
	if !buyerOK || !worksOK || !nameOK || !altOK {
		t.Errorf("doc 2: buyer %v worksFor %v canonical name %v alternate name %v", buyerOK, worksOK, nameOK, altOK)
	}
	soundStore(t, s)
}

func TestAliasFileRoundTrip(t *testing.T) {
	in := "# comment\n\nmerge\t国机集团\t中国机械工业集团有限公司\nsplit  上海电力\nMERGE\tA B\tC\n"
	rules, err := ParseAliases(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []AliasRule{{"merge", []string{"国机集团", "中国机械工业集团有限公司"}}, {"split", []string{"上海电力"}}, {"merge", []string{"A B", "C"}}}
	if fmt.Sprint(rules) != fmt.Sprint(want) {
		t.Fatalf("parsed %v, want %v", rules, want)
	}
	var b strings.Builder
	if err := WriteAliases(&b, rules); err != nil {
		t.Fatal(err)
	}
	again, err := ParseAliases(strings.NewReader(b.String()))
	if err != nil || fmt.Sprint(again) != fmt.Sprint(rules) {
		t.Fatalf("round trip: %v, %v", again, err)
	}
	s := openTest(t, "bolt")
	if err := s.SetAliases(context.Background(), rules); err != nil {
		t.Fatal(err)
	}
	stored, err := s.Aliases(context.Background())
	if err != nil || fmt.Sprint(stored) != fmt.Sprint(rules) {
		t.Fatalf("stored %v, %v", stored, err)
	}
	for _, bad := range []string{"merge\tA\n", "split\tA\tB\n", "join\tA\tB\n"} {
		if _, err := ParseAliases(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
}

// TestMergeSplitRoundTrip merges by strong key, splits, reloads (apart),
// drops the split and reloads (one node again).
func TestMergeSplitRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "bolt")
	docs := []extract.Facts{doc(1, buyer, coscoFul), doc(2, buyer, coscoAbb)}
	count := func() (int, int) {
		return len(nodesNamed(t, s, "中国远洋海运集团有限公司")), len(nodesNamed(t, s, "中远海运"))
	}
	if _, err := s.LoadBatch(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if a, b := count(); a != 1 || b != 1 || nodesNamed(t, s, "中远海运")[0] != nodesNamed(t, s, "中国远洋海运集团有限公司")[0] {
		t.Fatalf("after load: %d, %d nodes", a, b)
	}
	if err := s.SetAliases(ctx, []AliasRule{{Op: "split", Names: []string{"中远海运"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadBatch(ctx, docs); err != nil {
		t.Fatal(err)
	}
	a, b := nodesNamed(t, s, "中国远洋海运集团有限公司"), nodesNamed(t, s, "中远海运")
	if len(a) != 1 || len(b) != 2 {
		// 中远海运 is still an alternate name of the full-name node (doc 1
		// says so) and the name of doc 2's own node.
		t.Fatalf("after split: %v, %v", a, b)
	}
	soundStore(t, s)
	if err := s.SetAliases(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadBatch(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if a, b := count(); a != 1 || b != 1 {
		t.Fatalf("after undoing the split: %d, %d nodes", a, b)
	}
	soundStore(t, s)
}

func TestFilteredDropsLowConfidenceFacts(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "memstore")
	if _, err := s.Load(ctx, sampleFacts(docIRI(1), 0)); err != nil { // deal 0.75, relations 0.8, 0.9
		t.Fatal(err)
	}
	tests := []struct {
		min                     float64
		deal, country, worksFor bool
	}{
		{0, true, true, true},
		{0.75, true, true, true},
		{0.76, false, true, true},
		{0.85, false, false, true},
		{1, false, false, false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.min), func(t *testing.T) {
			f, err := s.Filtered(ctx, tc.min)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			has := func(p quad.IRI) bool {
				qs, _ := f.quadsBy(ctx, quad.Predicate, p)
				return len(qs) > 0
			}
			stmts, _ := f.quadsBy(ctx, quad.Object, Statement)
			if has(Buyer) != tc.deal || has(CountryP) != tc.country || has(WorksFor) != tc.worksFor {
				t.Errorf("deal %v country %v worksFor %v", has(Buyer), has(CountryP), has(WorksFor))
			}
			want := 0
			for _, b := range []bool{tc.country, tc.worksFor} {
				if b {
					want++
				}
			}
			if len(stmts) != want {
				t.Errorf("%d statements, want %d", len(stmts), want)
			}
			if !has(Name) {
				t.Error("names were dropped")
			}
		})
	}
}
