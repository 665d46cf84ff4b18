package httpapi

import (
	"bytes"
	"context"
	"errors"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

func TestSearch(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, c := range []struct{ q, want, match string }{
		{"中粮", "中粮集团", "exact"},            // alias
		{"中粮集", "中粮集团", "prefix"},          // prefix
		{"粮集", "中粮集团", "substring"},        // substring
		{"中糧", "中粮集团", "exact"},            // traditional query, simplified alias
		{"中糧集團", "中粮集团", "exact"},          // traditional alias
		{"cofco", "中粮集团", "exact"},         // case-insensitive
		{"金泓", "天津金泓基进出口贸易有限公司", "prefix"}, // via the alias 金泓基
		{"泰", "泰国", "prefix"},
	} {
		code, b := get(t, ts.URL+"/api/search?q="+url.QueryEscape(c.q))
		if code != 200 {
			t.Fatalf("search %q: %d %s", c.q, code, b)
		}
		var r struct{ Results []Hit }
		decode(t, b, &r)
		if len(r.Results) == 0 || r.Results[0].Name != c.want || r.Results[0].Match != c.match {
			t.Errorf("search %q: got %+v, want %s first (%s)", c.q, r.Results, c.want, c.match)
		}
	}
	code, b := get(t, ts.URL+"/api/search?q=%20")
	wantError(t, code, b, 400, "give a name")
	code, b = get(t, ts.URL+"/api/search?q=x&limit=0")
	wantError(t, code, b, 400, "limit")
	code, b = get(t, ts.URL+"/api/search?q=zzzz")
	if code != 200 || !strings.Contains(string(b), `"results":[]`) {
		t.Errorf("search with no hits: %d %s", code, b)
	}
}

func TestEntityCard(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, name := range []string{"中粮集团", "中糧集團", "COFCO"} {
		code, b := get(t, ts.URL+"/api/entity?name="+url.QueryEscape(name))
		if code != 200 {
			t.Fatalf("entity %s: %d %s", name, code, b)
		}
		var c Card
		decode(t, b, &c)
		if c.Name != "中粮集团" || c.Type != "Organization" {
			t.Fatalf("card of %s: %+v", name, c)
		}
		if len(c.Countries) != 1 || c.Countries[0].Name != "中国" {
			t.Errorf("countries: %+v", c.Countries)
		}
		if len(c.People) != 1 || c.People[0].Name != "栾日成" || len(c.People[0].JobTitles) != 1 {
			t.Errorf("people: %+v", c.People)
		}
		if len(c.Deals) != 1 {
			t.Fatalf("deals: %+v", c.Deals)
		}
		d := c.Deals[0]
		if d.Role != "buyer" || d.Amount == nil || d.Amount.Value != "10000000000" || d.Amount.Currency != "USD" || d.Amount.Text != "超100亿 USD" {
			t.Errorf("deal: %+v amount %+v", d, d.Amount)
		}
		if len(d.Countries) != 1 || d.Countries[0].Name != "泰国" || len(d.Products) != 1 || d.Products[0].Name != "大米" {
			t.Errorf("deal countries/products: %+v %+v", d.Countries, d.Products)
		}
		if len(d.Evidence) != 1 || !strings.Contains(d.Evidence[0], "购物车") || len(d.Documents) != 1 {
			t.Errorf("deal evidence/documents: %q %q", d.Evidence, d.Documents)
		}
		if len(c.Documents) != 1 || c.Documents[0].Title != "中粮集团 进博会 签约" {
			t.Errorf("documents: %+v", c.Documents)
		}
		if len(c.Evidence) != 1 {
			t.Errorf("evidence: %q", c.Evidence)
		}
	}
	// A country's card lists the organizations based there and its deals.
	code, b := get(t, ts.URL+"/api/entity?name=荷兰")
	var c Card
	decode(t, b, &c)
	if code != 200 || len(c.Organizations) != 1 || c.Organizations[0].Name != "飞利浦" || len(c.Deals) != 1 || c.Deals[0].Role != "country" {
		t.Errorf("荷兰: %d %+v", code, c)
	}
	// By IRI, with or without angle brackets.
	for _, id := range []string{"https://dealgraph.dev/id/org/飞利浦", "<https://dealgraph.dev/id/org/飞利浦>"} {
		code, b = get(t, ts.URL+"/api/entity?id="+url.QueryEscape(id))
		if code != 200 || !strings.Contains(string(b), `"name":"飞利浦"`) {
			t.Errorf("entity by id %s: %d %s", id, code, b)
		}
	}
	code, b = get(t, ts.URL+"/api/entity?name=不存在公司")
	wantError(t, code, b, 404, "no entity is named")
	code, b = get(t, ts.URL+"/api/entity?id="+url.QueryEscape("https://dealgraph.dev/id/org/nothing"))
	wantError(t, code, b, 404, "no node")
	code, b = get(t, ts.URL+"/api/entity")
	wantError(t, code, b, 400, "name the entity")
}

func TestNeighbours(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	labels := func(sg Subgraph) map[string]bool {
		m := map[string]bool{}
		for _, n := range sg.Nodes {
			m[n.Label] = true
		}
		return m
	}
	code, b := get(t, ts.URL+"/api/neighbours?name=中粮&depth=2")
	if code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	var sg Subgraph
	decode(t, b, &sg)
	got := labels(sg)
	for _, want := range []string{"中粮集团", "泰国", "大米", "栾日成", "中国", "purchase 超100亿 USD"} {
		if !got[want] {
			t.Errorf("depth 2 from 中粮 lacks %s: %v", want, got)
		}
	}
	// 中国 is a country: drawn, not walked through, so 金泓基 stays out.
	if got["天津金泓基进出口贸易有限公司"] {
		t.Errorf("walked through the country hub: %v", got)
	}
	var buyerLabel string
	for _, e := range sg.Edges {
		if e.Pred == "buyer" {
			buyerLabel = e.Label
		}
	}
	if buyerLabel != "buyer · 超100亿 USD" {
		t.Errorf("buyer edge label %q", buyerLabel)
	}
	// Depth 1 reaches the deal but not the country behind it.
	code, b = get(t, ts.URL+"/api/neighbours?name=中粮集团")
	sg = Subgraph{}
	decode(t, b, &sg)
	if got := labels(sg); code != 200 || got["泰国"] || !got["栾日成"] {
		t.Errorf("depth 1: %d %v", code, got)
	}
	// The node limit truncates.
	code, b = get(t, ts.URL+"/api/neighbours?name=中粮集团&depth=2&limit=2")
	sg = Subgraph{}
	decode(t, b, &sg)
	if code != 200 || len(sg.Nodes) != 2 || !sg.Truncated {
		t.Errorf("limit 2: %d %d nodes, truncated %v", code, len(sg.Nodes), sg.Truncated)
	}
	code, b = get(t, ts.URL+"/api/neighbours?name=中粮集团&depth=9")
	wantError(t, code, b, 400, "depth")
	code, b = get(t, ts.URL+"/api/neighbours?name=nobody")
	wantError(t, code, b, 404, "no entity")
}

func TestPath(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, b := get(t, ts.URL+"/api/path?fromname=飞利浦&toname="+url.QueryEscape("天津金泓基进出口贸易有限公司"))
	if code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	var sg Subgraph
	decode(t, b, &sg)
	if len(sg.Paths) == 0 || len(sg.Paths[0]) != 2 {
		t.Fatalf("paths: %+v", sg)
	}
	first := sg.Edges[sg.Paths[0][0]]
	if first.Pred != "partner" {
		t.Errorf("the best path should go through the deal (partner, buyer), not the country: %+v", sg.Edges)
	}
	// Through the country hub: 中粮 → 中国 ← 金泓基.
	code, b = get(t, ts.URL+"/api/path?fromname=中粮&toname=金泓基")
	sg = Subgraph{}
	decode(t, b, &sg)
	if code != 200 || len(sg.Paths) == 0 || len(sg.Paths[0]) != 2 {
		t.Errorf("中粮 → 金泓基: %d %s", code, b)
	}
	code, b = get(t, ts.URL+"/api/path?fromname=中粮&toname=孤岛公司")
	wantError(t, code, b, 404, "no path")
	code, b = get(t, ts.URL+"/api/path?fromname=中粮&toname=nobody")
	wantError(t, code, b, 404, "no entity")
	code, b = get(t, ts.URL+"/api/path?fromname=中粮&toname=泰国&maxHops=x")
	wantError(t, code, b, 400, "maxHops")
}

func TestNamed(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, b := get(t, ts.URL+"/api/named")
	if code != 200 || !strings.Contains(string(b), `"name":"deals"`) {
		t.Fatalf("list: %d %s", code, b)
	}
	code, b = get(t, ts.URL+"/api/named/deals?arg="+url.QueryEscape("中粮集团"))
	var r NamedResult
	decode(t, b, &r)
	if code != 200 || len(r.Rows) != 1 || r.Columns[0] != "kind" {
		t.Fatalf("deals 中粮集团: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/named/path", `{"args": ["飞利浦", "金泓基"]}`, "Content-Type", "application/json")
	r = NamedResult{}
	decode(t, b, &r)
	if code != 200 || len(r.Rows) != 2 {
		t.Fatalf("path by POST: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/named/deals", `{"args": ["中粮集团"`, "Content-Type", "application/json")
	wantError(t, code, b, 400, "bad JSON")
	code, b = post(t, ts.URL+"/api/named/deals", `{"argz": []}`, "Content-Type", "application/json")
	wantError(t, code, b, 400, "bad JSON")
	code, b = get(t, ts.URL+"/api/named/nosuch")
	wantError(t, code, b, 404, "no named query")
	code, b = get(t, ts.URL+"/api/named/deals")
	wantError(t, code, b, 400, "takes 1 argument")
	code, b = get(t, ts.URL+"/api/named/deals?arg=nobody")
	wantError(t, code, b, 400, "no entity is named")
}

func TestGizmoV1(t *testing.T) {
	_, ts := newTestServer(t, Config{MaxResults: 3})
	code, b := post(t, ts.URL+"/api/v1/query/gizmo", `entity("中粮集团").In(dg("buyer")).Out(dg("country")).Out(dg("name")).All()`)
	if code != 200 || string(b) != `{"result":[{"id":"泰国"}]}`+"\n" {
		t.Fatalf("2-hop query: %d %s", code, b)
	}
	// IRIs come back as Cayley writes them, in angle brackets.
	code, b = post(t, ts.URL+"/api/v1/query/gizmo", `entity("飞利浦").All()`)
	var iri struct{ Result []map[string]string }
	decode(t, b, &iri)
	if code != 200 || len(iri.Result) != 1 || iri.Result[0]["id"] != "<https://dealgraph.dev/id/org/飞利浦>" {
		t.Fatalf("IRI result: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v1/query/gizmo", `g.V("<nothing>").All()`)
	if code != 200 || string(b) != `{"result":[]}`+"\n" {
		t.Fatalf("empty result: %d %s", code, b)
	}
	// --max-results caps the rows, and says so in a header.
	code, b, h := call(t, http.MethodPost, ts.URL+"/api/v1/query/gizmo", strings.NewReader(`g.V().Out(dg("name")).All()`))
	var r struct{ Result []map[string]any }
	decode(t, b, &r)
	if code != 200 || len(r.Result) != 3 || h.Get("X-Dealgraph-Truncated") != "true" {
		t.Fatalf("limit: %d %d rows, header %q", code, len(r.Result), h.Get("X-Dealgraph-Truncated"))
	}
	code, b, _ = call(t, http.MethodPost, ts.URL+"/api/v1/query/gizmo?limit=1", strings.NewReader(`g.V().Out(dg("name")).All()`))
	r.Result = nil
	decode(t, b, &r)
	if code != 200 || len(r.Result) != 1 {
		t.Fatalf("?limit=1: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v1/query/gizmo", "g.V(.All()")
	wantError(t, code, b, 400, "syntax error in query at line 1")
	code, b = post(t, ts.URL+"/api/v1/query/gizmo", `need("nobody")`)
	wantError(t, code, b, 400, "no entity is named")
	code, b = post(t, ts.URL+"/api/v1/query/gizmo", "  ")
	wantError(t, code, b, 400, "query is empty")
	code, b = post(t, ts.URL+"/api/v1/query/mql", "{}")
	wantError(t, code, b, 400, "gizmo only")
	code, b = get(t, ts.URL+"/api/v1/query/gizmo")
	wantError(t, code, b, 405, "not allowed")
}

func TestGizmoV2(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	src := `entity("中粮集团").In(dg("buyer")).Out(dg("country")).Out(dg("name")).All()`
	code, b := get(t, ts.URL+"/api/v2/query?lang=gizmo&qu="+url.QueryEscape(src))
	if code != 200 || string(b) != `{"result":[{"id":"泰国"}]}`+"\n" {
		t.Fatalf("GET: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v2/query?lang=gizmo", src)
	if code != 200 || string(b) != `{"result":[{"id":"泰国"}]}`+"\n" {
		t.Fatalf("POST: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v2/query", src)
	wantError(t, code, b, 400, "not specified")
	code, b = post(t, ts.URL+"/api/v2/query?lang=graphql", src)
	wantError(t, code, b, 400, "gizmo only")
	code, b = post(t, ts.URL+"/api/v2/query?lang=gizmo", "g.V(")
	wantError(t, code, b, 400, "syntax error")
	code, b = get(t, ts.URL+"/api/v2/query?lang=gizmo&limit=-1&qu=x")
	wantError(t, code, b, 400, "limit")
}

// TestQueryTimeout runs while(true){} on a server with a short time limit:
// it is stopped and answered 504, and the server keeps answering others
// meanwhile.
func TestQueryTimeout(t *testing.T) {
	_, ts := newTestServer(t, Config{QueryTimeout: 400 * time.Millisecond})
	var wg sync.WaitGroup
	var code int
	var body []byte
	var took time.Duration
	wg.Add(1)
	go func() {
		defer wg.Done()
		start := time.Now()
		code, body, _ = call(t, http.MethodPost, ts.URL+"/api/v1/query/gizmo", strings.NewReader("while(true){}"))
		took = time.Since(start)
	}()
	time.Sleep(100 * time.Millisecond)
	// Others are answered while the loop spins.
	for i := 0; i < 5; i++ {
		start := time.Now()
		c, b := get(t, ts.URL+"/api/entity?name=中粮集团")
		if c != 200 {
			t.Fatalf("entity during a runaway query: %d %s", c, b)
		}
		c, b = post(t, ts.URL+"/api/v1/query/gizmo", `entity("中粮").All()`)
		if c != 200 {
			t.Fatalf("query during a runaway query: %d %s", c, b)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("answering took %v during a runaway query", d)
		}
	}
	wg.Wait()
	wantError(t, code, body, http.StatusGatewayTimeout, "time limit of 400ms")
	if took > 5*time.Second {
		t.Errorf("the runaway query was answered after %v", took)
	}
	// A loop that catches the interrupt is stopped too (queries' watchdog).
	code, body = post(t, ts.URL+"/api/v1/query/gizmo", `while (true) { try { g.V().ForEach(function (d) { while (true) {} }) } catch (e) {} }`)
	wantError(t, code, body, http.StatusGatewayTimeout, "time limit")
}

func TestBodyLimits(t *testing.T) {
	_, ts := newTestServer(t, Config{MaxBodyBytes: 1024, MaxWriteBytes: 2048, Writable: true, Token: testToken})
	big := `g.V("` + strings.Repeat("x", 2000) + `").All()`
	code, b := post(t, ts.URL+"/api/v1/query/gizmo", big)
	wantError(t, code, b, http.StatusRequestEntityTooLarge, "larger than the limit of 1024 bytes")
	code, b = post(t, ts.URL+"/api/v2/query?lang=gizmo", big)
	wantError(t, code, b, http.StatusRequestEntityTooLarge, "limit")
	code, b = get(t, ts.URL+"/api/v2/query?lang=gizmo&qu="+url.QueryEscape(big))
	wantError(t, code, b, http.StatusRequestEntityTooLarge, "limit")
	code, b = post(t, ts.URL+"/api/named/deals", `{"args": ["`+strings.Repeat("x", 2000)+`"]}`)
	wantError(t, code, b, http.StatusRequestEntityTooLarge, "limit")
	code, b = post(t, ts.URL+"/api/v2/write", strings.Repeat("<a> <b> <c> .\n", 200), auth...)
	wantError(t, code, b, http.StatusRequestEntityTooLarge, "2048 bytes")
	code, b = post(t, ts.URL+"/api/ingest", strings.Repeat("中", 1000), auth...)
	wantError(t, code, b, http.StatusRequestEntityTooLarge, "limit")
	// Without a Content-Length (chunked), the limit holds while reading.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/query/gizmo", struct{ *strings.Reader }{strings.NewReader(big)})
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversized body: %d", resp.StatusCode)
	}
}

func TestWritesRefusedWhenReadOnly(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, p := range []string{"/api/v2/write", "/api/v2/delete", "/api/ingest"} {
		code, b := post(t, ts.URL+p, "<a> <b> <c> .\n")
		wantError(t, code, b, http.StatusForbidden, "read-only")
	}
	code, b := get(t, ts.URL+"/api/search?q=a")
	if code != 200 || strings.Contains(string(b), `"name":"c"`) {
		t.Fatalf("a refused write changed the graph: %s", b)
	}
}

func TestWritable(t *testing.T) {
	_, ts := newTestServer(t, Config{Writable: true, Token: testToken})
	nq := `<https://dealgraph.dev/id/org/新公司> <http://schema.org/name> "新公司" .
<https://dealgraph.dev/id/org/新公司> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Organization> .
`
	// The search index is built before the write and must see it after.
	if code, b := get(t, ts.URL+"/api/search?q=新公司"); code != 200 || strings.Contains(string(b), `"name":"新公司"`) {
		t.Fatalf("before write: %d %s", code, b)
	}
	code, b := post(t, ts.URL+"/api/v2/write", nq, auth...)
	if code != 200 || !strings.Contains(string(b), `"count": 2`) {
		t.Fatalf("write: %d %s", code, b)
	}
	code, b = get(t, ts.URL+"/api/search?q=新公")
	if code != 200 || !strings.Contains(string(b), `"name":"新公司"`) {
		t.Fatalf("search after write: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v2/write", "this is not n-quads", auth...)
	if code < 400 || code >= 500 && code != 500 {
		t.Errorf("bad N-Quads: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v2/delete", nq, auth...)
	if code != 200 || !strings.Contains(string(b), `"count": 2`) {
		t.Fatalf("delete: %d %s", code, b)
	}
	code, b = get(t, ts.URL+"/api/entity?name=新公司")
	wantError(t, code, b, 404, "no entity")
	code, b = post(t, ts.URL+"/api/ingest", `{"text": 1}`, withAuth("Content-Type", "application/json")...)
	wantError(t, code, b, 400, "bad JSON")
	code, b = post(t, ts.URL+"/api/ingest", " \n ", auth...)
	wantError(t, code, b, 400, "no article")
}

// fakeExtractor stands for the extractor (whose dictionary takes seconds
// to load, minutes under -race): every article names 中粮集团.
type fakeExtractor struct{}

func (fakeExtractor) Extract(_ context.Context, d extract.Document) (extract.Facts, error) {
	if strings.Contains(string(d.Raw), "FAIL") {
		return extract.Facts{}, errors.New("cannot read this article")
	}
	return extract.Facts{
		Doc:      extract.DocInfo{IRI: d.IRI, Name: d.Name, Hash: "x", URL: d.URL, Date: d.Date},
		Entities: []extract.Entity{{ID: "org/中粮集团", Kind: extract.Organization, Name: "中粮集团"}},
	}, nil
}

func TestIngest(t *testing.T) {
	_, ts := newTestServer(t, Config{Writable: true, Token: testToken, NewExtractor: func() (Extractor, error) { return fakeExtractor{}, nil }})
	testIngest(t, ts)
	code, b := post(t, ts.URL+"/api/ingest", "FAIL", auth...)
	wantError(t, code, b, http.StatusUnprocessableEntity, "cannot read this article")
}

// TestIngestExtractor ingests through the real extractor.
func TestIngestExtractor(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("loads the extractor's dictionary: seconds, a minute under -race")
	}
	_, ts := newTestServer(t, Config{Writable: true, Token: testToken})
	testIngest(t, ts)
}

func testIngest(t *testing.T, ts *httptest.Server) {
	article := "【新华社上海11月6日电】11月6日，中粮集团与泰国正大集团签署大米采购协议，金额约2亿美元。"
	code, b := post(t, ts.URL+"/api/ingest?iri="+url.QueryEscape("https://news.example/new"), article, auth...)
	if code != 200 || !strings.Contains(string(b), `"document":"https://news.example/new"`) {
		t.Fatalf("ingest: %d %s", code, b)
	}
	code, b = get(t, ts.URL+"/api/entity?name=中粮集团")
	if code != 200 || !strings.Contains(string(b), "https://news.example/new") {
		t.Errorf("the ingested article is not among 中粮集团's documents: %s", b)
	}
	// The same article again changes nothing.
	code, b = post(t, ts.URL+"/api/ingest", `{"iri": "https://news.example/new", "text": "`+article+`"}`, withAuth("Content-Type", "application/json")...)
	if code != 200 || !strings.Contains(string(b), `"added":0`) {
		t.Errorf("ingest again: %d %s", code, b)
	}
}

func TestReadAndFormats(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, b, h := call(t, http.MethodGet, ts.URL+"/api/v2/read", nil)
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/n-quads") || !bytes.Contains(b, []byte(`"中粮集团" <https://news.example/cofco> .`)) {
		t.Fatalf("read nquads: %d %s %.300s", code, h.Get("Content-Type"), b)
	}
	code, b, h = call(t, http.MethodGet, ts.URL+"/api/v2/read?format=turtle", nil)
	if code != 200 || h.Get("Content-Type") != "text/turtle; charset=utf-8" || !bytes.Contains(b, []byte("@prefix schema:")) {
		t.Fatalf("read turtle: %d %s %.300s", code, h.Get("Content-Type"), b)
	}
	code, b, h = call(t, http.MethodGet, ts.URL+"/api/v2/read", nil, "Accept", "application/ld+json")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/ld+json") || !bytes.Contains(b, []byte(`"@context"`)) {
		t.Fatalf("read by Accept: %d %s %.300s", code, h.Get("Content-Type"), b)
	}
	code, b = get(t, ts.URL+"/api/v2/read?format=xml")
	wantError(t, code, b, 400, "not supported")
	code, b = get(t, ts.URL+"/api/v2/read?sub=x")
	wantError(t, code, b, 400, "not supported")
	code, b = get(t, ts.URL+"/api/v2/formats")
	if code != 200 || !strings.Contains(string(b), `{"id":"nquads","read":true,"write":true`) || !strings.Contains(string(b), `"id":"dot"`) {
		t.Fatalf("formats: %d %s", code, b)
	}
}

func TestPageAndErrors(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, b, h := call(t, http.MethodGet, ts.URL+"/", nil)
	if code != 200 || !strings.Contains(string(b), `<script src="/static/cytoscape.min.js">`) || h.Get("Content-Security-Policy") == "" {
		t.Fatalf("page: %d %s", code, b)
	}
	for _, p := range []string{"/static/cytoscape.min.js", "/static/app.js", "/static/style.css", "/static/cytoscape.LICENSE"} {
		if code, _ := get(t, ts.URL+p); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	code, b = get(t, ts.URL+"/api/nothing")
	wantError(t, code, b, 404, "no API endpoint")
	code, b = post(t, ts.URL+"/api/search?q=x", "")
	wantError(t, code, b, 405, "not allowed")
	code, b = get(t, ts.URL+"/api/status")
	if code != 200 || !strings.Contains(string(b), `"documents":2`) {
		t.Errorf("status: %d %s", code, b)
	}
}

func TestNodes(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, b := post(t, ts.URL+"/api/nodes", `{"ids": ["<https://dealgraph.dev/id/country/TH>", "https://dealgraph.dev/id/org/飞利浦", "nothing"]}`)
	var nodes []Node
	decode(t, b, &nodes)
	if code != 200 || len(nodes) != 2 || nodes[0].Label != "泰国" || nodes[0].Type != "Country" || nodes[1].Label != "飞利浦" {
		t.Fatalf("nodes: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/nodes", `{"ids": "x"}`)
	wantError(t, code, b, 400, "bad JSON")
	code, b = post(t, ts.URL+"/api/nodes", `{"ids": [`+strings.Repeat(`"x",`, 1000)+`"x"]}`)
	wantError(t, code, b, 400, "at most 1000")
}

func TestPanicIsRecovered(t *testing.T) {
	var logBuf bytes.Buffer
	s, err := New(newTestStore(t), Config{Logger: log.New(&logBuf, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	h := s.logRequests(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom at secret.go:12")
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/x", nil))
	wantError(t, rec.Code, rec.Body.Bytes(), 500, "internal error")
	if strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("the panic's message reached the client: %s", rec.Body)
	}
	if !strings.Contains(logBuf.String(), "boom") || !strings.Contains(logBuf.String(), "GET /api/x 500") {
		t.Errorf("log: %s", logBuf.String())
	}
}

func TestRequestLog(t *testing.T) {
	var mu sync.Mutex
	var logBuf bytes.Buffer
	s, err := New(newTestStore(t), Config{Logger: log.New(lockedWriter{&mu, &logBuf}, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	get(t, ts.URL+"/api/search?q=中粮")
	get(t, ts.URL+"/api/entity?name=nobody")
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSpace(logBuf.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "GET /api/search?q=") || !strings.Contains(lines[0], " 200 ") || !strings.Contains(lines[1], " 404 ") {
		t.Errorf("log lines: %q", lines)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestHTTPServerTimeouts(t *testing.T) {
	s, err := New(newTestStore(t), Config{QueryTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout < 2*time.Minute || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("timeouts: %+v", hs)
	}
}

func TestNewNeedsStore(t *testing.T) {
	if _, err := New(nil, Config{}); err == nil {
		t.Fatal("New(nil) succeeded")
	}
	_ = context.Background
	_ = extract.Organization
}

// TestNeighboursDegreeAfterWrite checks that the degrees the neighbours
// walk keeps across requests are dropped when the store changes.
func TestNeighboursDegreeAfterWrite(t *testing.T) {
	_, ts := newTestServer(t, Config{Writable: true, Token: testToken})
	degreeOfChina := func() int {
		t.Helper()
		code, b := get(t, ts.URL+"/api/neighbours?name=中粮集团")
		if code != 200 {
			t.Fatalf("neighbours: %d %s", code, b)
		}
		var sg Subgraph
		decode(t, b, &sg)
		for _, n := range sg.Nodes {
			if n.ID == graph.IDBase+"country/CN" {
				return n.Degree
			}
		}
		t.Fatalf("中国 is not among the neighbours of 中粮集团: %s", b)
		return 0
	}
	before := degreeOfChina()
	nq := "<" + graph.IDBase + "org/新公司> <" + string(graph.CountryP) + "> <" + graph.IDBase + "country/CN> .\n"
	if code, b := post(t, ts.URL+"/api/v2/write", nq, auth...); code != 200 {
		t.Fatalf("write: %d %s", code, b)
	}
	if after := degreeOfChina(); after != before+1 {
		t.Errorf("degree of 中国 after a write adding a company there: %d, want %d", after, before+1)
	}
}

// TestPathChains checks every path /api/path lists: a chain of edges from
// the start to the goal, all of the shortest length, the same answer when
// asked again (from the server's kept edges).
func TestPathChains(t *testing.T) {
	for _, backend := range []string{"memstore", "bolt"} {
		t.Run(backend, func(t *testing.T) { testPathChains(t, backend) })
	}
}

func testPathChains(t *testing.T, backend string) {
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: backend, Path: filepath.Join(t.TempDir(), "g.db"), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.LoadBatch(ctx, fixtureFacts()); err != nil {
		t.Fatal(err)
	}
	srv, err := New(st, Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	for _, pair := range [][2]string{{"飞利浦", "天津金泓基进出口贸易有限公司"}, {"中粮", "金泓基"}, {"中粮", "飞利浦"}, {"金泓基", "泰国"}} {
		target := ts.URL + "/api/path?k=20&fromname=" + url.QueryEscape(pair[0]) + "&toname=" + url.QueryEscape(pair[1])
		code, b := get(t, target)
		if code != 200 {
			t.Errorf("%v: %d %s", pair, code, b)
			continue
		}
		var sg Subgraph
		decode(t, b, &sg)
		if len(sg.Paths) == 0 {
			t.Errorf("%v: no path: %s", pair, b)
			continue
		}
		var goal string
		for i, p := range sg.Paths {
			if len(p) != len(sg.Paths[0]) {
				t.Errorf("%v: path %d has %d edges, the first %d", pair, i, len(p), len(sg.Paths[0]))
			}
			at := sg.Root
			for _, ei := range p {
				e := sg.Edges[ei]
				switch at {
				case e.Source:
					at = e.Target
				case e.Target:
					at = e.Source
				default:
					t.Errorf("%v: path %d: edge %s does not continue from %s", pair, i, e.ID, at)
				}
			}
			if i == 0 {
				goal = at
			} else if at != goal {
				t.Errorf("%v: path %d ends at %s, the first at %s", pair, i, at, goal)
			}
		}
		if _, b2 := get(t, target); string(b2) != string(b) {
			t.Errorf("%v: asked again:\n%s\nfirst:\n%s", pair, b2, b)
		}
	}
}
