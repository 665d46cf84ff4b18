package extract

import "strings"

// Confidence of the home-country and parent facts, by rule.
var ruleConfidence = map[string]float64{
	"kb": 0.95, "country-prefix": 0.9, "name-prefix": 0.9, "descriptor": 0.85,
	"country-of": 0.8, "is-country": 0.8, "place-prefix": 0.8, "cn-legal-form": 0.6,
	"subsidiary": 0.85, "group-prefix": 0.75, "wholly-acquired": 0.85, "title": 0.8, "topic": 0.6, "located-in": 0.8, "shared-prefix": 0.6, "becomes-subsidiary": 0.85, "abbreviation": 0.9, "brand-unit": 0.7, "dominant-country": 0.5,
}

// entID is an entity's ID, stable across documents.
func entID(e *ent) string {
	switch e.kind {
	case Country:
		return "country/" + e.iso
	case Organization:
		return "org/" + e.name
	case Person:
		return "person/" + e.name
	case Product:
		return "product/" + e.name
	}
	return string(e.kind) + "/" + e.name
}

// fill writes what the rules found into f.
func (d *docState) fill(f *Facts) {
	if len(d.sents) > 0 && f.Sentences == nil {
		f.Sentences = make([]Sentence, 0, len(d.sents))
	}
	for _, st := range d.sents {
		if st.role == "headline" && f.Doc.Title == "" {
			f.Doc.Title = d.evidence(st)
		}
		f.Sentences = append(f.Sentences, Sentence{
			Text: d.evidence(st), Span: d.span(st, 0, len(st.s)), Role: st.role,
		})
	}
	used := map[*ent]bool{}
	for _, st := range d.sents {
		for _, m := range st.ments {
			used[m.ent] = true
		}
		// a country named on its own (not inside a company's name)
		for _, c := range st.countries {
			if st.mentionAt(c.s) == nil && st.mentionAt(c.e-1) == nil {
				used[c.ent] = true
				c.ent.spans = append(c.ent.spans, d.span(st, c.s, c.e))
				if c.ent.evidence == "" && st.role == "body" {
					c.ent.evidence = d.evidence(st)
				}
				c.ent.addAlt(stripSpace(d.surface(st, c.s, c.e)))
			}
		}
	}
	for _, e := range d.ents {
		if e.kind == Organization && used[e] {
			if e.country != nil {
				used[e.country] = true
			}
			if e.parent != nil {
				used[e.parent] = true
			}
		}
		if e.kind == Person && used[e] && e.worksFor != nil {
			used[e.worksFor] = true
		}
	}
	byID := make(map[string][]*ent, len(d.ents))
	for _, e := range d.ents {
		id := entID(e)
		byID[id] = append(byID[id], e)
	}
	for _, dl := range d.deals {
		for _, id := range append(append([]string{dl.Buyer}, dl.Partners...), append(dl.Countries, dl.Products...)...) {
			for _, e := range byID[id] {
				used[e] = true
				if e.country != nil && e.kind == Organization {
					used[e.country] = true
				}
			}
		}
	}
	if n := len(used); n > 0 && f.Entities == nil {
		f.Entities = make([]Entity, 0, n)
	}
	for _, e := range d.ents {
		if !used[e] {
			continue
		}
		out := Entity{ID: entID(e), Kind: e.kind, Name: e.name, Spans: e.spans, Wikidata: e.wd,
			JobTitle: e.title, Role: e.role, Evidence: e.evidence}
		if e.kind == Country {
			out.ISO = e.iso
			c, _ := d.x.kb.CountryByISO(e.iso)
			e.addAlt(c.NameHant)
		}
		if e.kind == Organization && e.kbOrg >= 0 {
			for _, n := range d.x.kbOrgs[e.kbOrg].Names() {
				e.addAlt(n)
			}
		}
		for _, a := range e.alts {
			if a != "" && a != out.Name {
				out.AltNames = append(out.AltNames, a)
			}
		}
		out.Keys, out.ShortForms = d.keys(e)
		f.Entities = append(f.Entities, out)
		if e.kind == Organization && e.country != nil {
			f.Relations = append(f.Relations, Relation{From: out.ID, Predicate: HomeCountry, To: entID(e.country),
				Evidence: e.countryEv, Rule: e.countryRule, Confidence: e.countryConf})
		}
		if e.kind == Organization && e.parent != nil {
			f.Relations = append(f.Relations, Relation{From: out.ID, Predicate: ParentOrg, To: entID(e.parent),
				Evidence: e.parentEv, Rule: e.parentRule, Confidence: ruleConfidence[e.parentRule]})
		}
		if e.kind == Person && e.worksFor != nil {
			f.Relations = append(f.Relations, Relation{From: out.ID, Predicate: WorksFor, To: entID(e.worksFor),
				Evidence: e.worksEv, Rule: "title", Confidence: ruleConfidence["title"]})
		}
	}
	f.Deals = d.deals
}

// keys returns an entity's strong and weak match keys (see Entity.Keys).
func (d *docState) keys(e *ent) (keys, short []string) {
	add := func(list []string, n string) []string {
		n = stripSpace(d.x.fold.Simplify(n))
		if runeLen(n) < 2 {
			return list
		}
		return appendUnique(list, n)
	}
	switch e.kind {
	case Organization:
		names := append([]string{e.name}, e.alts...)
		names = append(names, e.declared...)
		for _, n := range names {
			if isLatin(n) {
				n = strings.ToLower(n)
			}
			keys = add(keys, n)
			keys = add(keys, d.core(d.x.fold.Simplify(n)))
		}
		for _, f := range d.shortForms(e) {
			if !contains(keys, f) {
				short = add(short, f)
			}
		}
	case Country:
		keys = add(keys, e.iso)
	default:
		keys = add(keys, e.name)
	}
	return keys, short
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
