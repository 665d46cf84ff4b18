package extract

// Document is one article handed to the extractor.
type Document struct {
	// IRI identifies the document. It becomes the graph label of every quad
	// read from it, so the same article loaded twice must get the same IRI.
	IRI string
	// Name is what error messages call the document (usually its path).
	Name string
	// Raw is the article as read: UTF-8, GB18030/GBK or Big5 bytes.
	Raw []byte
	// URL and Date are optional metadata (Date as YYYY-MM-DD).
	URL  string
	Date string
}

// Kind is the class of an entity.
type Kind string

// Entity kinds. The first three are the ones the schema scores.
const (
	Organization Kind = "Organization"
	Country      Kind = "Country"
	Person       Kind = "Person"
	Product      Kind = "Product"
	Event        Kind = "Event"
)

// Span is a half-open byte range [Start, End) in Facts.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Sentence is one unit of the decoded text.
type Sentence struct {
	Text      string `json:"text"`
	Span      Span   `json:"span"`
	Paragraph int    `json:"paragraph"`
	// Role is "body", "headline" or "byline".
	Role string `json:"role"`
}

// Entity is a node the document names.
type Entity struct {
	// ID is stable across documents: the same real-world entity gets the same
	// ID wherever it is read ("org/中国能源建设集团有限公司", "country/TH",
	// "person/宋海良", "product/大米"). It is a relative path: the graph
	// package turns it into an IRI.
	ID       string   `json:"id"`
	Kind     Kind     `json:"kind"`
	Name     string   `json:"name"`
	AltNames []string `json:"altNames,omitempty"`
	Spans    []Span   `json:"spans,omitempty"`
	// ISO is the ISO 3166-1 alpha-2 code of a Country.
	ISO string `json:"iso,omitempty"`
	// Wikidata is the Wikidata item ID ("Q148") when the entity is linked.
	Wikidata string `json:"wikidata,omitempty"`
	// JobTitle is a Person's title as written (党委书记、董事长).
	JobTitle string `json:"jobTitle,omitempty"`
	// Role is "reporter" for a byline's people.
	Role string `json:"role,omitempty"`
	// Evidence is the sentence the entity was first read from.
	Evidence string `json:"evidence,omitempty"`
	// Keys are normalized names (simplified script, no white space, no
	// legal form) under which another document's entity is the same one:
	// the name, the names the text used for it and declared abbreviations
	// (简称). A loader may merge two entities that share a key.
	Keys []string `json:"keys,omitempty"`
	// ShortForms are weaker keys: forms derived from the name (金泓基 for
	// 天津金泓基进出口贸易有限公司) that a later article may use alone. A
	// loader needs more evidence than a shared short form to merge.
	ShortForms []string `json:"shortForms,omitempty"`
}

// Predicate names a relation between two entities.
type Predicate string

// Relations between entities.
const (
	// HomeCountry: Organization → Country it is based in.
	HomeCountry Predicate = "country"
	// ParentOrg: Organization → owner or parent group.
	ParentOrg Predicate = "parentOrganization"
	// WorksFor: Person → Organization.
	WorksFor Predicate = "worksFor"
)

// Relation is a fact linking two entities by their IDs.
type Relation struct {
	From      string    `json:"from"`
	Predicate Predicate `json:"predicate"`
	To        string    `json:"to"`
	// Evidence is the sentence the relation was read from ("" for
	// knowledge-base facts).
	Evidence string `json:"evidence,omitempty"`
	// Rule names the rule that produced the relation ("kb", "place-prefix", …).
	Rule       string  `json:"rule"`
	Confidence float64 `json:"confidence"`
}

// DealKind is the kind of a reported transaction.
type DealKind string

// Deal kinds (SCHEMA.md dealKind).
const (
	Purchase     DealKind = "purchase"
	Cooperation  DealKind = "cooperation"
	Intent       DealKind = "intent"
	Acquisition  DealKind = "acquisition"
	Investment   DealKind = "investment"
	JointVenture DealKind = "jointVenture"
)

// Amount is a sum of money as a decimal in whole currency units.
type Amount struct {
	// Value is a plain decimal string: "458000000", "0.1".
	Value string `json:"value"`
	// Currency is an ISO 4217 code.
	Currency string `json:"currency"`
	// Qualifier is "over", "about" or "exact".
	Qualifier string `json:"qualifier"`
	// Cumulative: the figure sums several years or editions.
	Cumulative bool `json:"cumulative,omitempty"`
	// Expected: the figure is a forecast (预计).
	Expected bool `json:"expected,omitempty"`
	// Text is the amount as written.
	Text string `json:"text"`
}

// Deal is one reported transaction or agreement.
type Deal struct {
	// ID is unique within the document ("deal-1").
	ID       string   `json:"id"`
	Kind     DealKind `json:"kind"`
	Buyer    string   `json:"buyer"`
	Partners []string `json:"partners,omitempty"`
	// Countries the goods or counterparties come from (entity IDs).
	Countries []string `json:"countries,omitempty"`
	// Products are entity IDs of Product entities.
	Products []string `json:"products,omitempty"`
	Amount   *Amount  `json:"amount,omitempty"`
	// Event is where the deal was made, as written (第五届进博会).
	Event string `json:"event,omitempty"`
	// Date is YYYY-MM-DD, YYYY-MM or the text as written when partial.
	Date string `json:"date,omitempty"`
	// Sentence indexes Facts.Sentences; Evidence is that sentence's text.
	Sentence   int     `json:"sentence"`
	Evidence   string  `json:"evidence"`
	Rule       string  `json:"rule"`
	Confidence float64 `json:"confidence"`
}

// DocInfo describes the document the facts came from.
type DocInfo struct {
	IRI      string `json:"iri"`
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"`
	Date     string `json:"date,omitempty"`
	Title    string `json:"title,omitempty"`
	Encoding string `json:"encoding"`
	// Script is "Hans" or "Hant": the script most of the text is written in.
	Script string `json:"script"`
	// Hash is the hex SHA-256 of the raw bytes.
	Hash string `json:"hash"`
}

// Facts is everything read from one document. It is plain data.
type Facts struct {
	Doc       DocInfo    `json:"doc"`
	Text      string     `json:"-"`
	Sentences []Sentence `json:"sentences"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
	Deals     []Deal     `json:"deals"`
}
