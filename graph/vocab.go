package graph

import (
	"strings"

	"github.com/cayleygraph/quad"
)

// Namespaces. Standard terms come from schema.org; the terms schema.org
// lacks live in Vocab. The scorer and the queries match predicates by their
// local name, so only the local names below are part of the contract
// (../shared/SCHEMA.md).
const (
	// Vocab is dealgraph's own vocabulary namespace.
	Vocab = "https://dealgraph.dev/ns#"
	// IDBase prefixes entity IDs from extract to make node IRIs.
	IDBase = "https://dealgraph.dev/id/"
	// Schema is schema.org.
	Schema = "http://schema.org/"
	// RDF, XSD and OWL are the W3C namespaces.
	RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	XSD = "http://www.w3.org/2001/XMLSchema#"
	OWL = "http://www.w3.org/2002/07/owl#"
	// Wikidata is the entity namespace of Wikidata.
	Wikidata = "http://www.wikidata.org/entity/"
)

// Predicates and classes.
var (
	Type = quad.IRI(RDF + "type")

	Organization = quad.IRI(Schema + "Organization")
	Country      = quad.IRI(Schema + "Country")
	Person       = quad.IRI(Schema + "Person")
	Product      = quad.IRI(Schema + "Product")
	Event        = quad.IRI(Schema + "Event")
	Deal         = quad.IRI(Vocab + "Deal")
	Document     = quad.IRI(Vocab + "Document")

	Name               = quad.IRI(Schema + "name")
	AlternateName      = quad.IRI(Schema + "alternateName")
	WorksFor           = quad.IRI(Schema + "worksFor")
	JobTitle           = quad.IRI(Schema + "jobTitle")
	ParentOrganization = quad.IRI(Schema + "parentOrganization")
	Identifier         = quad.IRI(Schema + "identifier")
	SameAs             = quad.IRI(OWL + "sameAs")

	Buyer           = quad.IRI(Vocab + "buyer")
	Partner         = quad.IRI(Vocab + "partner")
	CountryP        = quad.IRI(Vocab + "country")
	Amount          = quad.IRI(Vocab + "amount")
	Currency        = quad.IRI(Vocab + "currency")
	AmountQualifier = quad.IRI(Vocab + "amountQualifier")
	Cumulative      = quad.IRI(Vocab + "cumulative")
	Expected        = quad.IRI(Vocab + "expected")
	ProductP        = quad.IRI(Vocab + "product")
	DealKind        = quad.IRI(Vocab + "dealKind")
	EventP          = quad.IRI(Vocab + "event")
	Date            = quad.IRI(Vocab + "date")
	Evidence        = quad.IRI(Vocab + "evidence")
	Rule            = quad.IRI(Vocab + "rule")
	Confidence      = quad.IRI(Vocab + "confidence")
	Role            = quad.IRI(Vocab + "role")
	MentionedIn     = quad.IRI(Vocab + "mentionedIn")
	ContentHash     = quad.IRI(Vocab + "contentHash")
	Title           = quad.IRI(Vocab + "title")
	URL             = quad.IRI(Schema + "url")

	// Entity resolution (RESOLUTION.md). matchKey and shortForm hold an
	// entity's strong and weak match keys, as each document gave them.
	MatchKey  = quad.IRI(Vocab + "matchKey")
	ShortForm = quad.IRI(Vocab + "shortForm")
	// A dg:Merge node records one entity of a document that the loader
	// resolved to a node of another ID: mergedInto the node, mergedFrom
	// the ID's IRI, mergeRule, mergeKey (the shared key), mergeEvidence
	// (the document, or the alias set, that gave the node that key) and
	// originalName.
	Merge         = quad.IRI(Vocab + "Merge")
	MergedInto    = quad.IRI(Vocab + "mergedInto")
	MergedFrom    = quad.IRI(Vocab + "mergedFrom")
	MergeRule     = quad.IRI(Vocab + "mergeRule")
	MergeKey      = quad.IRI(Vocab + "mergeKey")
	MergeEvidence = quad.IRI(Vocab + "mergeEvidence")
	OriginalName  = quad.IRI(Vocab + "originalName")
	// AliasSet is the class of AliasGraph, the graph label of the user's
	// merge and split decisions; each decision is one aliasRule literal,
	// a line of the alias file.
	AliasSet   = quad.IRI(Vocab + "AliasSet")
	AliasRuleP = quad.IRI(Vocab + "aliasRule")
	AliasGraph = quad.IRI("https://dealgraph.dev/aliases")

	// Relations are reified as dg:Statement nodes (plain RDF reification)
	// carrying rule, confidence and evidence; the direct triple is kept.
	Statement    = quad.IRI(Vocab + "Statement")
	RDFSubject   = quad.IRI(RDF + "subject")
	RDFPredicate = quad.IRI(RDF + "predicate")
	RDFObject    = quad.IRI(RDF + "object")
)

// Prefixes maps the prefixes used in Turtle and JSON-LD output.
var Prefixes = map[string]string{
	"schema": Schema,
	"dg":     Vocab,
	"id":     IDBase,
	"rdf":    RDF,
	"xsd":    XSD,
	"owl":    OWL,
	"wd":     Wikidata,
}

// EntityIRI turns an extract entity ID ("org/西门子") into its node IRI.
// Characters that may not appear in an IRI are percent-encoded; Chinese
// stays readable.
func EntityIRI(id string) quad.IRI {
	var b strings.Builder
	b.WriteString(IDBase)
	for _, r := range id {
		switch {
		case r <= 0x20, strings.ContainsRune("<>\"{}|^`\\%#?", r):
			for _, c := range []byte(string(r)) {
				b.WriteString("%")
				b.WriteString(strings.ToUpper(hex2(c)))
			}
		default:
			b.WriteRune(r)
		}
	}
	return quad.IRI(b.String())
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
