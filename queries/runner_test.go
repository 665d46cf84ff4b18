package queries

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/query/gizmo"
)

func TestRunBasics(t *testing.T) {
	qs := testStore(t)
	r := NewRunner()
	tests := []struct {
		name  string
		src   string
		opts  Options
		rows  int
		check func(t *testing.T, res *Result)
	}{
		{name: "duplicates across documents are dropped",
			src:  `g.V("中国能源建设集团有限公司").In("<http://schema.org/name>").All()`,
			rows: 1,
			check: func(t *testing.T, res *Result) {
				if got := res.Rows[0]["id"]; got != IRI("https://dealgraph.dev/id/org/中国能源建设集团有限公司") {
					t.Errorf("id = %#v", got)
				}
			}},
		{name: "KeepDuplicates keeps one row per document",
			src:  `g.V("中国能源建设集团有限公司").In("<http://schema.org/name>").All()`,
			opts: Options{KeepDuplicates: true}, rows: 2},
		{name: "decimal amounts become exact numbers",
			src:  `entity("中国能建").In(dg("buyer")).Out(dg("amount")).All()`,
			rows: 1,
			check: func(t *testing.T, res *Result) {
				if got := res.Rows[0]["id"]; got != json.Number("458000000") {
					t.Errorf("amount = %#v", got)
				}
			}},
		{name: "emitted typed literals and IRIs are rendered",
			src:  `g.Emit({a: g.V(dg("amount")).In(dg("type")).ToArray(), n: entity("中国能建").In(dg("buyer")).Out(dg("amount")).ToValue(), c: entity("中国能建").ToValue()})`,
			rows: 1,
			check: func(t *testing.T, res *Result) {
				row := res.Rows[0]
				if row["n"] != json.Number("458000000") {
					t.Errorf("n = %#v", row["n"])
				}
				if row["c"] != IRI("https://dealgraph.dev/id/org/中国能源建设集团有限公司") {
					t.Errorf("c = %#v", row["c"])
				}
			}},
		{name: "booleans", src: `g.V().Out(dg("cumulative")).All()`, rows: 2},
		{name: "limit caps rows", src: `g.V().All()`, opts: Options{Limit: 3}, rows: 3,
			check: func(t *testing.T, res *Result) {
				if !res.Truncated {
					t.Error("Truncated not set")
				}
			}},
		{name: "limit counts across several All calls",
			src: `g.V().All(); g.V().Out().All()`, opts: Options{Limit: 5}, rows: 5},
		{name: "limit not reached", src: `entity("西门子").All()`, opts: Options{Limit: 3}, rows: 1,
			check: func(t *testing.T, res *Result) {
				if res.Truncated {
					t.Error("Truncated set")
				}
			}},
		{name: "completion value is shown when nothing is emitted",
			src: `entity("西门子").Count()`, rows: 1,
			check: func(t *testing.T, res *Result) {
				if res.Rows[0]["value"] != int64(1) {
					t.Errorf("value = %#v", res.Rows[0]["value"])
				}
			}},
		{name: "a path never run gets a note",
			src: `entity("西门子")`, rows: 0,
			check: func(t *testing.T, res *Result) {
				if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], ".All()") {
					t.Errorf("notes = %q", res.Notes)
				}
			}},
		{name: "prelude helpers and user functions coexist",
			src:  "function mine(x) { return nameOf(need(x)[0]); }\ng.Emit({n: mine(\"中国能建\")})",
			rows: 1,
			check: func(t *testing.T, res *Result) {
				if res.Rows[0]["n"] != "中国能源建设集团有限公司" {
					t.Errorf("n = %#v", res.Rows[0]["n"])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Run(context.Background(), qs, tt.src, tt.opts)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(res.Rows) != tt.rows {
				t.Fatalf("got %d rows, want %d: %v", len(res.Rows), tt.rows, res.Rows)
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	qs := testStore(t)
	tests := []struct {
		src       string
		line, col int
	}{
		{"g.V(.All()", 1, 5},
		{"var x = 1;\nvar y = ;\n", 2, 9},
		{"g.V().All()\n\n  if (x {", 3, 9},
		{"/* never closed\ng.V().All()", 2, 12},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := NewRunner().Run(context.Background(), qs, tt.src, Options{})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want *SyntaxError", err, err)
			}
			if se.Line != tt.line || se.Column != tt.col {
				t.Errorf("at %d:%d, want %d:%d (%v)", se.Line, se.Column, tt.line, tt.col, err)
			}
			if want := "line " + strconv.Itoa(tt.line) + ", column " + strconv.Itoa(tt.col); !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		})
	}
}

func TestRuntimeErrors(t *testing.T) {
	qs := testStore(t)
	tests := []struct{ src, want string }{
		{"var a = 1;\nfoo()", "query:2:"},
		{`dg("nosuchterm")`, "unknown term"},
		{`need("没有这家公司")`, "no entity is named"},
	}
	for _, tt := range tests {
		_, err := NewRunner().Run(context.Background(), qs, tt.src, Options{})
		var se *ScriptError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want a *ScriptError containing %q", tt.src, err, tt.want)
		}
	}
}

func TestTimeoutStopsScripts(t *testing.T) {
	qs := testStore(t)
	tests := []struct{ name, src string }{
		{"busy loop", `while (true) {}`},
		{"busy loop after results", `g.V().All(); var i = 0; while (true) { i++ }`},
		{"loop inside a ForEach callback", `g.V().ForEach(function (d) { while (true) {} })`},
		{"interrupt swallowed by try/catch around ForEach",
			`while (true) { try { g.V().ForEach(function (d) { while (true) {} }) } catch (e) {} }`},
		{"endless store walk", `while (true) { g.V().Out().In().ToArray() }`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			start := time.Now()
			_, err := NewRunner().Run(context.Background(), qs, tt.src, Options{Timeout: 200 * time.Millisecond})
			took := time.Since(start)
			var te *TimeoutError
			if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v (%T), want *TimeoutError", err, err)
			}
			if !strings.Contains(err.Error(), "time limit") {
				t.Errorf("message %q does not say the time limit passed", err)
			}
			if took > 2*time.Second {
				t.Errorf("took %v to stop", took)
			}
			// The script's goroutine must be gone, not spinning on.
			deadline := time.Now().Add(2 * time.Second)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("%d goroutines left running (before: %d)", n, before)
			}
		})
	}
}

func TestContextCancel(t *testing.T) {
	qs := testStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := NewRunner().Run(ctx, qs, `while (true) {}`, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRuntimeOfFindsTheVM(t *testing.T) {
	// The watchdog relies on reading Cayley's unexported Session.vm; fail
	// loudly if an upgrade moves it.
	qs := testStore(t)
	if vm := runtimeOf(gizmo.NewSession(qs)); vm == nil {
		t.Fatal("runtimeOf could not find the goja runtime in gizmo.Session")
	}
}
