package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/dealgraph/dealgraph/bench/corpus"
	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

// company is one organization of a synthetic graph.
type company struct {
	id, name, country string // country is an entity ID
}

// Graph generates the Facts of synthetic documents in dealgraph's
// vocabulary: deals between a pool of companies (so that companies recur
// across documents, as in a real corpus), people with titles, countries from
// the gazetteer, amounts and evidence sentences.
type Graph struct {
	seed      uint64
	companies []company
	people    []string
	countries []extract.CountryRecord
}

// NewGraph returns a generator whose company pool suits about quads quads
// (one company per ~60 quads, so an average company has a handful of deals).
func NewGraph(quads int, seed uint64) *Graph {
	g := corpus.NewGen(seed)
	kb, err := extract.LoadKB()
	if err != nil {
		panic(err)
	}
	gr := &Graph{seed: seed}
	for _, c := range kb.Countries() {
		if c.Kind == "country" && c.ISO2 != "" {
			gr.countries = append(gr.countries, c)
		}
	}
	n := max(quads/60, 50)
	seen := map[string]bool{}
	for len(gr.companies) < n {
		var name, country string
		if g.Rand().IntN(2) == 0 {
			name, country = g.ChineseCompany(), "country/CN"
		} else {
			var cn string
			name, cn = g.ForeignCompany()
			country = ""
			for _, c := range gr.countries {
				if c.Name == cn {
					country = "country/" + c.ISO2
				}
			}
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		gr.companies = append(gr.companies, company{id: "org/" + name, name: name, country: country})
	}
	for i := 0; i < n/2; i++ {
		gr.people = append(gr.people, g.Person()+fmt.Sprint(i))
	}
	return gr
}

// Company returns the name of the i-th company of the pool (for query
// arguments); Company(0) is among the most connected ones.
func (gr *Graph) Company(i int) string { return gr.companies[i%len(gr.companies)].name }

// Person returns the name of the i-th person.
func (gr *Graph) Person(i int) string { return gr.people[i%len(gr.people)] }

// DocIRI is the IRI of synthetic document i.
func DocIRI(i int) string { return fmt.Sprintf("https://bench.dealgraph.dev/doc/%d", i) }

// pickCompany favours low indices (a Zipf-like skew: a few companies are
// in many deals, as 中国石化 is in news).
func (gr *Graph) pickCompany(r *rand.Rand) company {
	n := len(gr.companies)
	i := int(float64(n) * r.Float64() * r.Float64() * r.Float64())
	return gr.companies[min(i, n-1)]
}

// Facts returns the facts of document i. It depends only on the seed and i.
func (gr *Graph) Facts(i int) extract.Facts {
	r := rand.New(rand.NewPCG(gr.seed, uint64(i)))
	g := corpus.NewGenRand(r)
	iri := DocIRI(i)
	sum := sha256.Sum256([]byte(iri))
	f := extract.Facts{Doc: extract.DocInfo{
		IRI: iri, Name: fmt.Sprintf("doc%d.txt", i), Date: fmt.Sprintf("20%02d-11-%02d", 18+r.IntN(6), 1+r.IntN(28)),
		Title: g.Event() + "签约", Encoding: "UTF-8", Script: "Hans", Hash: hex.EncodeToString(sum[:]),
	}}
	ents := map[string]bool{}
	addOrg := func(c company) {
		if ents[c.id] {
			return
		}
		ents[c.id] = true
		f.Entities = append(f.Entities, extract.Entity{ID: c.id, Kind: extract.Organization, Name: c.name,
			Evidence: c.name + "参加进博会。", Keys: []string{c.name}})
		if c.country != "" {
			addCountry(&f, ents, gr, c.country)
			f.Relations = append(f.Relations, extract.Relation{From: c.id, Predicate: extract.HomeCountry, To: c.country,
				Rule: "kb", Confidence: 0.9})
		}
	}
	nDeals := 1 + r.IntN(4)
	for d := 0; d < nDeals; d++ {
		buyer, partner := gr.pickCompany(r), gr.pickCompany(r)
		if buyer.id == partner.id {
			continue
		}
		addOrg(buyer)
		addOrg(partner)
		prod := "product/" + g.Product()
		if !ents[prod] {
			ents[prod] = true
			f.Entities = append(f.Entities, extract.Entity{ID: prod, Kind: extract.Product, Name: prod[len("product/"):]})
		}
		ev := fmt.Sprintf("%s与%s签署采购协议，采购%s，金额达%s。", buyer.name, partner.name, prod[len("product/"):], g.Amount())
		deal := extract.Deal{ID: fmt.Sprintf("deal-%d", d+1), Kind: extract.Purchase, Buyer: buyer.id,
			Partners: []string{partner.id}, Products: []string{prod}, Event: g.Event(), Evidence: ev,
			Rule: "bench", Confidence: 0.8,
			Amount: &extract.Amount{Value: fmt.Sprint(1_000_000 * (1 + r.IntN(5000))), Currency: "USD", Qualifier: "exact", Text: "x"}}
		if partner.country != "" {
			deal.Countries = []string{partner.country}
		}
		f.Deals = append(f.Deals, deal)
		if r.IntN(2) == 0 {
			p := gr.people[r.IntN(len(gr.people))]
			pid := "person/" + p
			if !ents[pid] {
				ents[pid] = true
				f.Entities = append(f.Entities, extract.Entity{ID: pid, Kind: extract.Person, Name: p,
					JobTitle: g.Title(), Evidence: ev})
				f.Relations = append(f.Relations, extract.Relation{From: pid, Predicate: extract.WorksFor, To: buyer.id,
					Evidence: ev, Rule: "title", Confidence: 0.7})
			}
		}
	}
	return f
}

func addCountry(f *extract.Facts, ents map[string]bool, gr *Graph, id string) {
	if ents[id] {
		return
	}
	ents[id] = true
	iso := id[len("country/"):]
	name := iso
	for _, c := range gr.countries {
		if c.ISO2 == iso {
			name = c.Name
		}
	}
	f.Entities = append(f.Entities, extract.Entity{ID: id, Kind: extract.Country, Name: name, ISO: iso})
}

// Build loads documents into s in batches of batch until the store holds at
// least quads quads, and returns the number of documents and quads added.
func (gr *Graph) Build(ctx context.Context, s *graph.Store, quads, batch int, progress io.Writer) (docs, added int, err error) {
	var pending []extract.Facts
	for added < quads {
		pending = append(pending, gr.Facts(docs))
		docs++
		if len(pending) == batch {
			st, err := s.LoadBatch(ctx, pending)
			if err != nil {
				return docs, added, err
			}
			for _, x := range st {
				added += x.Added
			}
			pending = pending[:0]
			if progress != nil && docs%(batch*100) == 0 {
				fmt.Fprintf(progress, "\r  %d docs, %d quads", docs, added)
			}
		}
	}
	if len(pending) > 0 {
		st, err := s.LoadBatch(ctx, pending)
		if err != nil {
			return docs, added, err
		}
		for _, x := range st {
			added += x.Added
		}
	}
	if progress != nil {
		fmt.Fprintf(progress, "\r  %d docs, %d quads\n", docs, added)
	}
	return docs, added, nil
}

// WriteNQuads writes the quads of documents until quads quads are written
// (no store involved) and returns the number written.
func (gr *Graph) WriteNQuads(w io.Writer, quads int) (int, error) {
	n := 0
	for i := 0; n < quads; i++ {
		f := gr.Facts(i)
		if err := graph.WriteNQuads(w, f); err != nil {
			return n, err
		}
		n += len(graph.Quads(f))
	}
	return n, nil
}
