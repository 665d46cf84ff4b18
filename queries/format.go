package queries

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// WriteJSON writes the rows as a JSON array of objects whose keys follow
// r.Columns, one row per line.
func (r *Result) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i, row := range r.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		first := true
		for _, c := range r.orderedKeys(row) {
			if !first {
				b.WriteString(", ")
			}
			first = false
			k, _ := json.Marshal(c)
			v, err := marshalValue(row[c])
			if err != nil {
				return fmt.Errorf("queries: encode column %q: %w", c, err)
			}
			b.Write(k)
			b.WriteString(": ")
			b.Write(v)
		}
		b.WriteString("}")
	}
	if len(r.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

func marshalValue(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// orderedKeys is r.Columns then any key of row they miss, sorted.
func (r *Result) orderedKeys(row Row) []string {
	var keys []string
	in := make(map[string]bool, len(r.Columns))
	for _, c := range r.Columns {
		in[c] = true
		if _, ok := row[c]; ok {
			keys = append(keys, c)
		}
	}
	var rest []string
	for k := range row {
		if !in[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

// TableOptions tune WriteTable.
type TableOptions struct {
	// MaxWidth cuts cells wider than this many terminal columns (0: no cut).
	MaxWidth int
}

// WriteTable writes the rows as aligned columns with a header. Widths are
// counted in terminal cells: a Chinese character takes two.
func (r *Result) WriteTable(w io.Writer, o TableOptions) error {
	cols := r.Columns
	if len(cols) == 0 {
		cols = columnsOf(r.Rows, nil)
	}
	if len(cols) == 0 {
		return nil
	}
	cells := make([][]string, 0, len(r.Rows)+1)
	cells = append(cells, cols)
	for _, row := range r.Rows {
		line := make([]string, len(cols))
		for i, c := range cols {
			line[i] = cut(FormatValue(row[c]), o.MaxWidth)
		}
		cells = append(cells, line)
	}
	widths := make([]int, len(cols))
	for _, line := range cells {
		for i, s := range line {
			if n := StringWidth(s); n > widths[i] {
				widths[i] = n
			}
		}
	}
	var b strings.Builder
	for li, line := range cells {
		for i, s := range line {
			b.WriteString(s)
			if i < len(line)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-StringWidth(s)+2))
			}
		}
		b.WriteString("\n")
		if li == 0 {
			for i := range cols {
				b.WriteString(strings.Repeat("-", widths[i]))
				if i < len(cols)-1 {
					b.WriteString("  ")
				}
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// FormatValue writes a value for a table cell: strings as they are, IRIs
// shortened, numbers without exponent, lists joined with ", ", objects as
// "key=value" pairs.
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.Join(strings.Fields(v), " ")
	case IRI:
		return v.String()
	case json.Number:
		return string(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = FormatValue(x)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + FormatValue(v[k])
		}
		return strings.Join(parts, " ")
	}
	return fmt.Sprint(v)
}

// StringWidth is the number of terminal cells s takes: two for East Asian
// wide and fullwidth characters, none for combining marks, one otherwise.
func StringWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r >= 0x300 && r <= 0x36f, r == 0x200b, r == 0x200d, r >= 0xfe00 && r <= 0xfe0f:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// cut shortens s to at most max cells, ending it with "…".
func cut(s string, max int) string {
	if max <= 0 || StringWidth(s) <= max {
		return s
	}
	n := 0
	for i, r := range s {
		if n+runeWidth(r) > max-1 {
			return s[:i] + "…"
		}
		n += runeWidth(r)
	}
	return s
}
