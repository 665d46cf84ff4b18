package queries

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/dop251/goja"

	dg "github.com/dealgraph/dealgraph/graph"
)

// Row building in Go: valuesOf and nodeNames.
//
// A named query about a hub company builds hundreds of rows, each from a
// dozen values turned into text by the prelude's nameOf, lit and num. Done
// in JavaScript that cost 55-75% of the run (function calls, lit's regular
// expressions, garbage), more than reading the store. The two helpers
// below read the values of many nodes in one transaction and convert them
// in Go, by the prelude's rules exactly (checked against the JavaScript
// versions in rows_test.go):
//
//   valuesOf(nodes, preds, how)
//                  for each of nodes (in order, repeats kept) an object
//                  mapping each predicate of preds, in the form given, to
//                  the array of the node's distinct values (outs(node,
//                  pred)) as how says: "lit" (lit(v)), "num" (num(v)) or
//                  "name" (nameOf(v))
//   nodeNames(nodes)
//                  nameOf(node) for each of nodes, in order
//
// Like the other helpers they check the run's context and count their
// reads against its budget.

// rowHelpers holds the per-run state of the row helpers.
type rowHelpers struct {
	nameRef, kindRef cgraph.Ref
	refsDone         bool
	// names memoises nameOf by the node's JavaScript form.
	names map[string]goja.Value
	// prefixes are package graph's prefixes in the order of dgPrefixes()'s
	// keys (sorted), as shortIRI walks them.
	prefixes [][2]string
}

func (n *natives) installRows() error {
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"valuesOf":  n.valuesOf,
		"nodeNames": n.nodeNames,
	} {
		if err := n.vm.Set(name, fn); err != nil {
			return fmt.Errorf("queries: install helper %s: %w", name, err)
		}
	}
	return nil
}

// conversion is how valuesOf converts each value.
type conversion int

const (
	convLit conversion = iota
	convNum
	convName
)

// valuesOf(nodes, preds, how): see above.
func (n *natives) valuesOf(call goja.FunctionCall) goja.Value {
	vs, _ := n.jsValues(call.Argument(0))
	pvs, given := n.jsValues(call.Argument(1))
	if !given {
		n.throw(fmt.Errorf("valuesOf: give the predicates (a predicate or an array), not %s", call.Argument(1)))
	}
	var how conversion
	switch h := call.Argument(2).String(); h {
	case "lit":
	case "num":
		how = convNum
	case "name":
		how = convName
	default:
		n.throw(fmt.Errorf("valuesOf: how must be \"lit\", \"num\" or \"name\", got %q", h))
	}
	// Each predicate's key (its JavaScript form) and ref (nil: not stored).
	type predKey struct {
		key string
		ref cgraph.Ref
	}
	preds := make([]predKey, 0, len(pvs))
	for _, p := range pvs {
		k := n.vm.ToValue(nativeOf(p)).String()
		var ref cgraph.Ref
		if rs := n.refs([]quad.Value{p}); len(rs) > 0 {
			ref = rs[0]
		}
		preds = append(preds, predKey{k, ref})
	}
	// On kv stores the predicates' values of a node are read with one scan
	// of its index keys (outLinksKept, once per run), not one index seek
	// per predicate.
	var only map[uint64]bool
	if n.kvx != nil {
		only = map[uint64]bool{}
		for _, p := range preds {
			if id, ok := p.ref.(kv.Int64Value); ok {
				only[uint64(id)] = true
			} else if p.ref != nil {
				only = nil
				break
			}
		}
	}
	convert := func(x goja.Value) goja.Value {
		switch how {
		case convNum:
			return n.numJS(x)
		case convName:
			return n.nameJS(x)
		}
		return n.litJS(x)
	}
	out := make([]any, 0, len(vs))
	n.inOneTx(func() {
		for _, v := range vs {
			n.check()
			var ref cgraph.Ref
			if rs := n.refs([]quad.Value{v}); len(rs) > 0 {
				ref = rs[0]
			}
			// The values of each predicate, by the predicate's ref key.
			byPred := map[any][]any{}
			seen := map[any]*refSet{}
			add := func(p, o cgraph.Ref) {
				k := cgraph.ToKey(p)
				s := seen[k]
				if s == nil {
					s = &refSet{}
					seen[k] = s
				}
				if !s.add(o) {
					return
				}
				if x := n.jsValue(o); x != nil {
					byPred[k] = append(byPred[k], convert(x))
				}
			}
			id, isKV := ref.(kv.Int64Value)
			switch {
			case ref == nil:
			case isKV && only != nil && n.tx != nil:
				if err := n.tx.outLinksKept(n.kvx, uint64(id), only, func(p, o uint64) { add(kv.Int64Value(p), kv.Int64Value(o)) }); err != nil {
					n.check()
					n.throw(fmt.Errorf("reading the graph: %w", err))
				}
			default:
				for _, p := range preds {
					if p.ref != nil {
						n.each([]cgraph.Ref{ref}, quad.Subject, []cgraph.Ref{p.ref}, nil, add)
					}
				}
			}
			obj := n.vm.NewObject()
			for _, p := range preds {
				var vals []any
				if p.ref != nil {
					vals = byPred[cgraph.ToKey(p.ref)]
				}
				if vals == nil {
					vals = []any{}
				}
				if err := obj.DefineDataProperty(p.key, n.vm.NewArray(vals...), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
					n.throw(err)
				}
			}
			out = append(out, obj)
		}
	})
	return n.vm.NewArray(out...)
}

// nodeNames(nodes): see above.
func (n *natives) nodeNames(call goja.FunctionCall) goja.Value {
	var ids []goja.Value
	n.jsEach(call.Argument(0), func(x goja.Value) { ids = append(ids, x) })
	out := make([]any, 0, len(ids))
	n.inOneTx(func() {
		for i, id := range ids {
			if i%256 == 0 {
				n.check()
			}
			out = append(out, n.nameJS(id))
		}
	})
	return n.vm.NewArray(out...)
}

// inOneTx runs fn in one kv read transaction (on kv stores, when no
// helper's transaction is under way).
func (n *natives) inOneTx(fn func()) {
	if n.kvx == nil || n.tx != nil {
		fn()
		return
	}
	if err := n.inTx(func(*kvTx) error { fn(); return nil }); err != nil {
		n.check()
		n.throw(fmt.Errorf("reading the graph: %w", err))
	}
}

// nativeOf is the JavaScript form of a quad value, as native gives it.
func nativeOf(v quad.Value) any {
	if v == nil {
		return ""
	}
	out := v.Native()
	if nv, ok := out.(quad.Value); ok && v == nv {
		return quad.StringOf(v)
	}
	return out
}

// rowRefs looks up the predicates nameOf reads.
func (n *natives) rowRefs() {
	r := &n.rows
	if r.refsDone {
		return
	}
	r.refsDone = true
	if rs := n.refs([]quad.Value{dg.Name}); len(rs) > 0 {
		r.nameRef = rs[0]
	}
	if rs := n.refs([]quad.Value{dg.DealKind}); len(rs) > 0 {
		r.kindRef = rs[0]
	}
	keys := make([]string, 0, len(dg.Prefixes))
	for k := range dg.Prefixes {
		keys = append(keys, k)
	}
	sort.Strings(keys) // dgPrefixes() is the JSON of the map: sorted keys
	for _, k := range keys {
		r.prefixes = append(r.prefixes, [2]string{k, dg.Prefixes[k]})
	}
	r.names = map[string]goja.Value{}
}

// firstValue is value(id, pred): the first of outs(id, pred), or nil.
func (n *natives) firstValue(id goja.Value, pred cgraph.Ref) goja.Value {
	if pred == nil {
		return nil
	}
	qv, err := toQuadValue(id.Export())
	if err != nil {
		return nil
	}
	rs := n.refs([]quad.Value{qv})
	if len(rs) == 0 {
		return nil
	}
	// On kv stores, the first live quad's object: one list read and one
	// quad read (a name is restated once per document).
	sid, ok1 := rs[0].(kv.Int64Value)
	pid, ok2 := pred.(kv.Int64Value)
	if ok1 && ok2 && n.kvx != nil && n.tx != nil {
		o, ok, err := n.tx.firstObject(n.kvx, uint64(sid), uint64(pid))
		if err != nil {
			n.check()
			n.throw(fmt.Errorf("reading the graph: %w", err))
		}
		if !ok {
			return nil
		}
		if v := n.jsValue(kv.Int64Value(o)); v != nil {
			return v
		}
		// a value the log does not hold: the next one, as outs gives it
	}
	var first goja.Value
	n.each(rs, quad.Subject, []cgraph.Ref{pred}, nil, func(_, o cgraph.Ref) {
		if first == nil {
			first = n.jsValue(o)
		}
	})
	return first
}

// nameJS is the prelude's nameOf(id) (readName, remembered for the run).
func (n *natives) nameJS(id goja.Value) goja.Value {
	n.rowRefs()
	var key string
	if _, isObj := id.(*goja.Object); !isObj {
		key = jsTypeOf(id) + ":" + id.String()
		if v, ok := n.rows.names[key]; ok {
			return v
		}
	}
	var out goja.Value
	if nm := n.firstValue(id, n.rows.nameRef); nm != nil {
		out = n.litJS(nm)
	} else if kind := n.firstValue(id, n.rows.kindRef); kind != nil {
		out = n.vm.ToValue(n.litJS(kind).String() + " deal " + n.shortIRI(id))
	} else {
		out = n.vm.ToValue(n.shortIRI(id))
	}
	if key != "" {
		if _, isObj := out.(*goja.Object); !isObj {
			n.rows.names[key] = out
		}
	}
	return out
}

// jsTypeOf is JavaScript's typeof of a primitive.
func jsTypeOf(v goja.Value) string {
	switch v.Export().(type) {
	case string:
		return "string"
	case int64, float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "other"
}

// shortIRI is the prelude's shortIRI.
func (n *natives) shortIRI(id goja.Value) string {
	s, ok := jsString(id)
	if !ok || !isIRIString(s) {
		return id.String()
	}
	s = s[1 : len(s)-1]
	best := -1
	for i, p := range n.rows.prefixes {
		if strings.HasPrefix(s, p[1]) && (best < 0 || len(p[1]) > len(n.rows.prefixes[best][1])) {
			best = i
		}
	}
	if best < 0 {
		return "<" + s + ">"
	}
	return n.rows.prefixes[best][0] + ":" + s[len(n.rows.prefixes[best][1]):]
}

// jsString returns a JavaScript string value as goja holds it (invalid
// UTF-8 of the store already replaced), and whether v is one.
func jsString(v goja.Value) (string, bool) {
	if _, isObj := v.(*goja.Object); isObj || v == nil {
		return "", false
	}
	if _, ok := v.Export().(string); !ok {
		return "", false
	}
	return v.String(), true
}

// isIRIString is the prelude's isIRI for a string.
func isIRIString(s string) bool {
	return len(s) > 1 && s[0] == '<' && s[len(s)-1] == '>'
}

// litJS is the prelude's lit(v).
func (n *natives) litJS(v goja.Value) goja.Value {
	s, ok := jsString(v)
	if !ok || !strings.HasPrefix(s, `"`) {
		return v
	}
	text, typ, ok := parseLiteral(s)
	if !ok {
		return v
	}
	if isNumberType(typ) {
		num := n.vm.ToValue(text).ToNumber()
		if math.IsNaN(num.ToFloat()) {
			return n.vm.ToValue(text)
		}
		return num
	}
	if strings.HasSuffix(typ, "#boolean") {
		return n.vm.ToValue(text == "true" || text == "1")
	}
	return n.vm.ToValue(text)
}

// numJS is the prelude's num(v).
func (n *natives) numJS(v goja.Value) goja.Value {
	x := n.litJS(v)
	if _, isObj := x.(*goja.Object); isObj {
		return goja.Null()
	}
	switch e := x.Export().(type) {
	case int64, float64:
		return x
	case string:
		if e != "" {
			if num := x.ToNumber(); !math.IsNaN(num.ToFloat()) {
				return num
			}
		}
	}
	return goja.Null()
}

// isNumberType is /#(decimal|integer|int|long|double|float)$/.
func isNumberType(typ string) bool {
	i := strings.LastIndexByte(typ, '#')
	if i < 0 {
		return false
	}
	switch typ[i+1:] {
	case "decimal", "integer", "int", "long", "double", "float":
		return true
	}
	return false
}

// jsLineTerminator tells the characters JavaScript's "." does not match.
func jsLineTerminator(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
}

// parseLiteral is lit's /^"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@[A-Za-z0-9-]+)?$/
// followed by its unescaping of \n, \t and \X: the text, the type ("" when
// none) and whether s matched.
func parseLiteral(s string) (text, typ string, ok bool) {
	// s starts with '"'. The body ends at the first '"' not escaped (the
	// body cannot hold one); what follows must be the suffix.
	var b strings.Builder
	i := 1
	for {
		if i >= len(s) {
			return "", "", false
		}
		c := s[i]
		if c == '"' {
			break
		}
		if c == '\\' {
			r, size := utf8.DecodeRuneInString(s[i+1:])
			if size == 0 || jsLineTerminator(r) {
				return "", "", false
			}
			switch r {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteString(s[i+1 : i+1+size])
			}
			i += 1 + size
			continue
		}
		b.WriteByte(c)
		i++
	}
	rest := s[i+1:]
	switch {
	case rest == "":
	case strings.HasPrefix(rest, "^^<") && strings.HasSuffix(rest, ">") && !strings.Contains(rest[3:len(rest)-1], ">"):
		typ = rest[3 : len(rest)-1]
	case strings.HasPrefix(rest, "@") && len(rest) > 1 && strings.Trim(rest[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") == "":
	default:
		return "", "", false
	}
	return b.String(), typ, true
}
