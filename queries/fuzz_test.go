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
