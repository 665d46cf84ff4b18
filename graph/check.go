package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// Problem is one integrity violation found by Check.
type Problem struct {
	// Kind names the rule broken: "deal-without-buyer", "name-count",
	// "unlabelled-quad", "label-not-document" or "untyped-node".
	Kind string
	// Node is the node (or, for quad problems, the quad in N-Quads form)
	// at fault.
	Node string
	// Detail says what is wrong.
	Detail string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.Kind, p.Node, p.Detail)
}

// CheckReport is what Check found.
type CheckReport struct {
	Quads     int64
	Documents int
	Deals     int
	Entities  int
	Problems  []Problem
	// Omitted counts problems beyond the cap Check keeps.
	Omitted int
}

// checkMaxProblems caps the problems Check keeps (the rest are counted).
const checkMaxProblems = 1000

// kindClasses are the classes of entity nodes.
var kindClasses = map[quad.IRI]bool{Organization: true, Country: true, Person: true, Product: true, Event: true}

// refPredicates link a node to another node of the graph (not to an
// external IRI such as a Wikidata item, a URL or a class).
var refPredicates = map[quad.IRI]bool{
	Buyer: true, Partner: true, CountryP: true, ProductP: true,
	WorksFor: true, ParentOrganization: true, MentionedIn: true,
}

// Check walks every quad of the store once and reports integrity problems:
//
//   - a dg:Deal without a dg:buyer;
//   - an entity node (typed Organization, Country, Person, Product or
//     Event, or any node under IDBase) without exactly one schema:name
//     value;
//   - a quad without a label, or whose label is not a node typed
//     dg:Document;
//   - a node that is the subject of a quad, or the object of a link
//     between nodes (buyer, partner, country, product, worksFor,
//     parentOrganization, mentionedIn), but has no rdf:type.
//
// Quad problems come in store order, node problems sorted by node. It
// keeps at most checkMaxProblems problems and counts the rest. It needs memory in proportion to the number of
// distinct nodes.
func (s *Store) Check(ctx context.Context) (*CheckReport, error) {
	rep := &CheckReport{}
	add := func(p Problem) {
		if len(rep.Problems) >= checkMaxProblems {
			rep.Omitted++
			return
		}
		rep.Problems = append(rep.Problems, p)
	}
	type node struct {
		types    map[string]bool
		names    map[string]bool
		buyer    bool
		subject  bool
		referred bool
	}
	nodes := map[string]*node{}
	get := func(v quad.Value) *node {
		k := termString(v)
		n := nodes[k]
		if n == nil {
			n = &node{}
			nodes[k] = n
		}
		return n
	}
	labels := map[string]bool{}

	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		rep.Quads++
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			b, _ := appendQuad(nil, q, true)
			add(Problem{Kind: "incomplete-quad", Node: strings.TrimSpace(string(b)), Detail: "a quad lacks its subject, predicate or object"})
			continue
		}
		if q.Label == nil {
			b, _ := appendQuad(nil, q, true)
			add(Problem{Kind: "unlabelled-quad", Node: strings.TrimSpace(string(b)), Detail: "quad has no document label"})
		} else {
			labels[termString(q.Label)] = true
		}
		sn := get(q.Subject)
		sn.subject = true
		p, _ := q.Predicate.(quad.IRI)
		switch {
		case p == Type:
			if sn.types == nil {
				sn.types = map[string]bool{}
			}
			sn.types[termString(q.Object)] = true
		case p == Name:
			if sn.names == nil {
				sn.names = map[string]bool{}
			}
			sn.names[termString(q.Object)] = true
		case p == Buyer:
			sn.buyer = true
		}
		if refPredicates[p] {
			get(q.Object).referred = true
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("reading graph store %s: %w", s.opts.Path, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	keys := make([]string, 0, len(nodes))
	for k := range nodes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	docType, dealType := termString(Document), termString(Deal)
	for _, k := range keys {
		n := nodes[k]
		if n.types[docType] {
			rep.Documents++
		}
		entity := strings.HasPrefix(k, "<"+IDBase)
		for c := range kindClasses {
			if n.types[termString(c)] {
				entity = true
			}
		}
		if entity {
			rep.Entities++
		}
		if n.types[dealType] {
			rep.Deals++
			if !n.buyer {
				add(Problem{Kind: "deal-without-buyer", Node: k, Detail: "deal has no dg:buyer"})
			}
		}
		if entity && len(n.names) != 1 {
			names := make([]string, 0, len(n.names))
			for nm := range n.names {
				names = append(names, nm)
			}
			sort.Strings(names)
			detail := "entity has no schema:name"
			if len(names) > 1 {
				detail = fmt.Sprintf("entity has %d schema:name values: %s", len(names), strings.Join(names, ", "))
			}
			add(Problem{Kind: "name-count", Node: k, Detail: detail})
		}
		if (n.subject || n.referred) && len(n.types) == 0 {
			detail := "node has no rdf:type"
			if !n.subject {
				detail = "node is referred to but has no rdf:type (nor any quad of its own)"
			}
			add(Problem{Kind: "untyped-node", Node: k, Detail: detail})
		}
	}
	lkeys := make([]string, 0, len(labels))
	for l := range labels {
		lkeys = append(lkeys, l)
	}
	sort.Strings(lkeys)
	for _, l := range lkeys {
		if n := nodes[l]; n == nil || !(n.types[docType] || n.types[termString(AliasSet)]) {
			add(Problem{Kind: "label-not-document", Node: l, Detail: "quads are labelled with a node that is not a dg:Document"})
		}
	}
	return rep, nil
}
