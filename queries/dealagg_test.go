package queries

import (
	"context"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

// TestDealsByCountryAfterWrites checks that deals-by-country's kept
// aggregate (dealagg.go) is reused while the store is unchanged and
// recomputed after every kind of write, matching the naive query each time.
func TestDealsByCountryAfterWrites(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) { testDealsByCountryAfterWrites(t, backend) })
	}
}

func testDealsByCountryAfterWrites(t *testing.T, backend string) {
	qs := corpusStore(t, backend)
	fast, naive := NewRunner(), naiveRunner(t)
	run := func(step string) string {
		t.Helper()
		opts := Options{Timeout: -1}
		want := outcome(naive.RunNamed(context.Background(), qs, "deals-by-country", nil, opts))
		got := outcome(fast.RunNamed(context.Background(), qs, "deals-by-country", nil, opts))
		if got != want {
			t.Errorf("%s: rows differ from the naive query's\n got: %.1500s\nwant: %.1500s", step, got, want)
		}
		return got
	}
	kept := func() *dealsAgg {
		fast.deals.mu.Lock()
		defer fast.deals.mu.Unlock()
		return fast.deals.agg
	}
	apply := func(action cgraph.Procedure, qs2 ...quad.Quad) {
		t.Helper()
		var ds []cgraph.Delta
		for _, q := range qs2 {
			ds = append(ds, cgraph.Delta{Quad: q, Action: action})
		}
		if err := qs.ApplyDeltas(ds, cgraph.IgnoreOpts{}); err != nil {
			t.Fatal(err)
		}
	}
	first := run("first call")
	a := kept()
	if a == nil || a.unusual {
		t.Fatalf("no aggregate kept after the first call (%+v)", a)
	}
	run("second call")
	if kept() != a {
		t.Errorf("the second call on an unchanged store recomputed the aggregate")
	}

	deal := quad.IRI("urn:test:deal/1")
	country := quad.IRI("urn:test:country/1")
	label := quad.IRI("urn:test:doc")
	added := []quad.Quad{
		quad.Make(deal, dg.Type, dg.Deal, label),
		quad.Make(deal, dg.CountryP, country, label),
		quad.Make(country, dg.Name, quad.String("测试国"), label),
		quad.Make(deal, dg.Amount, quad.TypedString{Value: "1234.5", Type: quad.IRI(dg.XSD + "decimal")}, label),
		quad.Make(deal, dg.Currency, quad.String("EUR"), label),
	}
	apply(cgraph.Add, added...)
	if got := run("after adding a deal"); got == first {
		t.Errorf("the new deal's country is missing: %.300s", got)
	}
	if kept() == a {
		t.Errorf("the aggregate was not recomputed after an add")
	}
	b := kept()
	apply(cgraph.Delete, added[3])
	run("after deleting its amount")
	if kept() == b {
		t.Errorf("the aggregate was not recomputed after a delete")
	}
	if c := kept(); c == nil || c.order == nil {
		t.Errorf("the rows were not sorted in Go although every country has a name")
	}
	// A country without a name: the script names (shortIRI) and sorts.
	apply(cgraph.Add, quad.Make(quad.IRI("urn:test:deal/2"), dg.Type, dg.Deal, label), quad.Make(quad.IRI("urn:test:deal/2"), dg.CountryP, quad.IRI("urn:test:country/2"), label))
	run("with a country without a name")
	if c := kept(); c == nil || c.unusual || c.order != nil {
		t.Errorf("a country without a name: the aggregate should leave naming and sorting to the script: %+v", c)
	}
	// An amount Go might read otherwise than JavaScript's Number(): the
	// script aggregates itself.
	apply(cgraph.Add, quad.Make(deal, dg.Amount, quad.TypedString{Value: " 0x10 ", Type: quad.IRI(dg.XSD + "decimal")}, label))
	run("with an unusual amount")
	if c := kept(); c == nil || !c.unusual {
		t.Errorf("an unusual amount was not noticed: %+v", c)
	}
}

func TestJSNum(t *testing.T) {
	dec := func(s string) quad.Value {
		return quad.TypedString{Value: quad.String(s), Type: quad.IRI(dg.XSD + "decimal")}
	}
	f := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		v     quad.Value
		want  *float64
		usual bool
	}{
		{dec("458000000"), f(458000000), true},
		{dec("1.5e3"), f(1500), true},
		{dec(""), f(0), true},
		{dec(" 12"), nil, false},
		{dec("0x10"), nil, false},
		{dec("Infinity"), nil, false},
		{dec("1e400"), nil, false},
		{quad.String("12.25"), f(12.25), true},
		{quad.String(""), nil, true},
		{quad.String("abc"), nil, false},
		{quad.Int(7), f(7), true},
		{quad.Bool(true), nil, true},
		{quad.TypedString{Value: "1", Type: quad.IRI(dg.XSD + "boolean")}, nil, true},
	} {
		got, usual := jsNum(tt.v)
		if usual != tt.usual || (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("jsNum(%#v) = %v, %v; want %v, %v", tt.v, deref(got), usual, deref(tt.want), tt.usual)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
