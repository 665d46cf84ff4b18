package queries

// Fuzz targets for what reaches the Gizmo runner from outside: named-query
// arguments (CLI arguments, HTTP parameters) and whole query sources. Run
// one for a while with
//
//	go test -run '^$' -fuzz '^FuzzNamedArgs$' -fuzztime 60s -parallel 1 ./queries

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

var fuzzStore = sync.OnceValue(func() cgraph.QuadStore { return memstore.New(testQuads()...) })

// checkRunResult asserts the error is one of the runner's own kinds and a
// result renders as valid JSON and as a table.
func checkRunResult(t *testing.T, res *Result, err error, allowSyntax bool) {
	t.Helper()
	if err != nil {
		var se *SyntaxError
		var sc *ScriptError
		var te *TimeoutError
		switch {
		case errors.As(err, &se):
			if !allowSyntax {
				t.Fatalf("an argument changed the script's syntax: %v", err)
			}
		case errors.As(err, &sc), errors.As(err, &te):
		default:
			t.Fatalf("unexpected error %T: %v", err, err)
		}
		if strings.Contains(err.Error(), "goroutine ") {
			t.Errorf("error carries a stack trace: %v", err)
		}
		return
	}
	var b bytes.Buffer
	if err := res.WriteJSON(&b); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("WriteJSON wrote invalid JSON:\n%s", b.Bytes())
	}
	if err := res.WriteTable(&bytes.Buffer{}, TableOptions{MaxWidth: 40}); err != nil {
		t.Fatalf("WriteTable: %v", err)
	}
}

func FuzzNamedArgs(f *testing.F) {
	for _, s := range [][2]string{
		{"中粮集团", "泰国"},
		{"TH", "2"},
		{`"]; throw "pwned"; //`, `\u2028`},
		{"\u2028var x = 1\u2029", "</script>"},
		{"'); while(true){} //", "3"},
		{"\x00\xff\xfe", "-1"},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	r := NewRunner()
	f.Fuzz(func(t *testing.T, a, b string) {
		qs := fuzzStore()
		opts := Options{Timeout: 2 * time.Second, Limit: 50}
		for _, call := range []struct {
			name string
			args []string
		}{
			{"neighbours", []string{a, b}},
			{"path", []string{a, b}},
			{"deals", []string{a}},
			{"companies", []string{b}},
		} {
			res, err := r.RunNamed(context.Background(), qs, call.name, call.args, opts)
			checkRunResult(t, res, err, false)
		}
	})
}

func FuzzRunSource(f *testing.F) {
	for _, s := range []string{
		`g.V().All()`,
		`entity("中粮集团").In(dg("buyer")).Out(dg("amount")).All()`,
		`g.Emit({a: [1, 2.5, "x", null, true], b: {c: g.V().ToArray()}})`,
		`var o = {}; o.self = o; g.Emit(o)`,
		`g.Emit(new Array(10).join("x"))`,
		`g.V().ForEach(function (d) { g.Emit(d) })`,
		`throw new Error("boom")`,
		`g.V(`,
		`function f() { return f() } f()`,
		`while (true) {}`,
		`g.Emit(NaN); g.Emit(Infinity); g.Emit(-0)`,
		`g.Emit(outs(entityIds("中粮集团"), dg("name")))`,
		`g.Emit(ins(["<x>", ["<y>"]], [dg("buyer"), null]))`,
		`g.Emit(links("<x>", "in")); g.Emit(outsBy(["<x>"], dg("name")))`,
		`g.Emit(links("<x>", "out", [dg("type"), dg("mentionedIn")]))`,
		`var a = []; a.push(a); g.Emit(outs(a, a))`,
	} {
		f.Add(s)
	}
	r := NewRunner()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4<<10 {
			t.Skip()
		}
		res, err := r.Run(context.Background(), fuzzStore(), src, Options{Timeout: 300 * time.Millisecond, Limit: 100})
		checkRunResult(t, res, err, true)
	})
}

// Found by FuzzRunSource: g.Emit(NaN) made WriteJSON fail, and so would a
// stored number literal that is not a JSON number.
func TestOddNumbersRenderAsJSON(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want any
	}{
		{typedValue("NaN", dg.XSD+"double"), "NaN"},
		{typedValue("+1.5", dg.XSD+"decimal"), "+1.5"},
		{typedValue(".5", dg.XSD+"decimal"), ".5"},
		{typedValue("0x1p3", dg.XSD+"double"), "0x1p3"},
		{typedValue("-12.50e3", dg.XSD+"double"), json.Number("-12.50e3")},
		{fromQuad(quad.Float(math.Inf(-1))), "-Infinity"},
		{fromJS(math.NaN()), "NaN"},
		{fromJS(math.Inf(1)), "Infinity"},
		{fromJS(2.5), 2.5},
		{fromJS(func() {}), "[function]"},
	} {
		if tt.in != tt.want {
			t.Errorf("got %#v, want %#v", tt.in, tt.want)
		}
	}
	res, err := NewRunner().Run(context.Background(), fuzzStore(), `g.Emit(NaN); g.Emit(Infinity); g.Emit({x: -Infinity}); g.Emit({0: {0: g.V}}); g.Emit(function () {})`, Options{KeepDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteJSON(&b); err != nil || !json.Valid(b.Bytes()) {
		t.Fatalf("WriteJSON: %v\n%s", err, b.Bytes())
	}
}

// Found by FuzzRunSource (its worker died with "exit status 2", which Go's
// fuzzer does not explain: the worker's stderr goes nowhere). A value that
// reaches one of Gizmo's native methods is exported to Go and walked by
// Cayley's unwrap, recursively and without a bound: a cyclic object never
// ends, and a deep one ends past Go's stack limit. Either is a fatal
// "goroutine stack exceeds 1000000000-byte limit" that no recover stops,
// reached seconds after the query's time limit by the script goroutine that
// stopRun had to give up on: a fuzz worker (or dealgraph serve) died on a
// later input. Each source must now end with an error or a result, and its
// goroutine must be gone when Run returns.
func TestHostileValuesEndTheScript(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		wantErr   bool // else a result (the value is harmless)
	}{
		{"cyclic object to Emit", `var o = {}; o.self = o; g.Emit(o)`, true},
		{"cyclic array to V", `var a = []; a.push(a); g.V(a).All()`, true},
		{"cyclic array to Out", `var a = ["x"]; a.push(a); g.V().Out(a).All()`, true},
		{"cyclic object to a comparison", `var o = {}; o.o = o; g.V().Has(dg("name"), lt(o)).All()`, true},
		{"cyclic object behind a morphism", `var o = {}; o.o = o; var m = g.M().Out(o); g.V().Follow(m).All()`, true},
		{"deep object", `var o = {}; for (var i = 0; i < 1000; i++) { o = {x: o}; } g.Emit(o)`, true},
		{"shared halves", `var o = {}; for (var i = 0; i < 60; i++) { o = {a: o, b: o}; } g.Emit(o)`, true},
		{"recursion through a native function", `function f() { [1].forEach(f) } f()`, true},
		{"recursion through a getter", `var o = {get x() { return o.x }}; g.Emit(o.x)`, true},
		{"recursion through toString", `var o = {toString: function () { return "" + o }}; g.Emit("" + o)`, true},
		{"cyclic array to outs", `var a = []; a.push(a); g.Emit(outs(a, null))`, true},
		{"cyclic array as ins' predicates", `var a = ["x"]; a.push(a); g.Emit(ins(["x"], a))`, true},
		{"cyclic array to outsBy", `var a = []; a.push(a); g.Emit(outsBy(a, dg("name")))`, true},
		{"cyclic object to links", `var o = {}; o.self = o; g.Emit(links(o, "out"))`, true},
		{"cyclic array as links' exceptions", `var a = ["x"]; a.push(a); g.Emit(links("x", "out", a))`, true},
		{"an object as links' exceptions", `g.Emit(links("x", "in", {p: dg("name")}))`, true},
		{"nested links' exceptions are fine", `g.Emit(links("x", "in", [[dg("name")], null]))`, false},
		{"cyclic array to shortestPath", `var a = []; a.push(a); g.Emit(shortestPath(a, ["x"], 2))`, true},
		{"cyclic array as shortestPath's goals", `var a = ["x"]; a.push(a); g.Emit(shortestPath(["x"], a, 2))`, true},
		{"an object to shortestPath", `g.Emit(shortestPath({}, ["x"], 2))`, true},
		{"a huge hop count to shortestPath", `g.Emit(shortestPath(["x"], ["y"], 1e9))`, true},
		{"a fractional hop count to shortestPath", `g.Emit(shortestPath(["x"], ["y"], 2.5))`, true},
		{"no hop count to shortestPath", `g.Emit(shortestPath(["x"], ["y"]))`, true},
		{"shortestPath between unknown nodes is null", `g.Emit(shortestPath(["x"], ["y"], 3))`, false},
		{"cyclic object as the script's last value", `var o = {}; o.self = o; o`, false},
		{"nested arrays to outs are fine", `g.Emit(outs([["x"], [["y"]]], null))`, false},
		{"nested but fine", `g.Emit({a: [1, {b: [2, 3]}], c: {d: {e: "f"}}})`, false},
		{"an array of predicates", `g.V().Out([dg("name"), dg("alternateName")]).All()`, false},
		{"a path as an argument", `g.V().Follow(g.M().Out(dg("name"))).All()`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			// a generous limit (-race on a loaded machine): each of these
			// must end by its own check, not by the time limit
			res, err := NewRunner().Run(context.Background(), fuzzStore(), tt.src, Options{Timeout: 30 * time.Second})
			checkRunResult(t, res, err, false)
			if tt.wantErr && err == nil {
				t.Errorf("no error; rows %v", res.Rows)
			}
			if !tt.wantErr && err != nil {
				t.Errorf("error: %v", err)
			}
			var te *TimeoutError
			if errors.As(err, &te) {
				t.Errorf("ran into the time limit (%v) instead of failing at once", time.Since(start))
			}
			// the goroutine has closed its channel; give it a moment to exit
			for i := 0; scriptGoroutines() > 0 && i < 100; i++ {
				time.Sleep(10 * time.Millisecond)
			}
			if n := scriptGoroutines(); n > 0 {
				t.Errorf("%d script goroutine(s) still running a second after Run returned", n)
			}
		})
	}
}

// scriptGoroutines counts the goroutines running a Gizmo script.
func scriptGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "queries.(*scriptRun).run(")
		}
		buf = make([]byte, 2*len(buf))
	}
}
