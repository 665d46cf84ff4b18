package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

func TestCheckSoundStore(t *testing.T) {
	for _, backend := range []string{"bolt", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t, backend)
			for i := 0; i < 3; i++ {
				if _, err := s.Load(ctx, sampleFacts(docIRI(i), i)); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Problems) != 0 || rep.Omitted != 0 {
				t.Errorf("problems in a sound store: %v", rep.Problems)
			}
			if rep.Documents != 3 || rep.Deals != 3 || rep.Quads == 0 || rep.Entities == 0 {
				t.Errorf("report = %+v", rep)
			}
		})
	}
}

func TestCheckFindsProblems(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "bolt")
	doc := docIRI(0)
	if _, err := s.Load(ctx, sampleFacts(doc, 0)); err != nil {
		t.Fatal(err)
	}
	l := quad.IRI(doc)
	deal := DealIRI(doc, "deal-9")
	org := EntityIRI("org/中粮集团")
	bad := []quad.Quad{
		{Subject: deal, Predicate: Type, Object: Deal, Label: l},                                 // no buyer
		{Subject: org, Predicate: Name, Object: quad.String("另一个名字"), Label: l},                  // second name
		{Subject: EntityIRI("org/无名"), Predicate: Type, Object: Organization, Label: l},          // no name
		{Subject: deal, Predicate: Partner, Object: quad.IRI("https://example.com/x"), Label: l}, // untyped referred node
		{Subject: quad.IRI("https://example.com/y"), Predicate: Title, Object: quad.String("y")}, // no label, untyped subject
		{Subject: deal, Predicate: Rule, Object: quad.String("r"), Label: quad.IRI("urn:nodoc")}, // label not a document
	}
	var deltas []graph.Delta
	for _, q := range bad {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
	}
	if err := s.QuadStore().ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"deal-without-buyer: <" + string(deal) + ">",
		"name-count: <" + string(org) + ">: entity has 2 schema:name values",
		"name-count: <https://dealgraph.dev/id/org/无名>: entity has no schema:name",
		"untyped-node: <https://example.com/x>: node is referred to",
		"untyped-node: <https://example.com/y>: node has no rdf:type",
		"unlabelled-quad: <https://example.com/y>",
		"label-not-document: <urn:nodoc>",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q in:\n%s", want, all)
		}
	}
	if len(got) != 7 {
		t.Errorf("%d problems, want 7:\n%s", len(got), all)
	}
}
