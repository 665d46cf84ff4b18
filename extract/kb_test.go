package extract

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

func loadTestKB(t testing.TB) *KB {
	t.Helper()
	kb, err := LoadKB()
	if err != nil {
		t.Fatalf("LoadKB: %v", err)
	}
	return kb
}

func TestKBCounts(t *testing.T) {
	kb := loadTestKB(t)
	kinds := map[string]int{}
	for _, c := range kb.Countries() {
		kinds[c.Kind]++
	}
	// All 249 ISO 3166-1 entries plus the EU.
	if n := len(kb.Countries()); n != 250 {
		t.Errorf("countries: %d rows, want 250", n)
	}
	if kinds["country"] != 195 || kinds["customs_territory"] != 3 || kinds["union"] != 1 {
		t.Errorf("country kinds = %v", kinds)
	}
	if n := len(kb.Orgs()); n < 400 {
		t.Errorf("orgs: %d rows, want at least 400", n)
	}
}

func TestCountryRows(t *testing.T) {
	kb := loadTestKB(t)
	seen := map[string]bool{}
	for _, c := range kb.Countries() {
		if seen[c.ISO2] {
			t.Errorf("duplicate iso2 %s", c.ISO2)
		}
		seen[c.ISO2] = true
		if c.Name == "" || c.NameHant == "" {
			t.Errorf("%s: missing name_hans or name_hant", c.ISO2)
		}
		if c.Kind != "union" && c.ISO3 == "" {
			t.Errorf("%s: missing iso3", c.ISO2)
		}
	}
}

func TestWikidataIDs(t *testing.T) {
	kb := loadTestKB(t)
	owner := map[string]string{}
	check := func(id, who string) {
		if id == "" {
			return
		}
		if !wikidataRE.MatchString(id) {
			t.Errorf("%s: malformed wikidata id %q", who, id)
		}
		if prev, dup := owner[id]; dup {
			t.Errorf("wikidata id %s used by %s and %s", id, prev, who)
		}
		owner[id] = who
	}
	blankC, blankO := 0, 0
	for _, c := range kb.Countries() {
		check(c.Wikidata, "country "+c.ISO2)
		if c.Wikidata == "" {
			blankC++
		}
	}
	for _, o := range kb.Orgs() {
		check(o.Wikidata, "org "+o.Name)
		if o.Wikidata == "" {
			blankO++
		}
	}
	t.Logf("wikidata left blank: %d countries, %d orgs", blankC, blankO)
	// Spot checks of well-known ids.
	for iso, want := range map[string]string{"CN": "Q148", "US": "Q30", "DE": "Q183", "FR": "Q142", "TH": "Q869", "EU": "Q458"} {
		if c, _ := kb.CountryByISO(iso); c.Wikidata != want {
			t.Errorf("%s wikidata = %q, want %q", iso, c.Wikidata, want)
		}
	}
}

func TestCountryByName(t *testing.T) {
	kb := loadTestKB(t)
	for _, tc := range []struct{ name, iso string }{
		{"沙特", "SA"}, {"沙特阿拉伯", "SA"}, {"沙烏地阿拉伯", "SA"},
		{"印尼", "ID"}, {"印度尼西亚", "ID"}, {"印度", "IN"},
		{"美國", "US"}, {"美国", "US"}, {"美利坚合众国", "US"},
		{"中华人民共和国", "CN"}, {"中國", "CN"},
		{"新西兰", "NZ"}, {"紐西蘭", "NZ"}, {"纽西兰", "NZ"},
		{"澳洲", "AU"}, {"阿联酋", "AE"}, {"韩国", "KR"}, {"朝鲜", "KP"},
		{"老挝", "LA"}, {"寮國", "LA"}, {"越南", "VN"}, {"泰國", "TH"},
		{"香港", "HK"}, {"中国台湾", "TW"}, {"澳門", "MO"},
		{"巴布亚新几内亚", "PG"}, {"几内亚", "GN"}, {"欧盟", "EU"},
		{"刚果（金）", "CD"}, {"刚果（布）", "CG"}, {"柬埔寨", "KH"},
	} {
		c, ok := kb.CountryByName(tc.name)
		if !ok || c.ISO2 != tc.iso {
			t.Errorf("CountryByName(%q) = %s, %v; want %s", tc.name, c.ISO2, ok, tc.iso)
		}
	}
	for _, s := range []string{"美", "中", "刚果", "中非", "蒙古", ""} {
		if c, ok := kb.CountryByName(s); ok {
			t.Errorf("CountryByName(%q) = %s, want no match", s, c.ISO2)
		}
	}
	if c, ok := kb.CountryByISO("deu"); !ok || c.ISO2 != "DE" {
		t.Errorf("CountryByISO(deu) = %s, %v", c.ISO2, ok)
	}
}

func TestOrgByName(t *testing.T) {
	kb := loadTestKB(t)
	for _, tc := range []struct{ query, name string }{
		{"中石化", "中国石化"}, {"中國石化", "中国石化"}, {"Sinopec", "中国石化"},
		{"中国石油化工集团有限公司", "中国石化"},
		{"中海油", "中国海洋石油集团有限公司"}, {"cnooc", "中国海洋石油集团有限公司"},
		{"中国能建", "中国能源建设集团有限公司"}, {"国机集团", "中国机械工业集团有限公司"},
		{"GE", "通用电气"}, {"ge", "通用电气"}, {"Siemens", "西门子"}, {"西門子", "西门子"},
		{"霍尼韦尔国际", "霍尼韦尔"}, {"CFM", "CFM国际"}, {"盒马鲜生", "盒马"},
		{"工商银行", "中国工商银行"}, {"Nestle", "雀巢"}, {"NESTLÉ", "雀巢"},
		{"东航", "中国东方航空集团有限公司"},
	} {
		o, ok := kb.OrgByName(tc.query)
		if !ok || o.Name != tc.name {
			t.Errorf("OrgByName(%q) = %q, %v; want %q", tc.query, o.Name, ok, tc.name)
		}
	}
	for _, s := range []string{"通用", "平安", "中行", "苹果", "小米"} {
		if o, ok := kb.OrgByName(s); ok {
			t.Errorf("OrgByName(%q) = %q, want no match", s, o.Name)
		}
	}
	cases := map[string]struct{ parent, countries string }{
		"上海电力股份有限公司": {"国家电投集团", "CN"},
		"盒马":         {"阿里巴巴集团", "CN"},
		"西门子能源":      {"", "DE"},
		"CFM国际":      {"", "US|FR"},
	}
	for name, want := range cases {
		o, ok := kb.OrgByName(name)
		if !ok || o.Parent != want.parent || strings.Join(o.Countries, "|") != want.countries {
			t.Errorf("OrgByName(%q) = parent %q countries %v, %v; want %+v", name, o.Parent, o.Countries, ok, want)
		}
	}
}

// sharedAliases lists forms that genuinely name two records. Keep it short.
var sharedAliases = map[string]bool{}

func TestNoSharedAliases(t *testing.T) {
	kb := loadTestKB(t)
	check := func(table string, forms map[string][]string) {
		var keys []string
		for k := range forms {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if owners := dedupe(forms[k]); len(owners) > 1 && !sharedAliases[k] {
				t.Errorf("%s: %q names %v", table, k, owners)
			}
		}
	}
	cf := map[string][]string{}
	for _, c := range kb.Countries() {
		for _, n := range c.Names() {
			cf[nameKey(n)] = append(cf[nameKey(n)], c.ISO2)
		}
	}
	check("countries", cf)
	of := map[string][]string{}
	for _, o := range kb.Orgs() {
		for _, n := range o.Names() {
			of[nameKey(n)] = append(of[nameKey(n)], o.Name)
		}
	}
	check("orgs", of)
}

func TestAliasShape(t *testing.T) {
	kb := loadTestKB(t)
	bad := func(who, a string) {
		if utf8.RuneCountInString(a) < 2 {
			t.Errorf("%s: single-character name %q", who, a)
		}
		if strings.TrimSpace(a) != a || a == "" {
			t.Errorf("%s: blank or padded name %q", who, a)
		}
	}
	for _, c := range kb.Countries() {
		for _, n := range c.Names() {
			bad(c.ISO2, n)
		}
	}
	for _, o := range kb.Orgs() {
		for _, n := range o.Names() {
			bad(o.Name, n)
		}
		for _, cc := range o.Countries {
			if _, ok := kb.CountryByISO(cc); !ok {
				t.Errorf("%s: unknown country %s", o.Name, cc)
			}
		}
	}
}

func TestReadTSVErrors(t *testing.T) {
	// The loader's row checks, exercised through splitList and the regexps.
	if _, err := splitList("a||b"); err == nil {
		t.Error("splitList accepted an empty entry")
	}
	if _, err := splitList("a| b"); err == nil {
		t.Error("splitList accepted a padded entry")
	}
	for _, id := range []string{"Q0", "q5", "Q", "Q12a"} {
		if wikidataRE.MatchString(id) {
			t.Errorf("wikidataRE accepted %q", id)
		}
	}
}
