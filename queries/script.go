package queries

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
)

// Why dealgraph runs the Gizmo script itself.
//
// Cayley v0.7.7 runs a session's script on a goroutine of its own, started
// by the results iterator's first Next, with no recover. A Go panic in one
// of Gizmo's native methods (g.V().Both({}) panics with "unsupported type:
// map[string]interface {}") travels through goja, which re-panics anything
// that is not a JavaScript value, and ends the whole process: any query,
// from the CLI or over HTTP, could kill dealgraph serve.
//
// scriptRun therefore does what that iterator does, on a goroutine that
// recovers: after Session.Execute has set the session up (context, limit,
// compiled program), it gives the session its result channel (the
// unexported Session.out, found like runtimeOf finds the vm) and runs the
// program on the session's runtime. Emit, All and ForEach send their
// results to that channel as usual. If Cayley's layout ever changes,
// newScriptRun returns nil and run fails with an error that says so.

// PanicError reports a query that made the query engine panic. The
// process goes on; the message carries the panic's value, not a stack.
type PanicError struct {
	Value any
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("the query made the query engine fail (%v); check the arguments of its path steps", e.Value)
}

// scriptRun is one Gizmo script running on its own goroutine.
type scriptRun struct {
	it   query.Iterator // Cayley's iterator, only to cancel the session
	vm   *goja.Runtime
	out  chan *gizmo.Result
	errc chan error
	quit chan struct{} // closed by stop: drop results
	cur  *gizmo.Result
	err  error
	done bool
	// guard checks what the script passes to Gizmo (see argGuard).
	guard *argGuard
}

// outFieldOf returns a pointer to the session's unexported result channel,
// or nil.
func outFieldOf(s *gizmo.Session) *chan *gizmo.Result {
	if s == nil {
		return nil
	}
	f := reflect.ValueOf(s).Elem().FieldByName("out")
	if !f.IsValid() || f.Type() != reflect.TypeOf((chan *gizmo.Result)(nil)) || !f.CanAddr() {
		return nil
	}
	return (*chan *gizmo.Result)(unsafe.Pointer(f.UnsafeAddr()))
}

// newScriptRun starts prg on the session (after sess.Execute returned
// it). It returns nil when the session's fields cannot be reached.
func newScriptRun(sess query.Session, it query.Iterator, prg *goja.Program) *scriptRun {
	gs, ok := sess.(*gizmo.Session)
	if !ok {
		return nil
	}
	vm, outp := runtimeOf(gs), outFieldOf(gs)
	if vm == nil || outp == nil {
		return nil
	}
	r := &scriptRun{it: it, vm: vm, out: make(chan *gizmo.Result), errc: make(chan error, 1), quit: make(chan struct{})}
	r.guard = guardGlobals(vm)
	*outp = r.out
	go r.run(prg)
	return r
}

func (r *scriptRun) run(prg *goja.Program) {
	defer close(r.errc)
	defer func() {
		if x := recover(); x != nil {
			if ie, ok := x.(*goja.InterruptedError); ok {
				r.errc <- ie
				return
			}
			r.errc <- &PanicError{Value: x}
		}
	}()
	v, err := r.vm.RunProgram(prg)
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		// goja's message is empty and its stack thousands of lines long.
		err = fmt.Errorf("the call stack passed %d calls (runaway recursion?)", MaxCallDepth)
	} else if e, ok := err.(*goja.Exception); ok && e.Value() != nil {
		if er, ok := e.Value().Export().(error); ok {
			err = er
		}
	}
	if err != nil {
		r.errc <- err
		return
	}
	if v != nil && !goja.IsNull(v) && !goja.IsUndefined(v) {
		v = r.guard.unwrapped(v) // a path left unrun: the note in run needs its type
		select {
		case r.out <- &gizmo.Result{Meta: true, Val: v.Export()}:
		case <-r.quit:
		}
	}
}

// Next waits for the next result. It returns false when the script has
// ended (Err tells how) or ctx is done (the caller then calls stop).
func (r *scriptRun) Next(ctx context.Context) bool {
	if r.done {
		return false
	}
	select {
	case res := <-r.out:
		r.cur = res
		return true
	case err, ok := <-r.errc:
		r.done = true
		if ok && err != nil {
			r.err = err
		}
		for range r.errc { // the goroutine closes errc as it ends
		}
		return false
	case <-ctx.Done():
		r.err = ctx.Err()
		return false
	}
}

func (r *scriptRun) Result() any { return r.cur }
func (r *scriptRun) Err() error  { return r.err }

// stop ends a script that has not ended on its own: it cancels the
// session's context (which stops store iteration), drops further results
// and interrupts the runtime until the goroutine has ended (see
// watchdog.go for why once is not enough), waiting up to stopGrace.
func (r *scriptRun) stop() bool {
	r.it.Close()
	close(r.quit)
	if r.done {
		return true
	}
	r.vm.Interrupt(errStopped)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(stopGrace)
	for {
		select {
		case <-r.out:
		case _, ok := <-r.errc:
			if !ok {
				r.done = true
				return true
			}
		case <-tick.C:
			r.vm.Interrupt(errStopped)
		case <-deadline:
			return false
		}
	}
}

// Why values passed to Gizmo's methods are checked and copied first.
//
// Every native method of Gizmo (g.Emit, g.V, a path's Out, Has, ..., and
// the globals lt, regex, iri, ...) exports its JavaScript arguments to Go
// and walks the result with Cayley's unwrap, recursively and without a
// bound. goja exports a cyclic object as a cyclic map, so
// `var o = {}; o.self = o; g.Emit(o)` recursed until Go's stack limit, and
// an object nested a few million deep would too: "goroutine stack exceeds
// 1000000000-byte limit" is a fatal error, not a panic, and no recover
// stops it. It happened on the script goroutine seconds after the query's
// time limit (stopRun cannot interrupt Go code), so it killed whichever
// query ran next in the process: a fuzz worker or dealgraph serve.
//
// argGuard stands between the script and those methods: g, graph and the
// global functions are replaced by wrappers, and every path a method
// returns is wrapped the same way (a goja Proxy), so each call's arguments
// first go through clean. clean copies arrays and plain objects (reading
// each property once, so a getter cannot hand Cayley a different value
// than the one checked), hands Gizmo objects back unwrapped, and throws a
// catchable TypeError for values nested deeper than maxArgDepth or with
// more than maxArgParts parts in one call: a cycle fails the depth check.

const (
	maxArgDepth = 100
	maxArgParts = 1 << 20
)

// gizmoFuncs are the functions Cayley's Gizmo defines besides g.
var gizmoFuncs = []string{"iri", "bnode", "raw", "str", "lang", "typed", "lt", "lte", "gt", "gte", "regex", "like"}

var (
	arrayExport  = reflect.TypeOf([]any(nil))
	objectExport = reflect.TypeOf(map[string]any(nil))
	gizmoPkg     = reflect.TypeOf(gizmo.Result{}).PkgPath()
)

type argGuard struct {
	vm      *goja.Runtime
	targets map[*goja.Object]*goja.Object // wrapper → Gizmo object
}

// guardGlobals installs the wrappers on a session's runtime (after
// Session.Execute, before the program runs).
func guardGlobals(vm *goja.Runtime) *argGuard {
	gd := &argGuard{vm: vm, targets: map[*goja.Object]*goja.Object{}}
	if o, ok := vm.Get("graph").(*goja.Object); ok {
		w := gd.wrap(o)
		vm.Set("graph", w)
		vm.Set("g", w)
	}
	for _, name := range gizmoFuncs {
		if fn, ok := goja.AssertFunction(vm.Get(name)); ok {
			vm.Set(name, gd.guarded(fn, goja.Undefined()))
		}
	}
	return gd
}

// wrap returns a Proxy of a Gizmo object whose methods are guarded.
func (gd *argGuard) wrap(o *goja.Object) *goja.Object {
	// Each method is wrapped once per object: a query calls g.Emit once
	// per row, and a new wrapper each time cost more than the row.
	methods := map[string]goja.Value{}
	// The proxy's target is an empty object: a Proxy must return a
	// target's read-only properties (the Go methods) unchanged.
	p := gd.vm.ToValue(gd.vm.NewProxy(gd.vm.NewObject(), &goja.ProxyTrapConfig{
		Get: func(_ *goja.Object, prop string, _ goja.Value) goja.Value {
			if m, ok := methods[prop]; ok {
				return m
			}
			v := gd.member(o, prop)
			if _, isFunc := goja.AssertFunction(v); isFunc {
				methods[prop] = v
			}
			return v
		},
		Has: func(_ *goja.Object, prop string) bool {
			return o.Get(prop) != nil
		},
		// for (k in g) lists the methods
		OwnKeys: func(*goja.Object) *goja.Object {
			keys := o.Keys()
			vals := make([]any, len(keys))
			for i, k := range keys {
				vals[i] = k
			}
			return gd.vm.NewArray(vals...)
		},
		GetOwnPropertyDescriptor: func(_ *goja.Object, prop string) goja.PropertyDescriptor {
			v := gd.member(o, prop)
			if v == nil {
				return goja.PropertyDescriptor{}
			}
			return goja.PropertyDescriptor{Value: v, Writable: goja.FLAG_FALSE, Enumerable: goja.FLAG_TRUE, Configurable: goja.FLAG_TRUE}
		},
	})).(*goja.Object)
	gd.targets[p] = o
	return p
}

// member is a property of a Gizmo object, a method guarded.
func (gd *argGuard) member(o *goja.Object, prop string) goja.Value {
	v := o.Get(prop)
	if fn, ok := goja.AssertFunction(v); ok {
		return gd.guarded(fn, o)
	}
	return v
}

// guarded wraps one native function: arguments cleaned, Gizmo objects it
// returns wrapped.
func (gd *argGuard) guarded(fn goja.Callable, this goja.Value) goja.Value {
	return gd.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		args := make([]goja.Value, len(call.Arguments))
		parts := 0
		for i, a := range call.Arguments {
			args[i] = gd.clean(a, &parts)
		}
		ret, err := fn(this, args...)
		if err != nil {
			panic(err) // a JavaScript exception or an interrupt, passed on
		}
		if o, ok := ret.(*goja.Object); ok && isGizmo(o) {
			return gd.wrap(o)
		}
		return ret
	})
}

// isGizmo tells a Gizmo object (a path, a morphism, the graph) exported to
// JavaScript.
func isGizmo(o *goja.Object) bool {
	t := o.ExportType()
	return t != nil && t.Kind() == reflect.Pointer && t.Elem().PkgPath() == gizmoPkg
}

// unwrapped returns the Gizmo object behind a wrapper, or v.
func (gd *argGuard) unwrapped(v goja.Value) goja.Value {
	if o, ok := v.(*goja.Object); ok {
		if t, ok := gd.targets[o]; ok {
			return t
		}
	}
	return v
}

// clean returns a copy of v that Cayley can export and walk safely (see
// above), or throws a TypeError. parts counts what Cayley's unwrap would
// visit: a part shared by several parents counts once per parent, but it
// is read and copied once, so values that share halves level after level
// fail at once instead of after a walk of 2^depth.
func (gd *argGuard) clean(v goja.Value, parts *int) goja.Value {
	seen := map[*goja.Object]*argNode{}
	n := gd.measure(v, 0, seen)
	if *parts += n; *parts > maxArgParts {
		panic(gd.vm.NewTypeError(fmt.Sprintf("the values passed to a query method have more than %d parts", maxArgParts)))
	}
	return gd.build(v, seen)
}

// argNode is an array or plain object read once by measure.
type argNode struct {
	array bool
	keys  []string // an object's
	vals  []goja.Value
	size  int // parts of the tree below it, itself included
	done  bool
	built goja.Value
}

// measure reads v's arrays and objects into seen and returns its size as
// a tree.
func (gd *argGuard) measure(v goja.Value, depth int, seen map[*goja.Object]*argNode) int {
	o, ok := v.(*goja.Object)
	if !ok {
		return 1
	}
	if _, ok := gd.targets[o]; ok {
		return 1
	}
	if o.ClassName() == "Map" || o.ClassName() == "Set" {
		panic(gd.vm.NewTypeError("a Map or Set cannot be passed to a query method; pass an array or a plain object"))
	}
	t := o.ExportType()
	if t != arrayExport && t != objectExport {
		return 1 // a function, a date, a Go value: exported without a walk
	}
	if n, ok := seen[o]; ok {
		if !n.done {
			panic(gd.vm.NewTypeError("a value passed to a query method contains itself"))
		}
		return n.size
	}
	if depth >= maxArgDepth {
		panic(gd.vm.NewTypeError(fmt.Sprintf("a value passed to a query method is nested more than %d deep", maxArgDepth)))
	}
	n := &argNode{}
	seen[o] = n
	tooMany := func() {
		panic(gd.vm.NewTypeError(fmt.Sprintf("the values passed to a query method have more than %d parts", maxArgParts)))
	}
	if t == arrayExport {
		n.array = true
		l := o.Get("length").ToInteger()
		if l < 0 || l > maxArgParts {
			tooMany()
		}
		n.vals = make([]goja.Value, l)
		for i := range n.vals {
			n.vals[i] = o.Get(strconv.Itoa(i))
		}
	} else {
		n.keys = o.Keys()
		n.vals = make([]goja.Value, len(n.keys))
		for i, k := range n.keys {
			n.vals[i] = o.Get(k)
		}
	}
	n.size = 1
	for _, c := range n.vals {
		if n.size += gd.measure(c, depth+1, seen); n.size > maxArgParts {
			tooMany()
		}
	}
	n.done = true
	return n.size
}

// build copies what measure read, each array and object once.
func (gd *argGuard) build(v goja.Value, seen map[*goja.Object]*argNode) goja.Value {
	o, ok := v.(*goja.Object)
	if !ok {
		return v
	}
	if t, ok := gd.targets[o]; ok {
		return t
	}
	n, ok := seen[o]
	if !ok {
		return v
	}
	if n.built != nil {
		return n.built
	}
	if n.array {
		elems := make([]any, len(n.vals))
		for i, c := range n.vals {
			elems[i] = gd.build(c, seen)
		}
		n.built = gd.vm.NewArray(elems...)
		return n.built
	}
	c := gd.vm.NewObject()
	n.built = c
	for i, k := range n.keys {
		if err := c.Set(k, gd.build(n.vals[i], seen)); err != nil {
			panic(err)
		}
	}
	return c
}
