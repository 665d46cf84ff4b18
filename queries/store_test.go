package queries

import (
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

// testQuads is a small graph in dealgraph's vocabulary: five organizations,
// five countries, two people, two products and five deals read from three
// documents. Some triples repeat under several documents, as they do when
// several articles report the same fact.
func testQuads() []quad.Quad {
	doc := func(n string) quad.IRI { return quad.IRI("https://dealgraph.dev/doc/" + n) }
	d1, d2, d3 := doc("d1"), doc("d2"), doc("d3")
	ent := dg.EntityIRI
	deal := func(n string) quad.IRI { return quad.IRI(dg.IDBase + "deal/" + n) }
	dec := func(s string) quad.Value {
		return quad.TypedString{Value: quad.String(s), Type: quad.IRI(dg.XSD + "decimal")}
	}
	s := func(v string) quad.Value { return quad.String(v) }

	var qs []quad.Quad
	add := func(sub quad.Value, p quad.IRI, o quad.Value, labels ...quad.IRI) {
		for _, l := range labels {
			qs = append(qs, quad.Make(sub, p, o, l))
		}
	}
	org := func(id, name string, country string, labels []quad.IRI, alt ...string) quad.IRI {
		n := ent("org/" + id)
		add(n, dg.Type, dg.Organization, labels...)
		add(n, dg.Name, s(name), labels...)
		for _, a := range alt {
			add(n, dg.AlternateName, s(a), labels...)
		}
		if country != "" {
			add(n, dg.CountryP, ent("country/"+country), labels...)
		}
		return n
	}
	country := func(code, name string, labels ...quad.IRI) quad.IRI {
		n := ent("country/" + code)
		add(n, dg.Type, dg.Country, labels...)
		add(n, dg.Name, s(name), labels...)
		add(n, dg.Identifier, s(code), labels...)
		return n
	}
	all := []quad.IRI{d1, d2, d3}

	cn := country("CN", "中国", all...)
	de := country("DE", "德国", d1, d3)
	country("DK", "丹麦", d2)
	th := country("TH", "泰国", d3)
	nl := country("NL", "荷兰", d3)
	_ = cn

	ceec := org("中国能源建设集团有限公司", "中国能源建设集团有限公司", "CN", []quad.IRI{d1, d2}, "中国能建")
	siemens := org("西门子", "西门子", "DE", []quad.IRI{d1, d3}, "西门子公司")
	cofco := org("中粮集团", "中粮集团", "CN", []quad.IRI{d3})
	danfoss := org("丹佛斯公司", "丹佛斯公司", "DK", []quad.IRI{d2, d3}, "丹佛斯")
	cp := org("正大集团", "正大集团", "TH", []quad.IRI{d3})
	sepc := org("上海电力股份有限公司", "上海电力股份有限公司", "CN", []quad.IRI{d3}, "上海电力")
	spic := org("国家电力投资集团有限公司", "国家电力投资集团有限公司", "CN", []quad.IRI{d3}, "国家电投")
	fc := org("皇家菲仕兰", "皇家菲仕兰", "NL", []quad.IRI{d3})
	add(sepc, dg.ParentOrganization, spic, d3)

	song := ent("person/宋海良")
	add(song, dg.Type, dg.Person, d1)
	add(song, dg.Name, s("宋海良"), d1, d2)
	add(song, dg.WorksFor, ceec, d1, d2)
	add(song, dg.JobTitle, s("党委书记、董事长"), d1, d2)
	zhang := ent("person/张三")
	add(zhang, dg.Type, dg.Person, d3)
	add(zhang, dg.Name, s("张三"), d3)
	add(zhang, dg.WorksFor, cofco, d3)
	add(zhang, dg.JobTitle, s("总经理"), d3)

	turbine := ent("product/燃气轮机")
	add(turbine, dg.Type, dg.Product, d1)
	add(turbine, dg.Name, s("燃气轮机"), d1)
	rice := ent("product/大米")
	add(rice, dg.Type, dg.Product, d3)
	add(rice, dg.Name, s("大米"), d3)

	type dealSpec struct {
		id        string
		labels    []quad.IRI
		kind      string
		buyer     quad.IRI
		partners  []quad.IRI
		countries []quad.IRI
		product   quad.IRI
		amount    string
		currency  string
		qualifier string
		cum       bool
		evidence  string
	}
	for _, d := range []dealSpec{
		{"d1-1", []quad.IRI{d1, d2}, "purchase", ceec, []quad.IRI{siemens}, []quad.IRI{de}, turbine, "458000000", "USD", "about", false,
			"中国能建与西门子签署燃气轮机采购协议，金额约4.58亿美元。"},
		{"d2-1", []quad.IRI{d2}, "cooperation", ceec, []quad.IRI{danfoss}, nil, "", "", "", "", false,
			"中国能建与丹佛斯签署战略合作协议。"},
		{"d3-1", []quad.IRI{d3}, "purchase", cofco, []quad.IRI{cp}, []quad.IRI{th}, rice, "10000000000", "USD", "over", true,
			"中粮集团过去四届累计采购泰国大米超百亿美元。"},
		{"d3-2", []quad.IRI{d3}, "purchase", sepc, []quad.IRI{siemens, danfoss}, []quad.IRI{de}, "", "15100000", "EUR", "exact", false,
			"上海电力向西门子和丹佛斯采购设备1510万欧元。"},
		{"d3-3", []quad.IRI{d3}, "intent", cofco, []quad.IRI{fc}, []quad.IRI{nl}, "", "5000000", "USD", "about", false,
			"中粮集团与皇家菲仕兰签署采购意向协议，金额约500万美元。"},
	} {
		n := deal(d.id)
		add(n, dg.Type, dg.Deal, d.labels...)
		add(n, dg.DealKind, s(d.kind), d.labels...)
		add(n, dg.Buyer, d.buyer, d.labels...)
		for _, p := range d.partners {
			add(n, dg.Partner, p, d.labels...)
		}
		for _, c := range d.countries {
			add(n, dg.CountryP, c, d.labels...)
		}
		if d.product != "" {
			add(n, dg.ProductP, d.product, d.labels...)
		}
		if d.amount != "" {
			add(n, dg.Amount, dec(d.amount), d.labels...)
			add(n, dg.Currency, s(d.currency), d.labels...)
			add(n, dg.AmountQualifier, s(d.qualifier), d.labels...)
			add(n, dg.Cumulative, quad.Bool(d.cum), d.labels...)
		}
		add(n, dg.Evidence, s(d.evidence), d.labels...)
	}
	return qs
}

// testStore is testQuads in a memstore.
func testStore(t testing.TB) cgraph.QuadStore {
	t.Helper()
	return memstore.New(testQuads()...)
}
