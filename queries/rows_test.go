package queries

import (
	"context"
	"testing"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

// rowQuads are odd values for the row helpers: literals that lit, num and
// nameOf treat each in their own way.
func rowQuads() []quad.Quad {
	typed := func(s, t string) quad.Value { return quad.TypedString{Value: quad.String(s), Type: quad.IRI(t)} }
	x := func(n string) quad.IRI { return quad.IRI("http://example.org/x#" + n) }
	a, b := quad.IRI(dg.IDBase+"org/甲"), quad.IRI(dg.IDBase+"deal/1")
	p := x("p")
	var qs []quad.Quad
	add := func(s quad.Value, pr quad.IRI, o quad.Value) { qs = append(qs, quad.Make(s, pr, o, nil)) }
	add(a, dg.Name, quad.String("甲公司"))
	add(b, dg.DealKind, quad.String("purchase"))
	add(x("k"), dg.DealKind, typed("12", dg.XSD+"integer"))
	add(x("n"), dg.Name, typed("3.50", dg.XSD+"decimal"))
	for _, o := range []quad.Value{
		a, b, x("k"), x("n"), x("nameless"), quad.IRI("urn:other"), quad.BNode("b1"),
		quad.String("plain"), quad.String(`"quoted"`), quad.String(`"a\nb\\tc\"d"`), quad.String(`"a\`), quad.String(""), quad.String(`"x\ty\u"`),
		quad.String(" 12 "), quad.String("0x1F"), quad.String("<urn:looks-like-an-iri>"), quad.String("line\u2028sep"),
		quad.LangString{Value: "hallo", Lang: "de"}, quad.LangString{Value: `say "hi"`, Lang: "en-GB"},
		typed("458000000", dg.XSD+"decimal"), typed("1.5e3", dg.XSD+"double"), typed(" 7 ", dg.XSD+"decimal"),
		typed("", dg.XSD+"decimal"), typed("abc", dg.XSD+"integer"), typed("0x10", dg.XSD+"long"), typed("Infinity", dg.XSD+"float"),
		typed("-0", dg.XSD+"decimal"), typed("true", dg.XSD+"boolean"), typed("1", dg.XSD+"boolean"), typed("no", dg.XSD+"boolean"),
		typed("tab\\tnew\\nline", "http://example.org/t#text"), typed("x", "http://example.org/no-hash"),
		typed("5", "http://example.org/t#decimalish"), typed("2024-01-02", dg.XSD+"date"),
		quad.Int(42), quad.Float(2.5), quad.Bool(true),
	} {
		add(x("s"), p, o)
	}
	add(x("t"), p, a)
	add(x("t"), p, a) // a repeated quad gives the value once
	add(x("t"), dg.Name, quad.String("t's name"))
	return qs
}

// TestRowHelpersMatchThePrelude checks valuesOf and nodeNames against the
// prelude's lit, num and nameOf on the same values, value for value
// (JSON.stringify tells a number from a string).
func TestRowHelpersMatchThePrelude(t *testing.T) {
	qs := memstore.New(append(testQuads(), rowQuads()...)...)
	src := `
var nodes = ["<http://example.org/x#s>", "<http://example.org/x#t>", "<urn:absent>", "<http://example.org/x#s>", "<http://example.org/x#nameless>"];
var preds = ["<http://example.org/x#p>", dg("name"), "<urn:no-such-predicate>"];
var fns = { lit: lit, num: num, name: nameOf };
var checked = 0;
["lit", "num", "name"].forEach(function (how) {
  var got = valuesOf(nodes, preds, how);
  if (got.length !== nodes.length) {
    g.Emit({ how: how, error: "length " + got.length });
  }
  nodes.forEach(function (n, i) {
    preds.forEach(function (p) {
      var want = JSON.stringify(outs(n, p).map(function (v) { return fns[how](v); }));
      var have = JSON.stringify(got[i][p]);
      checked++;
      if (have !== want) {
        g.Emit({ how: how, node: n, pred: p, got: have, want: want });
      }
    });
  });
});
var all = outs(nodes, null).concat(nodes, [42, "plain"]);
var names = nodeNames(all);
all.forEach(function (v, i) {
  checked++;
  if (JSON.stringify(names[i]) !== JSON.stringify(nameOf(v))) {
    g.Emit({ how: "nodeNames", node: String(v), got: JSON.stringify(names[i]), want: JSON.stringify(nameOf(v)) });
  }
});
g.Emit({ checked: checked, values: outs(nodes[0], preds[0]).length });
`
	t.Run("memstore", func(t *testing.T) {
		res, err := NewRunner().Run(context.Background(), qs, src, Options{KeepDuplicates: true})
		checkRowResult(t, res, err)
	})
	// bolt: the kv index reader, in one transaction
	t.Run("bolt", func(t *testing.T) {
		s := openBolt(t)
		if _, _, err := s.ApplyQuads(context.Background(), append(testQuads(), rowQuads()...), nil); err != nil {
			t.Fatal(err)
		}
		res, err := NewRunner().Run(context.Background(), s.QuadStore(), src, Options{KeepDuplicates: true})
		checkRowResult(t, res, err)
	})
}

func checkRowResult(t *testing.T, res *Result, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	last := res.Rows[len(res.Rows)-1]
	for _, r := range res.Rows[:len(res.Rows)-1] {
		t.Errorf("differs: %v", r)
	}
	if n, _ := last["values"].(int64); n < 30 {
		t.Errorf("only %v values of the odd node were read: %v", last["values"], last)
	}
	if n, _ := last["checked"].(int64); n < 60 {
		t.Errorf("checked %v", last["checked"])
	}
}

// TestRowHelpersHostileArguments: bad arguments end in a script error, not
// a crash or a hang.
func TestRowHelpersHostileArguments(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		wantErr   bool
	}{
		{"cyclic nodes", `var a = []; a.push(a); g.Emit(valuesOf(a, [dg("name")], "lit"))`, true},
		{"cyclic predicates", `var a = ["x"]; a.push(a); g.Emit(valuesOf(["x"], a, "lit"))`, true},
		{"cyclic nodes to nodeNames", `var a = []; a.push(a); g.Emit(nodeNames(a))`, true},
		{"an object as nodes", `var o = {}; o.self = o; g.Emit(nodeNames(o))`, true},
		{"no predicates", `g.Emit(valuesOf(["x"], null, "lit"))`, true},
		{"unknown conversion", `g.Emit(valuesOf(["x"], [dg("name")], "eval"))`, true},
		{"conversion with a hostile toString", `var o = {toString: function () { return "" + o }}; g.Emit(valuesOf(["x"], [dg("name")], o))`, true},
		{"__proto__ as a predicate", `var r = valuesOf([dg("Organization")], ["__proto__"], "lit"); g.Emit({own: Object.prototype.hasOwnProperty.call(r[0], "__proto__"), n: r[0]["__proto__"].length})`, false},
		{"nested node arrays are fine", `g.Emit(nodeNames([["x"], [[1]]]))`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := NewRunner().Run(context.Background(), fuzzStore(), tt.src, Options{Timeout: 30 * 1e9})
			checkRunResult(t, res, err, false)
			if tt.wantErr && err == nil {
				t.Errorf("no error; rows %v", res.Rows)
			}
			if !tt.wantErr && err != nil {
				t.Errorf("error: %v", err)
			}
		})
	}
}
