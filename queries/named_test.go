package queries

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// cells renders the given columns of each row as "a|b|c" lines.
func cells(res *Result, cols ...string) []string {
	var out []string
	for _, r := range res.Rows {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = FormatValue(r[c])
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func TestNamedQueries(t *testing.T) {
	qs := testStore(t)
	r := NewRunner()
	tests := []struct {
		name string
		args []string
		cols []string
		want []string // rows, in order
	}{
		{"deals", []string{"中国能建"}, []string{"kind", "buyer", "partners", "amount", "currency", "qualifier", "country"}, []string{
			"purchase|中国能源建设集团有限公司|西门子|458000000|USD|about|德国",
			"cooperation|中国能源建设集团有限公司|丹佛斯公司||||",
		}},
		{"deals", []string{"西门子公司"}, []string{"buyer", "partners", "amount", "currency"}, []string{
			"中国能源建设集团有限公司|西门子|458000000|USD",
			"上海电力股份有限公司|丹佛斯公司、西门子|15100000|EUR",
		}},
		{"deals", []string{" 中国 能建 "}, []string{"kind"}, []string{"purchase", "cooperation"}},
		{"partners", []string{"中国能建"}, []string{"partner", "country", "deals", "role"}, []string{
			"丹佛斯公司|丹麦|1|partner",
			"西门子|德国|1|partner",
		}},
		{"partners", []string{"丹佛斯"}, []string{"partner", "role"}, []string{
			"上海电力股份有限公司|buyer",
			"中国能源建设集团有限公司|buyer",
			"西门子|co-partner",
		}},
		{"companies", []string{"德国"}, []string{"company", "based", "deals"}, []string{
			"西门子|true|2",
			"丹佛斯公司|false|1",
		}},
		{"companies", []string{"th"}, []string{"company", "based", "deals"}, []string{"正大集团|true|1"}},
		{"deals-by-country", nil, []string{"country", "deals", "withAmount", "totals"}, []string{
			"丹麦|2|1|EUR=15100000",
			"德国|2|2|EUR=15100000 USD=458000000",
			"泰国|1|1|USD=10000000000",
			"荷兰|1|1|USD=5000000",
		}},
		{"people", []string{"中国能建"}, []string{"person", "jobTitle"}, []string{"宋海良|党委书记、董事长"}},
		{"people", []string{"中粮集团"}, []string{"person", "jobTitle"}, []string{"张三|总经理"}},
		{"path", []string{"宋海良", "西门子"}, []string{"hop", "from", "edge", "to"}, []string{
			"1|宋海良|worksFor →|中国能源建设集团有限公司",
			"2|中国能源建设集团有限公司|← buyer|purchase deal id:deal/d1-1",
			"3|purchase deal id:deal/d1-1|partner →|西门子",
		}},
		{"path", []string{"上海电力", "国家电投"}, []string{"hop", "edge", "to"}, []string{"1|parentOrganization →|国家电力投资集团有限公司"}},
		{"neighbours", []string{"国家电投"}, []string{"depth", "edge", "to"}, []string{
			"1|type →|Organization",
			"1|name →|国家电力投资集团有限公司",
			"1|alternateName →|国家电投",
			"1|country →|中国",
			"1|← parentOrganization|上海电力股份有限公司",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+strings.Join(tt.args, " "), func(t *testing.T) {
			res, err := r.RunNamed(context.Background(), qs, tt.name, tt.args, Options{})
			if err != nil {
				t.Fatalf("RunNamed: %v", err)
			}
			got := cells(res, tt.cols...)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestNeighboursDepth(t *testing.T) {
	qs := testStore(t)
	one, err := NewRunner().RunNamed(context.Background(), qs, "neighbours", []string{"西门子"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	two, err := NewRunner().RunNamed(context.Background(), qs, "neighbours", []string{"西门子", "2"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(two.Rows) <= len(one.Rows) {
		t.Errorf("depth 2 gave %d rows, depth 1 %d", len(two.Rows), len(one.Rows))
	}
	if _, err := NewRunner().RunNamed(context.Background(), qs, "neighbours", []string{"西门子", "x"}, Options{}); err == nil || !strings.Contains(err.Error(), "DEPTH") {
		t.Errorf("bad depth: err = %v", err)
	}
}

func TestNamedErrors(t *testing.T) {
	qs := testStore(t)
	r := NewRunner()
	_, err := r.RunNamed(context.Background(), qs, "dealz", []string{"中国能建"}, Options{})
	var ue *UnknownQueryError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want *UnknownQueryError", err)
	}
	for _, n := range []string{"deals", "partners", "companies", "deals-by-country", "people", "path", "neighbours"} {
		if !strings.Contains(err.Error(), n) {
			t.Errorf("%q does not list %s", err, n)
		}
	}
	_, err = r.RunNamed(context.Background(), qs, "path", []string{"宋海良"}, Options{})
	var ae *ArgsError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "path FROM TO") {
		t.Errorf("err = %v, want *ArgsError with usage", err)
	}
	_, err = r.RunNamed(context.Background(), qs, "deals", []string{"没有这家公司"}, Options{})
	if err == nil || !strings.Contains(err.Error(), `no entity is named "没有这家公司"`) {
		t.Errorf("unknown company: err = %v", err)
	}
	_, err = r.RunNamed(context.Background(), qs, "path", []string{"宋海良", "正大集团", "1"}, Options{})
	if err == nil || !strings.Contains(err.Error(), "no path of at most 1 hops") {
		t.Errorf("no path: err = %v", err)
	}
}

// Arguments are data: quotes, backslashes, line breaks and script-looking
// text reach the query as the string typed, never as code.
func TestNamedArgsCannotInject(t *testing.T) {
	qs := testStore(t)
	hostile := []string{
		`"); g.Emit({pwned: 1}); ("`,
		`'); g.Emit({pwned: 1}); ('`,
		`\"); g.Emit({pwned: 1}); //`,
		"x\"]; g.Emit({pwned: 1}); var y = [\"",
		"a\u2028g.Emit({pwned: 1})\u2029b",
		"a\ng.Emit({pwned: 1})",
		`</script>\`,
	}
	for _, arg := range hostile {
		_, err := NewRunner().RunNamed(context.Background(), qs, "deals", []string{arg}, Options{})
		if err == nil || !strings.Contains(err.Error(), "no entity is named") {
			t.Errorf("arg %q: err = %v, want the lookup of that exact name to fail", arg, err)
		}
	}
	// And the exact string is what the script sees.
	fs := fstest.MapFS{"named/echo.js": {Data: []byte("// echo: echoes its argument\n// args: X\ng.Emit({x: args[0], n: args.length});\n")}}
	named, err := loadNamed(fs)
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{named: named}
	for _, arg := range hostile {
		res, err := r.RunNamed(context.Background(), qs, "echo", []string{arg}, Options{})
		if err != nil {
			t.Fatalf("echo %q: %v", arg, err)
		}
		if len(res.Rows) != 1 || res.Rows[0]["x"] != arg || res.Rows[0]["n"] != int64(1) {
			t.Errorf("echo %q gave %v", arg, res.Rows)
		}
	}
}

func TestNamedHeaders(t *testing.T) {
	list := NewRunner().List()
	if len(list) < 7 {
		t.Fatalf("only %d named queries", len(list))
	}
	for _, n := range list {
		if n.Description == "" {
			t.Errorf("%s has no description", n.Name)
		}
		if err := checkSyntax(n.Name, n.Source); err != nil {
			t.Errorf("%s: %v", n.Name, err)
		}
	}
	if err := checkSyntax("prelude", preludeJS+"\n"+vocabJS); err != nil {
		t.Errorf("prelude: %v", err)
	}
	if _, err := parseNamed("no header\n"); err == nil {
		t.Error("a file without a header was accepted")
	}
}

func TestJSONAndTable(t *testing.T) {
	qs := testStore(t)
	res, err := NewRunner().RunNamed(context.Background(), qs, "deals", []string{"中国能建"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := res.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil {
		t.Fatalf("invalid JSON %s: %v", b.String(), err)
	}
	if len(back) != 2 || back[0]["amount"] != float64(458000000) || !strings.HasPrefix(b.String(), "[\n  {\"kind\": ") {
		t.Errorf("JSON:\n%s", b.String())
	}
	b.Reset()
	if err := res.WriteTable(&b, TableOptions{MaxWidth: 20}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("table:\n%s", b.String())
	}
	// Columns line up in terminal cells, Chinese counting double.
	col := StringWidth(lines[0][:strings.Index(lines[0], "buyer")])
	for _, l := range lines[2:] {
		fields := strings.SplitN(l, "  ", 2)
		rest := strings.TrimLeft(fields[1], " ")
		if w := StringWidth(l[:len(l)-len(rest)]); w != col {
			t.Errorf("buyer column at cell %d, want %d: %q", w, col, l)
		}
	}
	if !strings.Contains(b.String(), "…") {
		t.Errorf("long cells not cut:\n%s", b.String())
	}
}
