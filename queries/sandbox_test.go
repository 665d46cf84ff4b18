package queries

// The query sandbox: what a Gizmo script (from the CLI or over HTTP) must
// not be able to do. One test per escape attempt.

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
)

// sandboxRun runs src on a fresh copy of the test store with a short time
// limit.
func sandboxRun(t *testing.T, src string, opts Options) (*Result, error) {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	return NewRunner().Run(context.Background(), memstore.New(testQuads()...), src, opts)
}

func wantScriptError(t *testing.T, err error, contains string) {
	t.Helper()
	var se *ScriptError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), contains) {
		t.Fatalf("err = %v (%T), want a *ScriptError containing %q", err, err, contains)
	}
}

func TestSandboxNoRequire(t *testing.T) {
	for _, src := range []string{
		`require("fs")`,
		`require("child_process").execSync("id")`,
		`eval('require("os")')`,
		`Function('return require("net")')()`,
	} {
		t.Run(src, func(t *testing.T) {
			_, err := sandboxRun(t, src, Options{})
			wantScriptError(t, err, "require is not defined")
		})
	}
}

func TestSandboxNoModules(t *testing.T) {
	for _, src := range []string{`import fs from "fs"`, `import("fs")`} {
		_, err := sandboxRun(t, src, Options{})
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: err = %v (%T), want a *SyntaxError", src, err, err)
		}
	}
}

// Host objects of Node, browsers, Deno and other embeddings that would
// reach the file system, the network, processes or timers.
var forbiddenGlobals = []string{
	"require", "module", "exports", "process", "global", "Buffer",
	"os", "fs", "net", "http", "https", "child_process", "__dirname", "__filename",
	"XMLHttpRequest", "fetch", "WebSocket", "EventSource", "navigator", "importScripts",
	"Deno", "Bun", "Java", "Packages", "load", "loadFile", "readFile", "exec", "system",
	"setTimeout", "setInterval", "setImmediate", "queueMicrotask", "Worker", "SharedArrayBuffer",
}

func TestSandboxNoFileSystemNetworkOrProcess(t *testing.T) {
	for _, name := range forbiddenGlobals {
		t.Run(name, func(t *testing.T) {
			res, err := sandboxRun(t, `g.Emit(typeof `+name+`)`, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != 1 || res.Rows[0]["value"] != "undefined" {
				t.Errorf("typeof %s = %v, want undefined", name, res.Rows)
			}
		})
	}
}

// ecmaGlobals are the ECMAScript globals goja defines (and its GoError).
var ecmaGlobals = strings.Fields(`Array Boolean Date Error EvalError Function GoError Infinity JSON Math
	NaN Number Object RangeError ReferenceError RegExp String SyntaxError TypeError URIError
	decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape eval isFinite isNaN
	parseFloat parseInt undefined toString globalThis
	AggregateError ArrayBuffer BigInt BigInt64Array BigUint64Array DataView Float32Array Float64Array
	Int16Array Int32Array Int8Array Map Promise Proxy Reflect Set Symbol Uint16Array Uint32Array
	Uint8Array Uint8ClampedArray WeakMap WeakSet`)

// gizmoGlobals are what Cayley's Gizmo defines: the graph object and the
// value and filter constructors.
var gizmoGlobals = strings.Fields(`g graph iri bnode raw str lang typed lt lte gt gte regex like`)

// TestSandboxGlobalsAreKnown lists every global a script can reach and
// fails on any that is neither ECMAScript, Gizmo's graph object nor one of
// the prelude's helpers: a new host object must be reviewed here first.
func TestSandboxGlobalsAreKnown(t *testing.T) {
	res, err := sandboxRun(t, `g.Emit(Object.getOwnPropertyNames(Function("return this")()))`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, n := range gizmoGlobals {
		allowed[n] = true
	}
	for _, n := range ecmaGlobals {
		allowed[n] = true
	}
	// The prelude's Go helpers (native.go): they only read the store, from
	// the nodes they are given.
	for _, n := range nativeGlobals {
		allowed[n] = true
	}
	decl := regexp.MustCompile(`\b(?:function\s+([A-Za-z_$][\w$]*)|var\s+([A-Za-z_$][\w$]*))`)
	for _, m := range decl.FindAllStringSubmatch(preludeJS+"\n"+vocabJS, -1) {
		allowed[m[1]+m[2]] = true
	}
	names, _ := res.Rows[0]["value"].([]any)
	if len(names) < 10 {
		t.Fatalf("global names = %v", res.Rows)
	}
	var unknown []string
	for _, n := range names {
		if s, _ := n.(string); !allowed[s] {
			unknown = append(unknown, s)
		}
	}
	sort.Strings(unknown)
	if len(unknown) > 0 {
		t.Errorf("scripts can reach globals nobody reviewed: %v", unknown)
	}
}

// TestSandboxGraphObjectIsReadOnly calls every method of the graph object,
// of a path and of a morphism with junk arguments and checks the store did
// not change (nor the process die: some of Gizmo's methods panic on
// arguments of the wrong type; the runner turns that into an error).
func TestSandboxGraphObjectIsReadOnly(t *testing.T) {
	qs := memstore.New(testQuads()...)
	before := quadCount(t, qs)
	res, err := NewRunner().Run(context.Background(), qs, `var k = []; for (var x in g) k.push("g." + x); for (var x in g.V()) k.push("g.V()." + x); g.Emit(k)`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	methods, _ := res.Rows[0]["value"].([]any)
	if len(methods) < 50 {
		t.Fatalf("methods = %v", res.Rows)
	}
	writeish := regexp.MustCompile(`(?i)\.(write|delete|remove|apply|add(quad|delta)?$|set|exec|load$|save.*file|read.*file)`)
	panics := 0
	for _, m := range methods {
		m := m.(string)
		if writeish.MatchString(m) {
			t.Errorf("graph object offers %q", m)
		}
		obj, name, _ := strings.Cut(m, ").")
		if name == "" {
			obj, name, _ = strings.Cut(m, ".")
		} else {
			obj += ")"
		}
		src := `var o = ` + obj + `; var f = o["` + name + `"];
if (typeof f === "function") {
	try { f.apply(o, []) } catch (e) {}
	try { f.apply(o, ["<a>", "<b>", "<c>", "<d>"]) } catch (e) {}
	try { f.apply(o, [{subject: "<a>", predicate: "<b>", object: "<c>"}]) } catch (e) {}
}`
		_, err := NewRunner().Run(context.Background(), qs, src, Options{Timeout: 2 * time.Second})
		var pe *PanicError
		switch {
		case errors.As(err, &pe):
			panics++
		case err != nil:
			t.Errorf("%s: %v", m, err)
		}
	}
	t.Logf("%d methods called, %d made Gizmo panic (reported as errors)", len(methods), panics)
	if after := quadCount(t, qs); after != before {
		t.Errorf("a query changed the store: %d quads before, %d after", before, after)
	}
}

// TestSandboxEnginePanicIsAnError: g.V().Both({}) panics inside Cayley's
// Gizmo; it used to end the process.
func TestSandboxEnginePanicIsAnError(t *testing.T) {
	for _, src := range []string{`g.V().Both({})`, `try { g.V().Out({a: 1}).All() } catch (e) {} g.V().All()`} {
		_, err := sandboxRun(t, src, Options{})
		var pe *PanicError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "unsupported type") {
			t.Errorf("%s: err = %v (%T), want a *PanicError", src, err, err)
		}
		if strings.Contains(err.Error(), "goroutine ") || strings.Contains(err.Error(), ".go:") {
			t.Errorf("error carries a stack trace: %v", err)
		}
	}
	// The runner still works afterwards.
	if res, err := sandboxRun(t, `g.V().All()`, Options{}); err != nil || len(res.Rows) == 0 {
		t.Errorf("after a panic: %v", err)
	}
}

func quadCount(t *testing.T, qs cgraph.QuadStore) int64 {
	t.Helper()
	st, err := qs.Stats(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return st.Quads.Size
}

// TestSandboxRunsAreIsolated: a script cannot leave state behind for the
// next one (each run has its own JavaScript runtime).
func TestSandboxRunsAreIsolated(t *testing.T) {
	if _, err := sandboxRun(t, `Object.prototype.pwned = 1; Array.prototype.map = function () { return ["pwned"] }; var leaked = 1; g.AddNamespace("x", "http://evil/")`, Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := sandboxRun(t, `g.Emit({a: typeof ({}).pwned, b: [1].map(function (x) { return x + 1 })[0], c: typeof leaked})`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	row := res.Rows[0]
	if row["a"] != "undefined" || row["b"] != int64(2) || row["c"] != "undefined" {
		t.Errorf("state leaked between runs: %v", row)
	}
}

func TestSandboxTimeLimit(t *testing.T) {
	for _, tt := range []struct{ name, src string }{
		{"busy loop", `while (true) {}`},
		{"recursion through native callbacks", `function f(n) { return [n].map(f) } f(0)`},
		{"recursion swallowing interrupts", `function f(n) { try { return f(n + 1) } catch (e) { return f(n + 1) } } f(0)`},
		{"recursion swallowing stack overflows", `function f(n) { try { return f(n + 1) } catch (e) {} return f(n + 1) } while (true) { f(0) }`},
		{"string doubling", `var s = "x"; for (var i = 0; i < 24; i++) { s = s + s } while (true) { s.length }`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := sandboxRun(t, tt.src, Options{Timeout: 300 * time.Millisecond})
			var te *TimeoutError
			var se *ScriptError
			switch {
			case errors.As(err, &te):
			case strings.Contains(tt.name, "recursion") && errors.As(err, &se) && strings.Contains(err.Error(), "call stack passed"):
			default:
				t.Fatalf("err = %v (%T), want *TimeoutError (or, for recursion, the call-stack error)", err, err)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error message is %d bytes long", len(err.Error()))
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v to stop", took)
			}
		})
	}
}

func TestSandboxCallDepth(t *testing.T) {
	start := time.Now()
	_, err := sandboxRun(t, `function f(n) { return f(n + 1) } f(0)`, Options{Timeout: 10 * time.Second})
	var se *ScriptError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "call stack passed") || len(err.Error()) > 300 {
		t.Fatalf("err = %v (%T), want a *ScriptError about the call stack", err, err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
	// Recursion within the limit works.
	res, err := sandboxRun(t, `function f(n) { return n == 0 ? 0 : 1 + f(n - 1) } g.Emit(f(`+strconv.Itoa(MaxCallDepth/2)+`))`, Options{})
	if err != nil || res.Rows[0]["value"] != int64(MaxCallDepth/2) {
		t.Errorf("recursion of depth %d: %v %v", MaxCallDepth/2, err, res)
	}
}

func TestSandboxResultMemoryCap(t *testing.T) {
	for _, tt := range []struct{ name, src string }{
		{"many rows", `for (var i = 0; i < 1e6; i++) { g.Emit({i: i, pad: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) }`},
		{"one huge row", `g.Emit(new Array(2 << 20).join("x"))`},
		{"huge array", `var a = []; for (var i = 0; i < 100000; i++) a.push("xxxxxxxxxx" + i); g.Emit({a: a})`},
		{"duplicates kept", `for (var i = 0; i < 1e6; i++) { g.Emit("same row, kept each time") }`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := sandboxRun(t, tt.src, Options{MaxResultBytes: 1 << 20, KeepDuplicates: true, Timeout: 30 * time.Second})
			var re *ResultSizeError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want *ResultSizeError", err, err)
			}
			if !strings.Contains(err.Error(), "1 MB") {
				t.Errorf("message %q does not give the cap", err)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v to stop", took)
			}
		})
	}
	// Under the cap, and with the cap off, the same kind of query runs.
	if _, err := sandboxRun(t, `for (var i = 0; i < 1000; i++) { g.Emit({i: i}) }`, Options{MaxResultBytes: 1 << 20}); err != nil {
		t.Errorf("small result: %v", err)
	}
	if res, err := sandboxRun(t, `var s = new Array(65536).join("x"); for (var i = 0; i < 40; i++) { g.Emit({i: i, s: s}) }`, Options{MaxResultBytes: -1, Timeout: 20 * time.Second}); err != nil || len(res.Rows) != 40 {
		t.Errorf("cap off: %v, %v", err, res)
	}
	// The default cap applies when Options leave it unset.
	_, err := sandboxRun(t, `var s = new Array(65536).join("x"); for (var i = 0; i < `+strconv.Itoa(DefaultMaxResultBytes/65536+10)+`; i++) { g.Emit({i: i, s: s}) }`, Options{Timeout: 30 * time.Second})
	var re *ResultSizeError
	if !errors.As(err, &re) || re.Limit != DefaultMaxResultBytes {
		t.Errorf("default cap: err = %v", err)
	}
}

// TestSandboxNativeHelpersStop checks that the prelude's Go helpers
// (native.go) stop with the run, on memstore and on bolt (where they read
// the kv indexes): at the time limit even when the script swallows their
// errors, at the row limit, and at the result byte cap.
func TestSandboxNativeHelpersStop(t *testing.T) {
	bolt, gr := generatedStore(t, 3000)
	stores := map[string]cgraph.QuadStore{"memstore": memstore.New(testQuads()...), "bolt": bolt}
	org := map[string]string{"memstore": "西门子", "bolt": gr.Company(0)}
	for name, qs := range stores {
		walk := `var o = need(` + strconv.Quote(org[name]) + `); var all = ins(dg("Organization"), dg("type")); `
		for _, tt := range []struct {
			name, src string
			opts      Options
			want      func(*Result, error) bool
		}{
			{"time limit, errors swallowed", walk + `while (true) { try { outsBy(all, null); links(o, "in"); ins(all, null) } catch (e) {} }`,
				Options{Timeout: 300 * time.Millisecond},
				func(_ *Result, err error) bool { var te *TimeoutError; return errors.As(err, &te) }},
			{"row limit", walk + `for (var i = 0; ; i++) { g.Emit({i: i, n: outs(o, null).length}) }`,
				Options{Limit: 5, Timeout: 30 * time.Second},
				func(res *Result, err error) bool { return err == nil && res.Truncated && len(res.Rows) == 5 }},
			{"byte cap", walk + `for (var i = 0; ; i++) { g.Emit({i: i, all: all, links: links(o, "out")}) }`,
				Options{MaxResultBytes: 64 << 10, Timeout: 30 * time.Second},
				func(_ *Result, err error) bool { var re *ResultSizeError; return errors.As(err, &re) }},
		} {
			t.Run(name+" "+tt.name, func(t *testing.T) {
				start := time.Now()
				res, err := NewRunner().Run(context.Background(), qs, tt.src, tt.opts)
				if !tt.want(res, err) {
					t.Fatalf("res = %v, err = %v (%T)", res, err, err)
				}
				if took := time.Since(start); took > 5*time.Second {
					t.Errorf("took %v to stop", took)
				}
			})
		}
	}
}
