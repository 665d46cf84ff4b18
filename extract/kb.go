package extract

import (
	"embed"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// kbFiles holds the gazetteers; see data/SOURCES.md for where they come from.
//
//go:embed data/countries.tsv data/orgs.tsv
var kbFiles embed.FS

const (
	countriesFile = "data/countries.tsv"
	orgsFile      = "data/orgs.tsv"
)

var (
	countryColumns = []string{"iso2", "iso3", "wikidata", "kind", "name_hans", "name_hant", "aliases"}
	orgColumns     = []string{"name_hans", "name_hant", "english", "country", "wikidata", "parent", "aliases"}

	wikidataRE = regexp.MustCompile(`^Q[1-9][0-9]*$`)
	iso2RE     = regexp.MustCompile(`^[A-Z]{2}$`)
	iso3RE     = regexp.MustCompile(`^[A-Z]{3}$`)
)

// CountryRecord is one row of data/countries.tsv.
type CountryRecord struct {
	ISO2, ISO3, Wikidata, Kind string
	// Name is the short simplified-Chinese name (泰国); NameHant the
	// traditional one as written in Taiwan or Hong Kong (泰國, 紐西蘭).
	Name, NameHant string
	Aliases        []string
}

// Names returns every written form of the country: Name, NameHant, then
// the aliases.
func (c CountryRecord) Names() []string {
	return append([]string{c.Name, c.NameHant}, c.Aliases...)
}

// OrgRecord is one row of data/orgs.tsv.
type OrgRecord struct {
	// Name is the simplified-Chinese name news most often uses; it is the
	// record's key (Parent refers to it).
	Name, NameHant, English string
	// Countries are ISO 3166-1 alpha-2 codes of the home country (more
	// than one for a joint venture such as CFM International).
	Countries []string
	Wikidata  string
	// Parent is the Name of the parent organization ("" if none listed).
	Parent  string
	Aliases []string
}

// Names returns every written form of the organization: Name, NameHant,
// English (when set), then the aliases. Duplicates are dropped.
func (o OrgRecord) Names() []string {
	return dedupe(append([]string{o.Name, o.NameHant, o.English}, o.Aliases...))
}

// KB is the parsed gazetteer of countries and organizations. It is
// read-only after LoadKB and safe for concurrent use.
type KB struct {
	countries     []CountryRecord
	orgs          []OrgRecord
	countryByISO  map[string]int
	countryByName map[string]int
	orgByName     map[string]int
}

// LoadKB parses the embedded gazetteers. Callers should load once and share
// the result. A malformed row is reported as file:line.
func LoadKB() (*KB, error) {
	kb := &KB{
		countryByISO:  map[string]int{},
		countryByName: map[string]int{},
		orgByName:     map[string]int{},
	}
	if err := kb.loadCountries(); err != nil {
		return nil, err
	}
	if err := kb.loadOrgs(); err != nil {
		return nil, err
	}
	return kb, nil
}

// Countries returns every country record in file order. The slice is a copy.
func (kb *KB) Countries() []CountryRecord {
	return append([]CountryRecord(nil), kb.countries...)
}

// Orgs returns every organization record in file order. The slice is a copy.
func (kb *KB) Orgs() []OrgRecord {
	return append([]OrgRecord(nil), kb.orgs...)
}

// CountryByName finds a country by any of its names, in either script
// ("沙特", "美國", "中华人民共和国"). Latin forms match case-insensitively.
func (kb *KB) CountryByName(s string) (CountryRecord, bool) {
	i, ok := kb.countryByName[nameKey(s)]
	if !ok {
		return CountryRecord{}, false
	}
	return kb.countries[i], true
}

// CountryByISO finds a country by its alpha-2 or alpha-3 code, in any case.
func (kb *KB) CountryByISO(code string) (CountryRecord, bool) {
	i, ok := kb.countryByISO[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return CountryRecord{}, false
	}
	return kb.countries[i], true
}

// OrgByName finds an organization by any of its names (Chinese in either
// script, English, acronym); Latin letters match case-insensitively.
func (kb *KB) OrgByName(s string) (OrgRecord, bool) {
	i, ok := kb.orgByName[nameKey(s)]
	if !ok {
		return OrgRecord{}, false
	}
	return kb.orgs[i], true
}

// nameKey normalizes a name for lookup: trimmed, Latin letters lower-cased.
func nameKey(s string) string {
	s = strings.TrimSpace(s)
	for _, r := range s {
		// Chinese characters have no case: only names with other
		// letters go through ToLower
		if r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf && !isHan(r) {
			return strings.ToLower(s)
		}
	}
	return s
}

func (kb *KB) loadCountries() error {
	return readTSV(countriesFile, countryColumns, func(line int, f []string) error {
		c := CountryRecord{ISO2: f[0], ISO3: f[1], Wikidata: f[2], Kind: f[3], Name: f[4], NameHant: f[5]}
		var err error
		if c.Aliases, err = splitList(f[6]); err != nil {
			return err
		}
		switch {
		case !iso2RE.MatchString(c.ISO2):
			return fmt.Errorf("iso2 %q is not two capital letters", c.ISO2)
		case c.ISO3 != "" && !iso3RE.MatchString(c.ISO3):
			return fmt.Errorf("iso3 %q is not three capital letters", c.ISO3)
		case c.Wikidata != "" && !wikidataRE.MatchString(c.Wikidata):
			return fmt.Errorf("wikidata %q is not a Q-id", c.Wikidata)
		case !isCountryKind(c.Kind):
			return fmt.Errorf("unknown kind %q", c.Kind)
		case c.Name == "" || c.NameHant == "":
			return fmt.Errorf("name_hans and name_hant are required")
		}
		if _, dup := kb.countryByISO[c.ISO2]; dup {
			return fmt.Errorf("duplicate iso2 %s", c.ISO2)
		}
		if _, dup := kb.countryByISO[c.ISO3]; c.ISO3 != "" && dup {
			return fmt.Errorf("duplicate iso3 %s", c.ISO3)
		}
		idx := len(kb.countries)
		kb.countries = append(kb.countries, c)
		kb.countryByISO[c.ISO2] = idx
		if c.ISO3 != "" {
			kb.countryByISO[c.ISO3] = idx
		}
		for _, n := range c.Names() {
			if _, taken := kb.countryByName[nameKey(n)]; !taken {
				kb.countryByName[nameKey(n)] = idx
			}
		}
		return nil
	})
}

func (kb *KB) loadOrgs() error {
	type pending struct {
		line   int
		parent string
	}
	var parents []pending
	err := readTSV(orgsFile, orgColumns, func(line int, f []string) error {
		o := OrgRecord{Name: f[0], NameHant: f[1], English: f[2], Wikidata: f[4], Parent: f[5]}
		var err error
		if o.Countries, err = splitList(f[3]); err != nil {
			return err
		}
		if o.Aliases, err = splitList(f[6]); err != nil {
			return err
		}
		switch {
		case o.Name == "" || o.NameHant == "":
			return fmt.Errorf("name_hans and name_hant are required")
		case len(o.Countries) == 0:
			return fmt.Errorf("country is required")
		case o.Wikidata != "" && !wikidataRE.MatchString(o.Wikidata):
			return fmt.Errorf("wikidata %q is not a Q-id", o.Wikidata)
		case o.Parent == o.Name:
			return fmt.Errorf("%s is its own parent", o.Name)
		}
		for _, cc := range o.Countries {
			if _, ok := kb.countryByISO[cc]; !ok || !iso2RE.MatchString(cc) {
				return fmt.Errorf("country %q is not an iso2 code in %s", cc, countriesFile)
			}
		}
		if i, dup := kb.orgByName[nameKey(o.Name)]; dup && kb.orgs[i].Name == o.Name {
			return fmt.Errorf("duplicate org %s", o.Name)
		}
		idx := len(kb.orgs)
		kb.orgs = append(kb.orgs, o)
		// A record's own Name always wins over another record's alias.
		kb.orgByName[nameKey(o.Name)] = idx
		if o.Parent != "" {
			parents = append(parents, pending{line, o.Parent})
		}
		return nil
	})
	if err != nil {
		return err
	}
	names := make(map[string]bool, len(kb.orgs))
	for _, o := range kb.orgs {
		names[o.Name] = true
	}
	for _, p := range parents {
		if !names[p.parent] {
			return fmt.Errorf("%s:%d: parent %q is not the name_hans of any row", orgsFile, p.line, p.parent)
		}
	}
	for idx, o := range kb.orgs {
		for _, n := range o.Names() {
			if _, taken := kb.orgByName[nameKey(n)]; !taken {
				kb.orgByName[nameKey(n)] = idx
			}
		}
	}
	return nil
}

// readTSV reads an embedded tab-separated file with a header line, calling
// row for every data line. Blank lines and lines starting with # are
// skipped. Errors are prefixed with file:line.
func readTSV(name string, columns []string, row func(line int, fields []string) error) error {
	data, err := kbFiles.ReadFile(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	header := false
	for i, l := range lines {
		n := i + 1
		l = strings.TrimSuffix(l, "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if !header {
			if strings.Join(f, "\t") != strings.Join(columns, "\t") {
				return fmt.Errorf("%s:%d: header must be %q", name, n, strings.Join(columns, "\t"))
			}
			header = true
			continue
		}
		if len(f) != len(columns) {
			return fmt.Errorf("%s:%d: %d fields, want %d", name, n, len(f), len(columns))
		}
		for j, v := range f {
			if v != strings.TrimSpace(v) {
				return fmt.Errorf("%s:%d: column %s has surrounding spaces", name, n, columns[j])
			}
		}
		if err := row(n, f); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if !header {
		return fmt.Errorf("%s: no header line", name)
	}
	return nil
}

// splitList splits a |-separated column; "" is the empty list.
func splitList(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, "|")
	for _, p := range parts {
		if p == "" || p != strings.TrimSpace(p) {
			return nil, fmt.Errorf("bad list entry %q in %q", p, s)
		}
	}
	return parts, nil
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// isCountryKind reports whether k is a kind of countries.tsv: sovereign
// states (UN members plus the Holy See and Palestine), dependent
// territories, the customs territories of Hong Kong, Macao and Taiwan, and
// unions of states (EU).
func isCountryKind(k string) bool {
	switch k {
	case "country", "territory", "customs_territory", "union":
		return true
	}
	return false
}
