package queries

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/dop251/goja"
)

// Native walks: why the prelude has Go helpers.
//
// Cayley v0.7.7 plans g.V(x).In(p) as the intersection of the quads whose
// object is x with the quads whose predicate is p, and it iterates the
// predicate's side: on a graph of a million quads, In(dg("partner")) from
// one company reads every partner quad of the store (seconds), where the
// quads of the company alone are a few hundred. The kv stores index quads
// by node (QuadStore.QuadIterator(direction, node)), so starting there and
// filtering by predicate costs what the node has.
//
// The helpers below do exactly that and nothing else: they read the quads
// of the given nodes in one direction, keep those with the given
// predicates, and hand the distinct nodes at the other end to JavaScript in
// the form Gizmo's ToArray uses ("<iri>" for nodes, "\"…\"^^<type>" for
// typed literals, plain strings for plain literals). prelude.js builds
// entity, values, isA and edges on them; named queries use them to start
// from the selective end.
//
// Results are plain JavaScript arrays and objects, new on every call: a
// Go slice handed over as is would be shared by every row that emits it,
// and Gizmo's Emit rewrites the slices it is given in place.
//
// They run inside the sandbox: every call checks the run's context (the
// time limit, and the stop of a run that hit its row or byte cap), and a
// run reads at most maxNativeReads quads through them.

// nativeGlobals are the names the helpers are installed under; the sandbox
// test allows them as reviewed globals.
var nativeGlobals = []string{"outs", "ins", "links", "outsBy", "shortestPath", "dealsByCountry", "valuesOf", "nodeNames"}

// maxNativeReads bounds the quads one run reads through the helpers.
const maxNativeReads = 50_000_000

// errNativeBudget stops a run that read too many quads through the helpers.
var errNativeBudget = fmt.Errorf("the query read more than %d quads through outs/ins/links; start from a named entity, or narrow it", maxNativeReads)

// natives are the helpers of one run.
type natives struct {
	ctx       context.Context
	qs        cgraph.QuadStore
	vm        *goja.Runtime
	reads     int
	names     map[any]any               // ref key → JS value of the node
	jsNames   map[any]goja.Value        // ref key → the same as a goja value
	kvNames   map[uint64]goja.Value     // the same for kv IDs, without boxing them
	valueRefs map[quad.Value]cgraph.Ref // value → its ref (nil: not stored)
	// kvx reads the kv indexes directly; nil for other stores.
	kvx *kvIndex
	// tx is the kv transaction of the read under way (nil between reads):
	// native reads values in it rather than through NameOf, which begins a
	// transaction per value.
	tx *kvTx
	// deals keeps the Runner's deals-by-country aggregate (nil: none).
	deals *dealsCache
	// paths keeps shortestPath's edges across runs (nil: none).
	paths *PathCache
	// rows is the state of valuesOf and nodeNames (rows.go).
	rows rowHelpers
}

// installNatives sets the helpers on vm for a run against qs under ctx.
func installNatives(ctx context.Context, vm *goja.Runtime, qs cgraph.QuadStore, deals *dealsCache, paths *PathCache) error {
	n := &natives{ctx: ctx, qs: qs, vm: vm, names: map[any]any{}, jsNames: map[any]goja.Value{}, kvNames: map[uint64]goja.Value{}, valueRefs: map[quad.Value]cgraph.Ref{}, kvx: newKVIndex(qs), deals: deals, paths: paths}
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"outs":   n.outs,
		"ins":    n.ins,
		"links":  n.links,
		"outsBy": n.outsBy,
		// path.go
		"shortestPath": n.shortestPath,
		// dealagg.go
		"dealsByCountry": n.dealsByCountry,
	} {
		if err := vm.Set(name, fn); err != nil {
			return fmt.Errorf("queries: install helper %s: %w", name, err)
		}
	}
	return n.installRows()
}

// throw raises err in JavaScript.
func (n *natives) throw(err error) {
	panic(n.vm.NewGoError(err))
}

// check fails the call when the run is over or over budget.
func (n *natives) check() {
	if err := n.ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			n.throw(&TimeoutError{})
		}
		n.throw(errStopped)
	}
	if n.reads > maxNativeReads {
		n.throw(errNativeBudget)
	}
}

// jsValues turns a helper's argument (a string, a number, an array of
// them, or null/undefined) into quad values the way g.V does.
func (n *natives) jsValues(v goja.Value) ([]quad.Value, bool) {
	var out []quad.Value
	given := n.jsEach(v, func(x goja.Value) {
		qv, err := toQuadValue(x.Export())
		if err != nil {
			n.throw(err)
		}
		out = append(out, qv)
	})
	return out, given
}

// jsEach calls fn with each value of a helper's argument (a string, a
// number, an array of them, nested arrays flattened; String objects as
// strings), and tells whether the argument was given (not null or
// undefined).
func (n *natives) jsEach(v goja.Value, fn func(goja.Value)) bool {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return false
	}
	// Arrays are walked here, element by element, not with Export: Export
	// follows an array that contains itself until Go's stack overflows,
	// which no recover catches (var a = []; a.push(a); outs(a)).
	var add func(x goja.Value, depth int)
	add = func(x goja.Value, depth int) {
		if x == nil || goja.IsUndefined(x) || goja.IsNull(x) {
			return
		}
		if o, ok := x.(*goja.Object); ok && o.ClassName() == "Array" {
			if depth >= maxNativeArgDepth {
				n.throw(fmt.Errorf("nodes nested more than %d arrays deep (an array that contains itself?)", maxNativeArgDepth))
			}
			l := o.Get("length").ToInteger()
			for i := int64(0); i < l; i++ {
				if i%4096 == 0 {
					n.check()
				}
				add(o.Get(strconv.FormatInt(i, 10)), depth+1)
			}
			return
		}
		if o, ok := x.(*goja.Object); ok {
			switch o.ClassName() {
			case "String":
				x = n.vm.ToValue(o.String())
			case "Date", "Number", "Boolean":
			default:
				n.throw(fmt.Errorf("expected a node (string) or an array of nodes, got an object (%s)", o.ClassName()))
			}
		}
		fn(x)
	}
	add(v, 0)
	return true
}

// maxNativeArgDepth bounds how deep the helpers follow nested arrays.
const maxNativeArgDepth = 8

// toQuadValue is Gizmo's conversion of a JavaScript value to a quad value.
func toQuadValue(o any) (quad.Value, error) {
	switch v := o.(type) {
	case quad.Value:
		return v, nil
	case string:
		return quad.StringToValue(v), nil
	case bool:
		return quad.Bool(v), nil
	case int:
		return quad.Int(v), nil
	case int64:
		return quad.Int(v), nil
	case float64:
		if float64(int(v)) == v {
			return quad.Int(int64(v)), nil
		}
		return quad.Float(v), nil
	case time.Time:
		return quad.Time(v), nil
	}
	return nil, fmt.Errorf("expected a node (string) or an array of nodes, got %T", o)
}

// refs looks values up in the store, dropping those it does not hold.
func (n *natives) refs(vs []quad.Value) []cgraph.Ref {
	out := make([]cgraph.Ref, 0, len(vs))
	for _, v := range vs {
		r, ok := n.valueRefs[v]
		if !ok {
			r = n.qs.ValueOf(v)
			n.valueRefs[v] = r
		}
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// native is the JavaScript form of a stored value, as Gizmo's ToArray
// gives it (Raw collation).
func (n *natives) native(r cgraph.Ref) any {
	k := cgraph.ToKey(r)
	if v, ok := n.names[k]; ok {
		return v
	}
	var out any
	var v quad.Value
	if id, ok := r.(kv.Int64Value); ok && n.tx != nil {
		var err error
		if v, err = n.tx.value(uint64(id)); err != nil {
			n.throw(fmt.Errorf("reading the graph: %w", err))
		}
	} else {
		v = n.qs.NameOf(r)
	}
	if v != nil {
		// g.V(this value) is this ref: helpers handed the value back
		// (nameOf(node)) need not look it up again.
		if _, known := n.valueRefs[v]; !known && !isNaNValue(v) {
			n.valueRefs[v] = r
		}
		out = v.Native()
		if nv, ok := out.(quad.Value); ok && v == nv {
			out = quad.StringOf(v)
		}
	}
	n.names[k] = out
	return out
}

// isNaNValue tells a float NaN, which is no usable map key.
func isNaNValue(v quad.Value) bool {
	f, ok := v.(quad.Float)
	return ok && f != f
}

// jsValue is native(r) as a goja value (nil when r is not stored),
// converted once per run when it is a primitive (a string or a number):
// rows hand the same predicates and nodes to JavaScript again and again.
func (n *natives) jsValue(r cgraph.Ref) goja.Value {
	if id, ok := r.(kv.Int64Value); ok {
		if v, ok := n.kvNames[uint64(id)]; ok {
			return v
		}
		out, keep := n.toJS(r)
		if keep {
			n.kvNames[uint64(id)] = out
		}
		return out
	}
	k := cgraph.ToKey(r)
	if v, ok := n.jsNames[k]; ok {
		return v
	}
	out, keep := n.toJS(r)
	if keep {
		n.jsNames[k] = out
	}
	return out
}

// toJS converts native(r) to a goja value; keep says whether it may be
// handed out again: primitives may, objects (a wrapped time.Time) may not,
// as a script could change one row's value through another's.
func (n *natives) toJS(r cgraph.Ref) (v goja.Value, keep bool) {
	x := n.native(r)
	if x == nil {
		return nil, true
	}
	v = n.vm.ToValue(x)
	_, isObject := v.(*goja.Object)
	return v, !isObject
}

// each calls fn with the predicate and the other end of every quad whose
// direction d is one of the nodes, in store order. With preds (not nil),
// only quads with one of them are read: each (node, predicate) pair is one
// index scan (subject+predicate, object+predicate on kv stores), so a hub
// node's other predicates cost nothing.
//
// With skip (preds nil), the quads with one of those predicates are left
// out, on kv stores without being read.
func (n *natives) each(nodes []cgraph.Ref, d quad.Direction, preds, skip []cgraph.Ref, fn func(pred, other cgraph.Ref)) {
	if n.kvx != nil && n.eachKV(nodes, d, preds, skip, fn) {
		return
	}
	if preds != nil {
		n.eachPred(nodes, d, preds, fn)
		return
	}
	if len(skip) > 0 {
		leave := map[any]bool{}
		for _, p := range skip {
			leave[cgraph.ToKey(p)] = true
		}
		inner := fn
		fn = func(p, o cgraph.Ref) {
			if !leave[cgraph.ToKey(p)] {
				inner(p, o)
			}
		}
	}
	other := quad.Object
	if d == quad.Object {
		other = quad.Subject
	}
	for _, ref := range nodes {
		n.check()
		key := cgraph.ToKey(ref)
		it := n.qs.QuadIterator(d, ref)
		for it.Next(n.ctx) {
			n.reads++
			if n.reads&1023 == 0 {
				if n.ctx.Err() != nil || n.reads > maxNativeReads {
					it.Close()
					n.check()
				}
			}
			q := it.Result()
			if cgraph.ToKey(n.qs.QuadDirection(q, d)) != key {
				continue
			}
			fn(n.qs.QuadDirection(q, quad.Predicate), n.qs.QuadDirection(q, other))
		}
		err := it.Err()
		it.Close()
		if err != nil {
			n.throw(fmt.Errorf("reading the graph: %w", err))
		}
	}
	n.check()
}

// eachKV is each through the kv indexes (kvindex.go). It returns false,
// having done nothing, when a ref is not a kv ID.
func (n *natives) eachKV(nodes []cgraph.Ref, d quad.Direction, preds, skip []cgraph.Ref, fn func(pred, other cgraph.Ref)) bool {
	ids := func(refs []cgraph.Ref) ([]uint64, bool) {
		out := make([]uint64, len(refs))
		for i, r := range refs {
			v, ok := r.(kv.Int64Value)
			if !ok {
				return nil, false
			}
			out[i] = uint64(v)
		}
		return out, true
	}
	ns, ok1 := ids(nodes)
	ps, ok2 := ids(preds)
	sk, ok3 := ids(skip)
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	var leave map[uint64]bool
	if len(sk) > 0 {
		leave = map[uint64]bool{}
		for _, p := range sk {
			leave[p] = true
		}
	}
	// Predicates in ID order: the order of a scan of the node's quads.
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	body := func(t *kvTx) error {
		for _, node := range ns {
			n.check()
			switch {
			case d == quad.Subject && preds == nil:
				if err := t.outLinks(n.kvx, node, leave, func(p, o uint64) { fn(kv.Int64Value(p), kv.Int64Value(o)) }); err != nil {
					return err
				}
			case d == quad.Subject:
				for _, p := range ps {
					if err := t.objects(n.kvx, node, p, func(o uint64) { fn(kv.Int64Value(p), kv.Int64Value(o)) }); err != nil {
						return err
					}
				}
			case preds == nil:
				if err := t.subjects(n.kvx, node, 0, leave, func(p, s uint64) { fn(kv.Int64Value(p), kv.Int64Value(s)) }); err != nil {
					return err
				}
			default:
				for _, p := range ps {
					if err := t.subjects(n.kvx, node, p, nil, func(p, s uint64) { fn(kv.Int64Value(p), kv.Int64Value(s)) }); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	var err error
	if n.tx != nil {
		// Inside a helper's own transaction (outsBy).
		err = body(n.tx)
	} else {
		err = n.inTx(body)
	}
	if err != nil {
		n.check()
		n.throw(fmt.Errorf("reading the graph: %w", err))
	}
	n.check()
	return true
}

// inTx runs fn in one kv read transaction, which native then also reads
// node values in.
func (n *natives) inTx(fn func(t *kvTx) error) error {
	return n.kvx.view(n.ctx, &n.reads, func(t *kvTx) error {
		n.tx = t
		defer func() { n.tx = nil }()
		return fn(t)
	})
}

// eachPred is each for the quads with one of preds, on stores without
// the kv indexes (memstore): the node's quads, filtered.
func (n *natives) eachPred(nodes []cgraph.Ref, d quad.Direction, preds []cgraph.Ref, fn func(pred, other cgraph.Ref)) {
	want := map[any]bool{}
	for _, p := range preds {
		want[cgraph.ToKey(p)] = true
	}
	n.each(nodes, d, nil, nil, func(p, o cgraph.Ref) {
		if want[cgraph.ToKey(p)] {
			fn(p, o)
		}
	})
}

// predRefs reads the predicates argument: nil (any predicate) when it is
// null or undefined, else the refs of the listed ones the store holds
// (an empty, non-nil slice when it holds none).
func (n *natives) predRefs(v goja.Value) []cgraph.Ref {
	vs, given := n.jsValues(v)
	if !given {
		return nil
	}
	return n.refs(vs)
}

// walk returns the distinct nodes at the other end of the quads of the
// nodes in direction d with one of the predicates.
func (n *natives) walk(call goja.FunctionCall, d quad.Direction) goja.Value {
	vs, _ := n.jsValues(call.Argument(0))
	preds := n.predRefs(call.Argument(1))
	var seen refSet
	out := make([]any, 0)
	n.each(n.refs(vs), d, preds, nil, func(p, o cgraph.Ref) {
		if !seen.add(o) {
			return
		}
		if v := n.jsValue(o); v != nil {
			out = append(out, v)
		}
	})
	return n.vm.NewArray(out...)
}

// outs(nodes, preds) returns the distinct objects of the quads whose
// subject is one of nodes (a node or an array) and predicate one of preds
// (a predicate, an array, or null for any): g.V(nodes).Out(preds).Unique()
// started from the nodes.
func (n *natives) outs(call goja.FunctionCall) goja.Value { return n.walk(call, quad.Subject) }

// ins(nodes, preds) returns the distinct subjects of the quads whose
// object is one of nodes and predicate one of preds: g.V(nodes).In(preds)
// started from the nodes.
func (n *natives) ins(call goja.FunctionCall) goja.Value { return n.walk(call, quad.Object) }

// links(node, dir, except) lists the distinct (predicate, node) pairs of a
// node's quads, dir "out" (node is the subject) or "in" (node is the
// object), as objects {p, id}: g.V(node).Out(null, "p").TagArray() without
// repeats. except (optional: a predicate or an array) leaves out the quads
// with those predicates, on kv stores without reading them.
func (n *natives) links(call goja.FunctionCall) goja.Value {
	vs, _ := n.jsValues(call.Argument(0))
	d := quad.Subject
	switch dir := call.Argument(1).String(); dir {
	case "out":
	case "in":
		d = quad.Object
	default:
		n.throw(fmt.Errorf("links: direction must be \"out\" or \"in\", got %q", dir))
	}
	type pair struct{ p, o any }
	seen := map[pair]bool{}
	seenKV := map[[2]uint64]bool{} // the same for kv IDs, without boxing them
	out := make([]any, 0)
	var skip []cgraph.Ref
	if ex, given := n.jsValues(call.Argument(2)); given {
		skip = n.refs(ex)
	}
	n.each(n.refs(vs), d, nil, skip, func(p, o cgraph.Ref) {
		pid, ok1 := p.(kv.Int64Value)
		oid, ok2 := o.(kv.Int64Value)
		if ok1 && ok2 {
			k := [2]uint64{uint64(pid), uint64(oid)}
			if seenKV[k] {
				return
			}
			seenKV[k] = true
		} else {
			k := pair{cgraph.ToKey(p), cgraph.ToKey(o)}
			if seen[k] {
				return
			}
			seen[k] = true
		}
		pv, ov := n.jsValue(p), n.jsValue(o)
		if pv != nil && ov != nil {
			e := n.vm.NewObject()
			e.Set("p", pv)
			e.Set("id", ov)
			out = append(out, e)
		}
	})
	return n.vm.NewArray(out...)
}

// outsBy(nodes, pred) is outs for each node: an object mapping each node
// (in the "<iri>" form) that has values to the array of its distinct
// values. Aggregates over many nodes use it to make one call, not one per
// node.
func (n *natives) outsBy(call goja.FunctionCall) goja.Value {
	vs, _ := n.jsValues(call.Argument(0))
	preds := n.predRefs(call.Argument(1))
	out := n.vm.NewObject()
	refs := n.refs(vs)
	if n.kvx != nil && n.tx == nil {
		// All the nodes in one transaction.
		if err := n.inTx(func(*kvTx) error { n.outsByInto(out, refs, preds); return nil }); err != nil {
			n.check()
			n.throw(fmt.Errorf("reading the graph: %w", err))
		}
		return out
	}
	n.outsByInto(out, refs, preds)
	return out
}

// outsByInto sets out[node] to the values of each of refs.
func (n *natives) outsByInto(out *goja.Object, refs, preds []cgraph.Ref) {
	done := map[string]bool{}
	for _, r := range refs {
		id, ok := n.native(r).(string)
		if !ok || done[id] {
			continue
		}
		done[id] = true
		var seen refSet
		var vals []any
		n.each([]cgraph.Ref{r}, quad.Subject, preds, nil, func(p, o cgraph.Ref) {
			if !seen.add(o) {
				return
			}
			if x := n.jsValue(o); x != nil {
				vals = append(vals, x)
			}
		})
		if len(vals) > 0 {
			out.Set(id, n.vm.NewArray(vals...))
		}
	}
}

// refSet is a set of refs; kv IDs are kept unboxed.
type refSet struct {
	ids  map[uint64]bool
	refs map[any]bool
}

// add adds r and tells whether it was new.
func (s *refSet) add(r cgraph.Ref) bool {
	if id, ok := r.(kv.Int64Value); ok {
		if s.ids == nil {
			s.ids = map[uint64]bool{}
		}
		if s.ids[uint64(id)] {
			return false
		}
		s.ids[uint64(id)] = true
		return true
	}
	k := cgraph.ToKey(r)
	if s.refs == nil {
		s.refs = map[any]bool{}
	}
	if s.refs[k] {
		return false
	}
	s.refs[k] = true
	return true
}
