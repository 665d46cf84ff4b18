package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dealgraph/dealgraph/extract"
)

// sampleFacts builds the facts of a small document. Documents share the
// entities org/中粮集团 and country/TH; version changes the deal so that a
// reloaded document differs.
func sampleFacts(iri string, version int) extract.Facts {
	f := extract.Facts{
		Doc: extract.DocInfo{IRI: iri, Name: iri, Title: "中粮集团 进博会 签约", Hash: fmt.Sprintf("hash-%s-%d", iri, version), URL: "https://example.com/a?x=1"},
		Entities: []extract.Entity{
			{ID: "org/中粮集团", Kind: extract.Organization, Name: "中粮 集团", AltNames: []string{"中粮", "中粮集团", " 中粮 "}, Wikidata: "Q1069520", Evidence: "中粮集团签约。"},
			{ID: "country/TH", Kind: extract.Country, Name: "泰国", ISO: "th"},
			{ID: "org/泰国大米公司", Kind: extract.Organization, Name: "泰国大米公司"},
			{ID: "person/宋海良", Kind: extract.Person, Name: "宋  海良", JobTitle: "党委书记、董事长"},
			{ID: "person/记者", Kind: extract.Person, Name: "王记者", Role: "reporter"},
			{ID: "product/大米", Kind: extract.Product, Name: "大米"},
			{ID: "event/" + iri, Kind: extract.Event, Name: "第五届进博会"},
		},
		Relations: []extract.Relation{
			{From: "org/泰国大米公司", Predicate: extract.HomeCountry, To: "country/TH", Rule: "place-prefix", Confidence: 0.8},
			{From: "person/宋海良", Predicate: extract.WorksFor, To: "org/中粮集团", Rule: "title", Confidence: 0.9},
			{From: "org/中粮集团", Predicate: extract.ParentOrg, To: "org/missing"}, // dangling: skipped
		},
		Deals: []extract.Deal{{
			ID: "deal-1", Kind: extract.Purchase, Buyer: "org/中粮集团",
			Partners: []string{"org/泰国大米公司", "org/ghost"}, Countries: []string{"country/TH"}, Products: []string{"product/大米"},
			Amount: &extract.Amount{Value: "458000000", Currency: "USD", Qualifier: "over", Text: "4.58亿美元"},
			Event:  "第五届进博会", Date: "2022-11-05", Evidence: "中粮集团采购泰国大米\"超\"4.58亿美元。\n", Rule: "buy-verb", Confidence: 0.75,
		}},
	}
	if version > 0 {
		f.Deals[0].Amount.Value = fmt.Sprintf("%d", 458000000+version)
		f.Deals[0].Amount.Cumulative = true
		f.Deals[0].Amount.Expected = true
		f.Entities = f.Entities[:6] // the event is gone
	}
	return f
}

func docIRI(i int) string { return fmt.Sprintf("file:///corpus/doc-%04d.txt", i) }

// openTest opens a fresh store of the backend in a temporary directory.
func openTest(t testing.TB, backend string) *Store {
	t.Helper()
	o := Options{Backend: backend, NoSync: true}
	switch backend {
	case "bolt":
		o.Path = filepath.Join(t.TempDir(), "test.db")
	case "leveldb":
		o.Path = filepath.Join(t.TempDir(), "ldb")
	}
	s, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("open %s: %v", backend, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
