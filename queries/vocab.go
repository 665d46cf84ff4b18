package queries

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

// terms are the vocabulary terms queries may name through dg("localName").
// They are the constants of package graph; nothing here re-types an IRI.
var terms = []quad.IRI{
	dg.Type,
	dg.Organization, dg.Country, dg.Person, dg.Product, dg.Event, dg.Deal, dg.Document,
	dg.Name, dg.AlternateName, dg.WorksFor, dg.JobTitle, dg.ParentOrganization,
	dg.Identifier, dg.SameAs,
	dg.Buyer, dg.Partner, dg.CountryP, dg.Amount, dg.Currency, dg.AmountQualifier,
	dg.Cumulative, dg.Expected, dg.ProductP, dg.DealKind, dg.EventP, dg.Date,
	dg.Evidence, dg.Rule, dg.Confidence, dg.Role, dg.MentionedIn, dg.ContentHash,
	dg.Title, dg.URL,
}

// localName is the part of an IRI after its last '#' or '/'.
func localName(iri string) string {
	return iri[strings.LastIndexAny(iri, "#/")+1:]
}

// vocabJS is a line of JavaScript declaring dg(term), which returns the IRI
// (in Gizmo's "<...>" form) of a vocabulary term given its local name, and
// dgPrefixes(), the prefix table of package graph. It is one line of
// function declarations so that it can be appended to any query.
var vocabJS = func() string {
	byLocal := make(map[string]string, len(terms))
	for _, t := range terms {
		ln := localName(string(t))
		if prev, ok := byLocal[ln]; ok && prev != t.String() {
			panic(fmt.Sprintf("queries: two vocabulary terms share the local name %q", ln))
		}
		byLocal[ln] = t.String()
	}
	known := make([]string, 0, len(byLocal))
	for k := range byLocal {
		known = append(known, k)
	}
	sort.Strings(known)
	table, _ := json.Marshal(byLocal)
	prefixes, _ := json.Marshal(dg.Prefixes)
	list, _ := json.Marshal(strings.Join(known, ", "))
	// The tables are built on first use and kept on the function: dg is
	// called for every step of a walk.
	return "function dg(term) { var t = dg.terms || (dg.terms = " + string(table) +
		"); if (!Object.prototype.hasOwnProperty.call(t, term)) { throw new Error(\"dg: unknown term \" + JSON.stringify(term) + \"; known terms: \" + " + string(list) + "); } return t[term]; }" +
		" function dgPrefixes() { return dgPrefixes.table || (dgPrefixes.table = " + string(prefixes) + "); }\n"
}()
