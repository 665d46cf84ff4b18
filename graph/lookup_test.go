package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

// allQuads returns the store's quads in N-Quads form, sorted.
func allQuads(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	var out []string
	for it.Next(ctx) {
		out = append(out, quadKey(s.qs.Quad(it.Result())))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestKVLookupsMatchGeneric loads the same sequence of documents, reloads,
// changed documents, alias decisions and hand-written quads (a second
// schema:name, later removed) into two bolt stores, one resolved through
// the kv indexes (lookup.go) and one through the generic path, and
// requires the same merges and the same quads after every step.
func TestKVLookupsMatchGeneric(t *testing.T) {
	ctx := context.Background()
	fast, slow := openTest(t, "bolt"), openTest(t, "bolt")
	defer func() { forceGenericLookup = false }()
	step := 0
	both := func(what string, fn func(s *Store) (string, error)) {
		t.Helper()
		step++
		var got [2]string
		for i, s := range []*Store{fast, slow} {
			forceGenericLookup = i == 1
			r, err := fn(s)
			if err != nil {
				t.Fatalf("step %d (%s): %v", step, what, err)
			}
			got[i] = r
		}
		forceGenericLookup = false
		if got[0] != got[1] {
			t.Fatalf("step %d (%s): kv lookups gave\n%s\ngeneric lookups gave\n%s", step, what, got[0], got[1])
		}
		a, b := allQuads(t, fast), allQuads(t, slow)
		if strings.Join(a, "") != strings.Join(b, "") {
			t.Fatalf("step %d (%s): stores differ (%d vs %d quads)", step, what, len(a), len(b))
		}
	}
	merges := func(st []LoadStats) string {
		var b strings.Builder
		for _, x := range st {
			fmt.Fprintf(&b, "+%d -%d %+v\n", x.Added, x.Removed, x.Merges)
		}
		return b.String()
	}
	load := func(fs ...extract.Facts) {
		t.Helper()
		both(fmt.Sprintf("load %d", len(fs)), func(s *Store) (string, error) {
			st, err := s.LoadBatch(ctx, fs)
			return merges(st), err
		})
	}
	loadEach := func(fs ...extract.Facts) {
		t.Helper()
		for _, f := range fs {
			load(f)
		}
	}

	// Hubs, merges by strong key and short form, both orders.
	for i := 0; i < 12; i++ {
		load(growingFacts(i, true))
	}
	loadEach(doc(20, buyer, coscoFul), doc(21, buyer, coscoAbb), doc(22, buyer, jinShort), doc(23, buyer, jinFull))
	load(doc(24, buyer, jinShort), doc(25, buyer, coscoAbb), growingFacts(26, true), growingFacts(27, true))
	load(doc(28, buyer, org("org/北京金泓基科技有限公司", "北京金泓基科技有限公司", []string{"北京金泓基科技有限公司"}, []string{"金泓基科技", "金泓基"})))
	load(doc(29, buyer, jinShort))
	loadEach(withHome(doc(30, buyer, org("org/中国银行", "中国银行", []string{"中国银行"}, []string{"银行"})), "org/中国银行", "country/CN"),
		withHome(doc(31, buyer, org("org/银行", "银行", []string{"银行"}, nil)), "org/银行", "country/TH"),
		doc(32, buyer, withWD(org("org/飞利浦", "飞利浦", []string{"飞利浦"}, nil), "Q170416")),
		doc(33, buyer, withWD(org("org/飞利浦照明", "飞利浦照明", []string{"飞利浦照明", "飞利浦"}, nil), "Q1")),
		doc(34, buyer, withWD(org("org/飞利浦中国", "飞利浦中国", []string{"飞利浦中国", "飞利浦"}, nil), "Q170416")))
	// Reloads: unchanged, changed (dead quads in the log), in batches.
	load(growingFacts(3, true))
	load(growingFacts(3, false), growingFacts(5, false), growingFacts(40, true))
	load(growingFacts(3, true), growingFacts(5, true))
	loadEach(sampleFacts(docIRI(50), 0), sampleFacts(docIRI(51), 0), sampleFacts(docIRI(50), 1), sampleFacts(docIRI(50), 2))
	// A node with two schema:name values (hand-written), then one again.
	extra := []quad.Quad{
		{Subject: EntityIRI("org/中粮集团"), Predicate: Name, Object: quad.String("中粮集团公司"), Label: quad.IRI(docIRI(60))},
		{Subject: quad.IRI(docIRI(60)), Predicate: Type, Object: Document, Label: quad.IRI(docIRI(60))},
	}
	both("add a second name", func(s *Store) (string, error) {
		_, _, err := s.ApplyQuads(ctx, extra, nil)
		return "", err
	})
	loadEach(growingFacts(61, true), growingFacts(62, true), growingFacts(1, false))
	both("remove it", func(s *Store) (string, error) {
		_, _, err := s.ApplyQuads(ctx, nil, extra[:1])
		return "", err
	})
	loadEach(growingFacts(63, true), growingFacts(64, true), growingFacts(1, true))
	// Merge evidence: the smallest label stating the key is reloaded in
	// the same batch (after the merging document), then loses the key.
	load(growingFacts(65, true), growingFacts(0, true))
	load(growingFacts(66, true))
	both("remove the evidence", func(s *Store) (string, error) {
		_, _, err := s.ApplyQuads(ctx, nil, []quad.Quad{{Subject: EntityIRI("org/中粮集团"), Predicate: MatchKey, Object: quad.String("中粮"), Label: quad.IRI(docIRI(0))}})
		return "", err
	})
	loadEach(growingFacts(67, true), growingFacts(0, true), growingFacts(69, true))
	// Alias decisions.
	both("aliases", func(s *Store) (string, error) {
		return "", s.SetAliases(ctx, []AliasRule{{Op: "merge", Names: []string{"国机集团", "中国机械工业集团有限公司"}}, {Op: "split", Names: []string{"中远海运"}}})
	})
	loadEach(doc(70, buyer, org("org/国机集团", "国机集团", []string{"国机集团", "国机"}, nil)),
		doc(71, buyer, org("org/中国机械工业集团有限公司", "中国机械工业集团有限公司", []string{"中国机械工业集团有限公司"}, nil)),
		doc(72, buyer, coscoAbb), doc(21, buyer, coscoAbb))
	rep, err := fast.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d quads, %d documents, %d entities", rep.Quads, rep.Documents, rep.Entities)
}
