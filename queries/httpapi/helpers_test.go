package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

// fixtureFacts are two small documents, written as the extractor's output
// so that the graph package turns them into quads the usual way. They hold
// what the tests look for: 中粮集团 (with traditional and English aliases)
// buying from 泰国, a person, and 飞利浦 → 天津金泓基进出口贸易有限公司
// through a deal.
func fixtureFacts() []extract.Facts {
	return []extract.Facts{{
		Doc: extract.DocInfo{IRI: "https://news.example/cofco", Name: "cofco", Title: "中粮集团 进博会 签约", Hash: "h1"},
		Entities: []extract.Entity{
			{ID: "org/中粮集团", Kind: extract.Organization, Name: "中粮集团", AltNames: []string{"中粮", "中糧集團", "COFCO"}, Evidence: "中粮集团签下超百亿美元农产品采购大单。"},
			{ID: "country/TH", Kind: extract.Country, Name: "泰国", ISO: "TH"},
			{ID: "country/CN", Kind: extract.Country, Name: "中国", ISO: "CN"},
			{ID: "person/栾日成", Kind: extract.Person, Name: "栾日成", JobTitle: "总裁"},
			{ID: "product/大米", Kind: extract.Product, Name: "大米"},
		},
		Relations: []extract.Relation{
			{From: "org/中粮集团", Predicate: extract.HomeCountry, To: "country/CN", Rule: "kb", Confidence: 1},
			{From: "person/栾日成", Predicate: extract.WorksFor, To: "org/中粮集团", Rule: "title", Confidence: 0.9},
		},
		Deals: []extract.Deal{{
			ID: "deal-1", Kind: extract.Purchase, Buyer: "org/中粮集团", Countries: []string{"country/TH"}, Products: []string{"product/大米"},
			Amount:   &extract.Amount{Value: "10000000000", Currency: "USD", Qualifier: "over", Text: "超百亿美元"},
			Evidence: "来自泰国的优质大米纷纷被装进中粮集团的“购物车”。", Rule: "buy-verb", Confidence: 0.8,
		}},
	}, {
		Doc: extract.DocInfo{IRI: "https://news.example/jinhongji", Name: "jinhongji", Title: "开拓国际视野", Hash: "h2"},
		Entities: []extract.Entity{
			{ID: "org/天津金泓基进出口贸易有限公司", Kind: extract.Organization, Name: "天津金泓基进出口贸易有限公司", AltNames: []string{"金泓基"}},
			{ID: "org/飞利浦", Kind: extract.Organization, Name: "飞利浦", AltNames: []string{"Philips"}},
			{ID: "country/NL", Kind: extract.Country, Name: "荷兰", ISO: "NL"},
			{ID: "country/CN", Kind: extract.Country, Name: "中国", ISO: "CN"},
			{ID: "org/孤岛公司", Kind: extract.Organization, Name: "孤岛公司"},
		},
		Relations: []extract.Relation{
			{From: "org/飞利浦", Predicate: extract.HomeCountry, To: "country/NL", Rule: "kb", Confidence: 1},
			{From: "org/天津金泓基进出口贸易有限公司", Predicate: extract.HomeCountry, To: "country/CN", Rule: "place-prefix", Confidence: 0.9},
		},
		Deals: []extract.Deal{{
			ID: "deal-1", Kind: extract.Intent, Buyer: "org/天津金泓基进出口贸易有限公司", Partners: []string{"org/飞利浦"}, Countries: []string{"country/NL"},
			Amount:   &extract.Amount{Value: "15100000", Currency: "USD", Qualifier: "exact", Text: "1510万美元"},
			Evidence: "我们已经和荷兰飞利浦等公司达成15项合作及采购意向书，总金额1510万美元。", Rule: "intent", Confidence: 0.8,
		}},
	}}
}

// newTestStore is a memstore holding the fixture.
func newTestStore(t testing.TB) *graph.Store {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "memstore"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.LoadBatch(ctx, fixtureFacts()); err != nil {
		t.Fatal(err)
	}
	return st
}

// newTestServer serves the fixture with cfg.
func newTestServer(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(newTestStore(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

// call makes a request and returns the status and body.
func call(t testing.TB, method, url string, body io.Reader, header ...string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

func get(t testing.TB, url string) (int, []byte) {
	t.Helper()
	code, b, _ := call(t, http.MethodGet, url, nil)
	return code, b
}

func post(t testing.TB, url, body string, header ...string) (int, []byte) {
	t.Helper()
	code, b, _ := call(t, http.MethodPost, url, strings.NewReader(body), header...)
	return code, b
}

// decode unmarshals b into v, failing the test on bad JSON.
func decode(t testing.TB, b []byte, v any) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		t.Fatalf("bad JSON %q: %v", b, err)
	}
}

// wantError checks an error answer: the status, a JSON {"error": ...}
// containing want, and no stack trace.
func wantError(t testing.TB, code int, b []byte, wantCode int, want string) {
	t.Helper()
	if code != wantCode {
		t.Fatalf("status %d, want %d; body %s", code, wantCode, b)
	}
	var e struct {
		Error string `json:"error"`
	}
	decode(t, b, &e)
	if e.Error == "" || !strings.Contains(e.Error, want) {
		t.Fatalf("error %q does not contain %q", e.Error, want)
	}
	if strings.Contains(string(b), "goroutine ") || strings.Contains(string(b), ".go:") {
		t.Fatalf("error body leaks a stack trace: %s", b)
	}
}
