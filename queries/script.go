package queries

import (
	"context"
	"errors"
	"fmt"
	"reflect"
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
		// goja's message is empty and its stack 10,000 lines long.
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
