package graph

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

func TestQuads(t *testing.T) {
	f := sampleFacts(docIRI(1), 0)
	qs := Quads(f)
	doc := quad.IRI(docIRI(1))
	deal := DealIRI(docIRI(1), "deal-1")
	org := EntityIRI("org/中粮集团")

	count := func(s quad.Value, p quad.IRI, o quad.Value) int {
		n := 0
		for _, q := range qs {
			if (s == nil || q.Subject == s) && q.Predicate == p && (o == nil || q.Object == o) {
				n++
			}
		}
		return n
	}
	for _, q := range qs {
		if q.Label != doc {
			t.Fatalf("quad %v has label %v, want %v", q, q.Label, doc)
		}
	}
	tests := []struct {
		name string
		s    quad.Value
		p    quad.IRI
		o    quad.Value
		want int
	}{
		{"doc type", doc, Type, Document, 1},
		{"doc url", doc, URL, quad.IRI("https://example.com/a?x=1"), 1},
		{"org type", org, Type, Organization, 1},
		{"org one name", org, Name, nil, 1},
		{"org name whitespace removed", org, Name, quad.String("中粮集团"), 1},
		{"alt names deduped, never the name", org, AlternateName, nil, 1},
		{"alt name", org, AlternateName, quad.String("中粮"), 1},
		{"wikidata", org, SameAs, quad.IRI(Wikidata + "Q1069520"), 1},
		{"mentioned in", org, MentionedIn, doc, 1},
		{"country type", EntityIRI("country/TH"), Type, Country, 1},
		{"country ISO", EntityIRI("country/TH"), Identifier, quad.String("TH"), 1},
		{"person name", EntityIRI("person/宋海良"), Name, quad.String("宋海良"), 1},
		{"job title", EntityIRI("person/宋海良"), JobTitle, quad.String("党委书记、董事长"), 1},
		{"role", EntityIRI("person/记者"), Role, quad.String("reporter"), 1},
		{"product type", EntityIRI("product/大米"), Type, Product, 1},
		{"event type", EntityIRI("event/" + docIRI(1)), Type, Event, 1},
		{"org country", EntityIRI("org/泰国大米公司"), CountryP, EntityIRI("country/TH"), 1},
		{"works for", EntityIRI("person/宋海良"), WorksFor, org, 1},
		{"dangling parent skipped", nil, ParentOrganization, nil, 0},
		{"deal type", deal, Type, Deal, 1},
		{"buyer", deal, Buyer, org, 1},
		{"dangling partner skipped", deal, Partner, nil, 1},
		{"deal country", deal, CountryP, EntityIRI("country/TH"), 1},
		{"product", deal, ProductP, EntityIRI("product/大米"), 1},
		{"kind", deal, DealKind, quad.String("purchase"), 1},
		{"decimal amount", deal, Amount, quad.TypedString{Value: "458000000", Type: XSDDecimal}, 1},
		{"currency", deal, Currency, quad.String("USD"), 1},
		{"qualifier", deal, AmountQualifier, quad.String("over"), 1},
		{"cumulative false", deal, Cumulative, quad.TypedString{Value: "false", Type: XSDBoolean}, 1},
		{"expected only when true", deal, Expected, nil, 0},
		{"confidence", deal, Confidence, quad.TypedString{Value: "0.75", Type: XSDDecimal}, 1},
		{"rule", deal, Rule, quad.String("buy-verb"), 1},
		{"date", deal, Date, quad.String("2022-11-05"), 1},
		{"event", deal, EventP, quad.String("第五届进博会"), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := count(tc.s, tc.p, tc.o); got != tc.want {
				t.Errorf("count(%v %v %v) = %d, want %d", tc.s, tc.p, tc.o, got, tc.want)
			}
		})
	}
	// Every entity node has exactly one name.
	for _, e := range f.Entities {
		if n := count(EntityIRI(e.ID), Name, nil); n != 1 {
			t.Errorf("%s has %d names", e.ID, n)
		}
	}
	// Deterministic.
	again := Quads(f)
	if len(again) != len(qs) {
		t.Fatal("Quads is not deterministic")
	}
	for i := range qs {
		if qs[i] != again[i] {
			t.Fatalf("Quads order differs at %d", i)
		}
	}
	if Quads(extract.Facts{}) != nil {
		t.Error("facts without IRI must give no quads")
	}
}

func TestQuadsMergesDuplicateEntities(t *testing.T) {
	f := extract.Facts{Doc: extract.DocInfo{IRI: "urn:d"}, Entities: []extract.Entity{
		{ID: "org/a", Kind: extract.Organization, Name: "甲公司"},
		{ID: "org/a", Kind: extract.Organization, Name: "甲", AltNames: []string{"甲公司"}},
	}}
	names, alts := 0, 0
	for _, q := range Quads(f) {
		switch q.Predicate {
		case Name:
			names++
		case AlternateName:
			alts++
		}
	}
	if names != 1 || alts != 1 {
		t.Errorf("names=%d alts=%d, want 1 and 1", names, alts)
	}
}

func TestWriteNQuads(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteNQuads(&buf, sampleFacts(docIRI(1), 0)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(Quads(sampleFacts(docIRI(1), 0))) {
		t.Fatalf("%d lines for %d quads", len(lines), len(Quads(sampleFacts(docIRI(1), 0))))
	}
	for i, l := range lines {
		q, ok, err := parseNQuad(l)
		if err != nil || !ok {
			t.Fatalf("line %d %q: %v", i, l, err)
		}
		if quadKey(q) != l+"\n" {
			t.Errorf("line %d does not round-trip:\n%s\n%s", i, l, quadKey(q))
		}
	}
	if !strings.Contains(buf.String(), `"458000000"^^<http://www.w3.org/2001/XMLSchema#decimal>`) {
		t.Error("amount is not an xsd:decimal literal")
	}
	if !strings.Contains(buf.String(), `\"超\"4.58亿美元。\n"`) {
		t.Error("evidence not escaped")
	}
	if err := WriteNQuads(&buf, extract.Facts{}); err == nil {
		t.Error("want an error for facts without IRI")
	}
}

func TestTermsRoundTrip(t *testing.T) {
	vals := []quad.Value{
		quad.IRI("http://x/a b>c"), quad.IRI("https://dealgraph.dev/id/org/西门子"),
		quad.String("tab\there \"q\" back\\ nl\n cr\r bell\a 中文"),
		quad.TypedString{Value: "true", Type: XSDBoolean},
		quad.LangString{Value: "泰国", Lang: "zh-Hans"},
		quad.BNode("b1"),
	}
	for _, v := range vals {
		q := quad.Quad{Subject: quad.IRI("urn:s"), Predicate: quad.IRI("urn:p"), Object: v, Label: quad.IRI("urn:g")}
		line := quadKey(q)
		back, ok, err := parseNQuad(line)
		if err != nil || !ok {
			t.Fatalf("%q: %v", line, err)
		}
		if quadKey(back) != line {
			t.Errorf("round trip changed %q to %q", line, quadKey(back))
		}
	}
	for _, bad := range []string{`<a> <b> "c" `, `<a> <b>`, `<a> <b> "c`, `<a> <b> <c> <d> <e> .`} {
		if _, _, err := parseNQuad(bad); err == nil {
			t.Errorf("parseNQuad(%q): want error", bad)
		}
	}
}
