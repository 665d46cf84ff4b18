package queries

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

// IRI is a node of the graph in a result. It marshals to JSON as "<full
// IRI>", the form g.V() accepts back; String gives the short form with a
// prefix of graph.Prefixes ("<id:org/西门子>").
type IRI string

// MarshalJSON writes the IRI in angle brackets.
func (i IRI) MarshalJSON() ([]byte, error) {
	return json.Marshal("<" + string(i) + ">")
}

// String writes the IRI shortened with a known prefix, in angle brackets.
func (i IRI) String() string {
	s := string(i)
	best, bestNS := "", ""
	for p, ns := range dg.Prefixes {
		if strings.HasPrefix(s, ns) && len(ns) > len(bestNS) {
			best, bestNS = p, ns
		}
	}
	if best == "" {
		return "<" + s + ">"
	}
	return "<" + best + ":" + s[len(bestNS):] + ">"
}

// toRow turns one Gizmo result into a row: tags become columns; an emitted
// object becomes a row as is; any other emitted value becomes {"value": v}.
func toRow(qs cgraph.QuadStore, r *gizmo.Result) Row {
	if r.Tags != nil {
		row := make(Row, len(r.Tags))
		for k, ref := range r.Tags {
			if strings.HasPrefix(k, "$") {
				continue
			}
			if v := fromQuad(qs.NameOf(ref)); v != nil {
				row[k] = v
			}
		}
		if len(row) == 0 {
			return nil
		}
		return row
	}
	if r.Val == nil {
		return nil
	}
	v := fromJS(r.Val)
	if m, ok := v.(map[string]any); ok {
		if len(m) == 0 {
			return nil
		}
		return Row(m)
	}
	return Row{"value": v}
}

var xsdNumber = map[string]bool{"decimal": true, "integer": true, "int": true, "long": true, "double": true, "float": true}

// fromQuad renders a store value readably.
func fromQuad(v quad.Value) any {
	switch v := v.(type) {
	case nil:
		return nil
	case quad.String:
		return string(v)
	case quad.IRI:
		return IRI(v)
	case quad.BNode:
		return "_:" + string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.Bool:
		return bool(v)
	case quad.Int:
		return int64(v)
	case quad.Float:
		return finite(float64(v))
	case quad.Time:
		return time.Time(v).Format(time.RFC3339)
	case quad.TypedString:
		return typedValue(string(v.Value), string(v.Type))
	}
	return quad.StringOf(v)
}

// typedValue renders a typed literal: numbers as json.Number (exact, so a
// decimal keeps its digits), booleans as bool, anything else as its text.
func typedValue(text, typ string) any {
	if strings.HasPrefix(typ, dg.XSD) {
		local := typ[len(dg.XSD):]
		// Only a valid JSON number may become a json.Number: the encoder
		// refuses "NaN", "+1", ".5" or "0x1p3", and a query's whole output
		// would fail for one odd literal. Others stay text.
		if xsdNumber[local] && jsonNumberRe.MatchString(text) {
			return json.Number(text)
		}
		if local == "boolean" {
			if b, err := strconv.ParseBool(text); err == nil {
				return b
			}
		}
	}
	return text
}

var (
	jsonNumberRe = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)
	typedRe      = regexp.MustCompile(`^"((?:[^"\\]|\\.)*)"\^\^<([^<>]*)>$`)
	langRe       = regexp.MustCompile(`^"((?:[^"\\]|\\.)*)"@[A-Za-z0-9-]+$`)
	iriRe        = regexp.MustCompile(`^<[^<>"\s{}|\\^` + "`" + `]*>$`)
)

// fromJS renders a value a query emitted. Gizmo hands nodes and literals to
// JavaScript as strings ("<iri>", "\"458000000\"^^<...#decimal>"); they are
// turned back into IRIs and plain values here.
func fromJS(v any) any {
	switch v := v.(type) {
	case string:
		return fromJSString(v)
	case quad.Value:
		return fromQuad(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if x == nil {
				continue
			}
			out[k] = fromJS(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fromJS(x)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fromJS(x)
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fromJSString(x)
		}
		return out
	case float64:
		if v == float64(int64(v)) && v < 1<<53 && v > -(1<<53) {
			return int64(v)
		}
		return finite(v)
	case nil:
		return nil
	}
	// JSON cannot hold functions (g.Emit({f: g.V}) exports a Go func),
	// channels or complex numbers: show what they are instead.
	switch reflect.TypeOf(v).Kind() {
	case reflect.Func:
		return "[function]"
	case reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return fmt.Sprintf("[%T]", v)
	}
	return v
}

// finite returns v, or for NaN and the infinities (which JSON cannot hold)
// their JavaScript names as strings.
func finite(v float64) any {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	return v
}

func fromJSString(s string) any {
	if len(s) < 2 {
		return s
	}
	switch s[0] {
	case '<':
		if iriRe.MatchString(s) {
			return IRI(s[1 : len(s)-1])
		}
	case '"':
		if m := typedRe.FindStringSubmatch(s); m != nil {
			return typedValue(unescape(m[1]), m[2])
		}
		if m := langRe.FindStringSubmatch(s); m != nil {
			return unescape(m[1])
		}
	}
	return s
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// plainValue reports whether an exported JavaScript value is plain data
// (not a Gizmo path object), rendered.
func plainValue(v any) (any, bool) {
	switch v.(type) {
	case string, bool, int64, int, float64, map[string]any, []any, []string, []map[string]any:
		n := 0
		if !bounded(v, 0, &n) {
			// a script's last value that contains itself (var o = {};
			// o.self = o) exports as a cyclic map: rendering it would
			// never end
			return nil, false
		}
		return fromJS(v), true
	}
	return nil, false
}

// bounded reports whether an exported value is at most maxPlainDepth deep
// and has at most maxPlainParts parts (n counts them), so that fromJS
// ends: a value that contains itself is neither.
func bounded(v any, depth int, n *int) bool {
	*n++
	if depth > maxPlainDepth || *n > maxPlainParts {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			if !bounded(x, depth+1, n) {
				return false
			}
		}
	case []any:
		for _, x := range v {
			if !bounded(x, depth+1, n) {
				return false
			}
		}
	case []map[string]any:
		for _, x := range v {
			if !bounded(x, depth+1, n) {
				return false
			}
		}
	}
	return true
}

// Bounds of a script's last value shown as its result.
const (
	maxPlainDepth = 100
	maxPlainParts = 1 << 20
)
