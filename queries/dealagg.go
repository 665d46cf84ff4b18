package queries

import (
	"encoding/binary"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/dop251/goja"
	hkv "github.com/hidal-go/hidalgo/kv"

	dg "github.com/dealgraph/dealgraph/graph"
)

// Deals per country, aggregated in Go and kept while the store is unchanged.
//
// The named query deals-by-country reads every deal of the store: on a
// graph of a million quads its JavaScript took 1.4 s, most of it handing
// tens of thousands of values to JavaScript and back. dealsByCountry()
// computes the same aggregate in Go from the kv indexes (one index scan per
// deal, the quads of the four predicates it needs) and the Runner keeps it
// keyed by the store and its state: Cayley's kv stores give every added
// quad a new ID from a counter (the "horizon") and count the live quads
// ("size"), so an add moves the horizon and a delete lowers the size; no
// write leaves both as they were. Both are read in the transaction that
// computes the aggregate, and again (one small read) on every later call.
//
// What a call costs (1M-quad bench graph, bench/RESULTS.md): a warm server
// call reads the two counters, hands 195 countries to JavaScript and names
// them; a cold call (the CLI, each run a new process, or the first call
// after a write) also computes the aggregate.
//
// The result equals the JavaScript aggregate (kept in deals-by-country.js
// for the stores without kv indexes, and in testdata/naive): countries in
// the order the script's objects would list them, amounts summed in the
// same order as float64, as JavaScript numbers are. Where the data is
// unusual enough that Go's reading of a value could differ from the
// prelude's lit() and num() (an amount that is not a plain decimal
// number, a currency that is not text, a country that is not an IRI),
// dealsByCountry returns null and the script aggregates itself.

// dealsAgg is the aggregate of one store state.
type dealsAgg struct {
	db               hkv.KV
	state            string
	countries        []countryAgg
	unusual, noIndex bool
	// order is the countries' row order, nil when the script must name
	// and sort them itself (sortRows)
	order []int
}

// countryAgg is one country's deals.
type countryAgg struct {
	country, name uint64 // name: its first schema:name (0: none)
	// the two as JavaScript values (natives.native), kept with the
	// aggregate: a warm call reads nothing but the store's counters
	countryJS, nameJS any
	deals, withMoney  int
	totals            []currencySum // in the order of first use
}

type currencySum struct {
	currency string
	sum      float64
}

// dealsCache keeps the latest aggregate of a Runner.
type dealsCache struct {
	mu  sync.Mutex
	agg *dealsAgg
}

// dealsByCountry() returns {rows: [...]}, the rows deals-by-country.js
// would emit, in its order, when every country has a plain text name; or
// else {countries: [...]}: per country {country, name, deals, withAmount,
// totals: [[currency, sum], ...]} (name: the country's first schema:name,
// as value(country, "name") gives it, or null) in the order of deals-by-country.js's
// aggregate, or null when the store has no kv indexes or unusual values.
func (n *natives) dealsByCountry(call goja.FunctionCall) goja.Value {
	if n.kvx == nil {
		return goja.Null()
	}
	var agg *dealsAgg
	err := n.kvx.view(n.ctx, &n.reads, func(t *kvTx) error {
		state, known, err := t.storeState()
		if err != nil {
			return err
		}
		// Without both counters (an empty store, another layout) nothing
		// tells a later call that the store changed: no keeping.
		keep := n.deals != nil && known
		if c := n.deals; keep {
			c.mu.Lock()
			a := c.agg
			c.mu.Unlock()
			if a != nil && a.db == n.kvx.db && a.state == state {
				agg = a
				return nil
			}
		}
		a, err := aggregateDeals(n, t)
		if err != nil {
			return err
		}
		for i := range a.countries {
			c := &a.countries[i]
			c.countryJS = n.native(kv.Int64Value(c.country))
			if c.name != 0 {
				c.nameJS = n.native(kv.Int64Value(c.name))
			}
		}
		a.sortRows()
		a.db, a.state = n.kvx.db, state
		if c := n.deals; keep {
			c.mu.Lock()
			c.agg = a
			c.mu.Unlock()
		}
		agg = a
		return nil
	})
	if err != nil {
		n.check()
		n.throw(err)
	}
	n.check()
	if agg.unusual || agg.noIndex {
		return goja.Null()
	}
	res := n.vm.NewObject()
	if agg.order != nil {
		// Every country has a plain text name: the rows as the script
		// would emit them, sorted as it sorts them.
		rows := make([]any, 0, len(agg.order))
		for _, i := range agg.order {
			c := agg.countries[i]
			o := n.vm.NewObject()
			o.Set("country", c.nameJS)
			o.Set("deals", c.deals)
			o.Set("withAmount", c.withMoney)
			totals := n.vm.NewObject()
			for _, t := range c.totals {
				totals.Set(t.currency, t.sum)
			}
			o.Set("totals", totals)
			rows = append(rows, o)
		}
		res.Set("rows", n.vm.NewArray(rows...))
		return res
	}
	out := make([]any, 0, len(agg.countries))
	for _, c := range agg.countries {
		o := n.vm.NewObject()
		o.Set("country", c.countryJS)
		o.Set("name", c.nameJS)
		o.Set("deals", c.deals)
		o.Set("withAmount", c.withMoney)
		totals := make([]any, 0, len(c.totals))
		for _, t := range c.totals {
			totals = append(totals, n.vm.NewArray(t.currency, t.sum))
		}
		o.Set("totals", n.vm.NewArray(totals...))
		out = append(out, o)
	}
	res.Set("countries", n.vm.NewArray(out...))
	return res
}

// sortRows sets agg.order, the countries in the script's row order (most
// deals first, then by name as JavaScript compares strings: by UTF-16
// code units; equal ones as they came), when every country's name is plain
// text, which lit() returns unchanged.
func (agg *dealsAgg) sortRows() {
	names := make([][]uint16, len(agg.countries))
	for i, c := range agg.countries {
		s, ok := c.nameJS.(string)
		if !ok || strings.HasPrefix(s, "\"") {
			return
		}
		names[i] = utf16.Encode([]rune(s))
	}
	order := make([]int, len(agg.countries))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := agg.countries[order[i]], agg.countries[order[j]]
		if a.deals != b.deals {
			return a.deals > b.deals
		}
		return slices.Compare(names[order[i]], names[order[j]]) < 0
	})
	agg.order = order
}

// aggregateDeals is deals-by-country.js's aggregate, read in t.
func aggregateDeals(n *natives, t *kvTx) (*dealsAgg, error) {
	x := n.kvx
	ids := map[quad.IRI]uint64{}
	for _, iri := range []quad.IRI{dg.Type, dg.Deal, dg.CountryP, dg.Partner, dg.Amount, dg.Currency, dg.Name} {
		r, ok := n.qs.ValueOf(iri).(kv.Int64Value)
		if !ok {
			if n.qs.ValueOf(iri) != nil {
				return &dealsAgg{noIndex: true}, nil
			}
			r = 0 // not stored: nothing has it
		}
		ids[iri] = uint64(r)
	}
	agg := &dealsAgg{}
	if ids[dg.Type] == 0 || ids[dg.Deal] == 0 {
		return agg, nil
	}
	var deals []uint64
	if err := t.subjects(x, ids[dg.Deal], ids[dg.Type], nil, func(_, s uint64) { deals = append(deals, s) }); err != nil {
		return nil, err
	}
	type dealFacts struct {
		countries, partners, amounts, currencies []uint64
	}
	wanted := map[uint64]int{ids[dg.CountryP]: 0, ids[dg.Partner]: 1, ids[dg.Amount]: 2, ids[dg.Currency]: 3}
	delete(wanted, 0)
	facts := make([]dealFacts, len(deals))
	for i, d := range deals {
		if err := t.ctx.Err(); err != nil {
			return nil, err
		}
		var lists [4][]byte
		it := t.rtx.Scan(x.sp.Key([]uint64{d}))
		for it.Next(t.ctx) {
			k := it.Key()
			last := k[len(k)-1]
			if len(last) < 16 {
				continue
			}
			if w, ok := wanted[binary.BigEndian.Uint64(last[len(last)-8:])]; ok {
				lists[w] = append([]byte(nil), it.Val()...)
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, err
		}
		f := &facts[i]
		for w, dst := range []*[]uint64{&f.countries, &f.partners, &f.amounts, &f.currencies} {
			if lists[w] == nil {
				continue
			}
			p := []uint64{ids[dg.CountryP], ids[dg.Partner], ids[dg.Amount], ids[dg.Currency]}[w]
			if err := t.objectsOf(x, d, p, lists[w], func(o uint64) { *dst = append(*dst, o) }); err != nil {
				return nil, err
			}
		}
	}
	// byDeal: each deal's countries, in the script's insertion order: the
	// deals with a country of their own first, then the others.
	partnerCountries := func(p uint64) ([]uint64, error) {
		var out []uint64
		if ids[dg.CountryP] == 0 {
			return nil, nil
		}
		err := t.objects(x, p, ids[dg.CountryP], func(o uint64) { out = append(out, o) })
		return out, err
	}
	byDeal := make([][]uint64, len(deals))
	add := func(i int, c uint64) {
		for _, have := range byDeal[i] {
			if have == c {
				return
			}
		}
		byDeal[i] = append(byDeal[i], c)
	}
	var order []int
	for i := range deals {
		for _, c := range facts[i].countries {
			add(i, c)
		}
		if len(byDeal[i]) > 0 {
			order = append(order, i)
		}
	}
	for i := range deals {
		had := len(byDeal[i]) > 0
		for _, p := range facts[i].partners {
			cs, err := partnerCountries(p)
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				add(i, c)
			}
		}
		if !had && len(byDeal[i]) > 0 {
			order = append(order, i)
		}
	}
	// Values read in Go must read as lit() and num() read them.
	amountOf := map[uint64]*float64{}
	currencyOf := map[uint64]string{}
	value := func(id uint64) (quad.Value, error) {
		*t.reads++
		p, err := dg.KVPrimitive(t.ctx, t.rtx, id)
		if err != nil || p == nil {
			return nil, err
		}
		return pquads.UnmarshalValue(p.Value)
	}
	iriChecked := map[uint64]bool{}
	index := map[uint64]int{}
	for _, i := range order {
		var amount *float64
		currency := ""
		f := facts[i]
		money := len(f.amounts) > 0 && len(f.currencies) > 0
		if money {
			a, usual, err := memoValue(amountOf, f.amounts[0], value, jsNum)
			if err != nil {
				return nil, err
			}
			c, usual2, err := memoValue(currencyOf, f.currencies[0], value, jsText)
			if err != nil {
				return nil, err
			}
			if !usual || !usual2 {
				return &dealsAgg{unusual: true}, nil
			}
			amount, currency = a, c
		}
		for _, c := range byDeal[i] {
			if !iriChecked[c] {
				v, err := value(c)
				if err != nil {
					return nil, err
				}
				if _, ok := v.(quad.IRI); !ok {
					return &dealsAgg{unusual: true}, nil
				}
				iriChecked[c] = true
			}
			k, ok := index[c]
			if !ok {
				k = len(agg.countries)
				index[c] = k
				var name uint64
				if ids[dg.Name] != 0 {
					if err := t.objects(x, c, ids[dg.Name], func(o uint64) {
						if name == 0 {
							name = o
						}
					}); err != nil {
						return nil, err
					}
				}
				agg.countries = append(agg.countries, countryAgg{country: c, name: name})
			}
			ca := &agg.countries[k]
			ca.deals++
			if money && amount != nil {
				ca.withMoney++
				j := 0
				for j < len(ca.totals) && ca.totals[j].currency != currency {
					j++
				}
				if j == len(ca.totals) {
					ca.totals = append(ca.totals, currencySum{currency: currency})
				}
				ca.totals[j].sum += *amount
			}
		}
	}
	return agg, nil
}

// plainNumber is the text of a number that JavaScript's Number() and Go's
// ParseFloat read alike.
var plainNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

var litForm = regexp.MustCompile(`^"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@[A-Za-z0-9-]+)?$`)

var numericType = regexp.MustCompile(`#(decimal|integer|int|long|double|float)$`)

// jsNum is num() of the value as Gizmo hands it to JavaScript: the number,
// or nil for null. usual is false where Go could read it otherwise than
// JavaScript does (Number() of text that is not a plain decimal number).
// memoValue converts node id's value with conv once, keeping it in m;
// usual is conv's verdict (false: the script must aggregate itself).
func memoValue[T any](m map[uint64]T, id uint64, value func(uint64) (quad.Value, error), conv func(quad.Value) (T, bool)) (x T, usual bool, err error) {
	if x, ok := m[id]; ok {
		return x, true, nil
	}
	v, err := value(id)
	if err != nil {
		return x, false, err
	}
	if x, usual = conv(v); usual {
		m[id] = x
	}
	return x, usual, nil
}

func jsNum(v quad.Value) (num *float64, usual bool) {
	number := func(text string) (*float64, bool) {
		if !plainNumber.MatchString(text) {
			return nil, false
		}
		x, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, false
		}
		return &x, true
	}
	switch x := jsNative(v).(type) {
	case int64:
		if x > 1<<53 || x < -(1<<53) {
			return nil, false
		}
		f := float64(x)
		return &f, true
	case float64:
		return &x, true
	case bool:
		return nil, true
	case string:
		text := x
		if strings.HasPrefix(x, "\"") {
			t, typ, ok := litParts(x)
			switch {
			case !ok:
				return nil, true // Number("\"…") is NaN
			case numericType.MatchString(typ):
				if t == "" {
					zero := 0.0
					return &zero, true // Number("") is 0
				}
				return number(t)
			case strings.HasSuffix(typ, "#boolean"):
				return nil, true
			}
			text = t
		}
		if text == "" {
			return nil, true
		}
		return number(text)
	}
	return nil, false
}

// jsText is lit() of the value when it is text (usual false otherwise).
func jsText(v quad.Value) (string, bool) {
	s, ok := jsNative(v).(string)
	if !ok {
		return "", false
	}
	if !strings.HasPrefix(s, "\"") {
		return s, plainKey(s)
	}
	text, typ, isLit := litParts(s)
	if !isLit {
		return s, plainKey(s)
	}
	if numericType.MatchString(typ) || strings.HasSuffix(typ, "#boolean") {
		return "", false
	}
	return text, plainKey(text)
}

// plainKey tells whether JavaScript keeps s as an object key in insertion
// order (not an array index, which it would list first).
func plainKey(s string) bool {
	if s == "" {
		return true
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return true
		}
	}
	return false
}

// litParts splits lit()'s quoted form: its text (unescaped as lit() does)
// and its type IRI.
func litParts(s string) (text, typ string, ok bool) {
	m := litForm.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	var b strings.Builder
	for i := 0; i < len(m[1]); i++ {
		c := m[1][i]
		if c == '\\' && i+1 < len(m[1]) {
			i++
			switch m[1][i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(m[1][i])
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), m[2], true
}

// jsNative is natives.native for a value: what Gizmo hands to JavaScript.
func jsNative(v quad.Value) any {
	if v == nil {
		return nil
	}
	out := v.Native()
	if nv, ok := out.(quad.Value); ok && v == nv {
		return quad.StringOf(v)
	}
	return out
}
