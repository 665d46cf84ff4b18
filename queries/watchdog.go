package queries

import (
	"reflect"
	"time"
	"unsafe"

	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
)

// How Cayley v0.7.7 stops Gizmo, and why this file exists.
//
// Session.Execute ignores its context; the results iterator's Next(ctx)
// watches ctx and, when it is done, cancels the session's own context (which
// stops store iteration) and calls goja's Runtime.Interrupt once. That stops
// plain JavaScript such as while(true){}: goja checks the flag between
// instructions and the interrupt cannot be caught by try/catch. But the flag
// is consumed by the first check, and Gizmo's ForEach/Map callbacks turn an
// interrupt raised inside the callback into an ordinary, catchable
// exception, so a script like
//
//	while (true) { try { g.V().ForEach(function (d) { while (true) {} }) } catch (e) {} }
//
// survives the single interrupt and would spin forever on a goroutine of
// its own. scriptRun.stop (script.go) therefore keeps interrupting until the
// script's goroutine has ended. The session does not expose its runtime, so
// runtimeOf reads the unexported field; it checks the field's type and
// returns nil (single interrupt only) if Cayley's layout ever changes.

// stopGrace bounds how long scriptRun.stop waits for the script to end.
const stopGrace = 2 * time.Second

// runtimeOf returns the goja runtime of a Gizmo session, or nil.
func runtimeOf(s *gizmo.Session) *goja.Runtime {
	if s == nil {
		return nil
	}
	f := reflect.ValueOf(s).Elem().FieldByName("vm")
	if !f.IsValid() || f.Type() != reflect.TypeOf((*goja.Runtime)(nil)) || !f.CanAddr() {
		return nil
	}
	return *(**goja.Runtime)(unsafe.Pointer(f.UnsafeAddr()))
}

type stoppedError struct{}

func (stoppedError) Error() string { return "query stopped" }

var errStopped error = stoppedError{}
