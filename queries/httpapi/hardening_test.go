package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealgraph/dealgraph/extract"
)

// testToken is the write token of the tests' writable servers.
const testToken = "test-token-0123456789abcdef"

// auth is the header of an authorized write.
var auth = []string{"Authorization", "Bearer " + testToken}

// withAuth adds the write token to header.
func withAuth(header ...string) []string { return append(header, auth...) }

const newCompanyNQ = `<https://dealgraph.dev/id/org/新公司> <http://schema.org/name> "新公司" .
`

func TestWriteToken(t *testing.T) {
	var mu sync.Mutex
	var logBuf bytes.Buffer
	_, ts := newTestServer(t, Config{
		Writable: true, Token: testToken,
		Logger:       log.New(lockedWriter{&mu, &logBuf}, "", 0),
		NewExtractor: func() (Extractor, error) { return fakeExtractor{}, nil },
	})
	refused := []struct {
		name   string
		header []string
		want   string
	}{
		{"no Authorization", nil, "needs the server's write token"},
		{"empty bearer", []string{"Authorization", "Bearer "}, "needs the server's write token"},
		{"token without scheme", []string{"Authorization", testToken}, "needs the server's write token"},
		{"basic auth", []string{"Authorization", "Basic dXNlcjpwYXNz"}, "needs the server's write token"},
		{"wrong token", []string{"Authorization", "Bearer wrong-token-0123456789abcdef"}, "write token is wrong"},
		{"prefix of the token", []string{"Authorization", "Bearer " + testToken[:len(testToken)-1]}, "write token is wrong"},
		{"token plus more", []string{"Authorization", "Bearer " + testToken + "x"}, "write token is wrong"},
	}
	for _, p := range []string{"/api/v2/write", "/api/v2/delete", "/api/ingest"} {
		for _, c := range refused {
			code, b, h := call(t, http.MethodPost, ts.URL+p, strings.NewReader(newCompanyNQ), c.header...)
			wantError(t, code, b, http.StatusUnauthorized, c.want)
			if !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer ") {
				t.Errorf("%s %s: WWW-Authenticate %q", p, c.name, h.Get("WWW-Authenticate"))
			}
			if strings.Contains(string(b), testToken) {
				t.Errorf("%s %s: the answer holds the token: %s", p, c.name, b)
			}
		}
	}
	// Nothing refused reached the graph.
	code, b := get(t, ts.URL+"/api/entity?name=新公司")
	wantError(t, code, b, http.StatusNotFound, "no entity")
	// The right token writes, and the scheme is case-insensitive.
	code, b = post(t, ts.URL+"/api/v2/write", newCompanyNQ, auth...)
	if code != 200 || !strings.Contains(string(b), `"count": 1`) {
		t.Fatalf("write with the token: %d %s", code, b)
	}
	if code, b = get(t, ts.URL+"/api/search?q=新公司"); code != 200 || !strings.Contains(string(b), `"name":"新公司"`) {
		t.Fatalf("search after the write: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/v2/delete", newCompanyNQ, "Authorization", "bearer "+testToken)
	if code != 200 || !strings.Contains(string(b), `"count": 1`) {
		t.Fatalf("delete with the token: %d %s", code, b)
	}
	code, b = post(t, ts.URL+"/api/ingest?iri=https://news.example/t", "中粮集团签约", auth...)
	if code != 200 || !strings.Contains(string(b), `"document":"https://news.example/t"`) {
		t.Fatalf("ingest with the token: %d %s", code, b)
	}
	// Reads need no token.
	if code, b = get(t, ts.URL+"/api/entity?name=中粮集团"); code != 200 {
		t.Fatalf("read: %d %s", code, b)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(logBuf.String(), testToken) || strings.Contains(logBuf.String(), "wrong-token") {
		t.Errorf("the request log holds a token:\n%s", logBuf.String())
	}
	if !strings.Contains(logBuf.String(), "POST /api/v2/write 401") {
		t.Errorf("the refused writes are not logged:\n%s", logBuf.String())
	}
}

func TestReadOnlyRefusesWritesEvenWithToken(t *testing.T) {
	_, ts := newTestServer(t, Config{Token: testToken})
	for _, p := range []string{"/api/v2/write", "/api/v2/delete", "/api/ingest"} {
		code, b := post(t, ts.URL+p, newCompanyNQ, auth...)
		wantError(t, code, b, http.StatusForbidden, "read-only")
	}
}

func TestWritableNeedsToken(t *testing.T) {
	st := newTestStore(t)
	for _, c := range []struct {
		token, want string
	}{
		{"", "needs a write token"},
		{"abc12", "too short"},
		{"a token with spaces in it", "printable ASCII"},
		{"tokentokentoken\x01", "printable ASCII"},
	} {
		_, err := New(st, Config{Writable: true, Token: c.token})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("token %q: error %v, want %q", c.token, err, c.want)
		}
		if c.token != "" && err != nil && strings.Contains(err.Error(), c.token) {
			t.Errorf("the error quotes the token: %v", err)
		}
	}
	s, err := New(st, Config{Writable: true, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.Config().Token, testToken) {
		t.Error("Config() gives the token away")
	}
}

func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tok, err := ReadTokenFile(write("good", "  "+testToken+"\n"))
	if err != nil || tok != testToken {
		t.Fatalf("good file: %q %v", tok, err)
	}
	for name, content := range map[string]string{"empty": "", "blank": " \n\n", "short": "abc123\n", "two words": "secretsecret secretsecret\n"} {
		_, err := ReadTokenFile(write(strings.ReplaceAll(name, " ", "_"), content))
		if err == nil {
			t.Errorf("%s file accepted", name)
		} else if strings.TrimSpace(content) != "" && strings.Contains(err.Error(), strings.TrimSpace(content)) {
			t.Errorf("%s file: the error quotes the content: %v", name, err)
		}
	}
	if _, err := ReadTokenFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestCORSOffByDefault(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	code, _, h := call(t, http.MethodGet, ts.URL+"/api/search?q=中粮", nil, "Origin", "https://evil.example")
	if code != 200 {
		t.Fatalf("search: %d", code)
	}
	for k := range h {
		if strings.HasPrefix(k, "Access-Control-") {
			t.Errorf("CORS header without configuration: %s: %s", k, h.Get(k))
		}
	}
	code, b, h := call(t, http.MethodOptions, ts.URL+"/api/v1/query/gizmo", nil,
		"Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
	wantError(t, code, b, http.StatusMethodNotAllowed, "not allowed")
	if h.Get("Access-Control-Allow-Origin") != "" || h.Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("preflight answered without configuration: %v", h)
	}
}

func TestCORSConfigured(t *testing.T) {
	_, ts := newTestServer(t, Config{CORSOrigins: []string{"https://app.example", " http://LocalHost:3000/ "}})
	for _, origin := range []string{"https://app.example", "http://localhost:3000"} {
		code, _, h := call(t, http.MethodGet, ts.URL+"/api/search?q=中粮", nil, "Origin", origin)
		if code != 200 || h.Get("Access-Control-Allow-Origin") != origin || !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
			t.Errorf("GET from %s: %d %v", origin, code, h)
		}
		code, b, h := call(t, http.MethodOptions, ts.URL+"/api/v1/query/gizmo", nil,
			"Origin", origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
		if code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != origin ||
			!strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") ||
			!strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") || len(b) != 0 {
			t.Errorf("preflight from %s: %d %v %s", origin, code, h, b)
		}
	}
	// Other origins (a subdomain, another port, another scheme) get nothing.
	for _, origin := range []string{"https://evil.example", "https://x.app.example", "http://app.example", "https://app.example:444", "null"} {
		code, _, h := call(t, http.MethodGet, ts.URL+"/api/search?q=中粮", nil, "Origin", origin)
		if code != 200 || h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET from %s: %d %v", origin, code, h)
		}
		code, b, h := call(t, http.MethodOptions, ts.URL+"/api/v1/query/gizmo", nil, "Origin", origin, "Access-Control-Request-Method", "POST")
		wantError(t, code, b, http.StatusMethodNotAllowed, "not allowed")
		if h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight from %s answered: %v", origin, h)
		}
	}
	// Requests without an Origin are served as before.
	if code, _, h := call(t, http.MethodGet, ts.URL+"/api/status", nil); code != 200 || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no Origin: %d %v", code, h)
	}
	for _, bad := range []string{"*", "app.example", "https://app.example/path", "ftp://app.example", "https://user@app.example"} {
		if _, err := New(newTestStore(t), Config{CORSOrigins: []string{bad}}); err == nil {
			t.Errorf("CORS origin %q accepted", bad)
		}
	}
}

// panicExtractor panics, as a bug in the extractor would.
type panicExtractor struct{}

func (panicExtractor) Extract(context.Context, extract.Document) (extract.Facts, error) {
	panic(errors.New("extractor bug at extract/secret.go:42"))
}

// TestErrorsAreJSON checks that every error a handler can give is a JSON
// {"error": ...} without a stack trace.
func TestErrorsAreJSON(t *testing.T) {
	_, ts := newTestServer(t, Config{
		Writable: true, Token: testToken, MaxWriteBytes: 100,
		NewExtractor: func() (Extractor, error) { return panicExtractor{}, nil },
	})
	for _, c := range []struct {
		method, path, body string
		header             []string
		code               int
		want               string
	}{
		{"GET", "/nothing", "", nil, 404, "no page"},
		{"GET", "/api/nothing", "", nil, 404, "no API endpoint"},
		{"GET", "/static/nothing.js", "", nil, 404, "no file"},
		{"GET", "/static/", "", nil, 404, "no file"}, // no directory listing
		{"GET", "/api/named/nothing", "", nil, 404, "nothing"},
		{"GET", "/api/entity?name=nobody", "", nil, 404, "no entity"},
		{"GET", "/api/v2/write", "", nil, 405, "not allowed"},
		{"DELETE", "/api/search?q=x", "", nil, 405, "not allowed"},
		{"PUT", "/", "", nil, 405, "not allowed"},
		{"POST", "/api/v2/write", strings.Repeat("<a> <b> <c> .\n", 20), auth, 413, "limit of 100 bytes"},
		{"POST", "/api/v2/write", newCompanyNQ, nil, 401, "write token"},
		{"POST", "/api/v1/query/gizmo", "g.V(", nil, 400, ""},
		{"GET", "/api/neighbours?name=中粮集团&depth=x", "", nil, 400, ""},
		{"POST", "/api/ingest", "中粮集团签约", auth, 500, "internal error"},
	} {
		code, b, h := call(t, c.method, ts.URL+c.path, strings.NewReader(c.body), c.header...)
		wantError(t, code, b, c.code, c.want)
		if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: Content-Type %q", c.method, c.path, h.Get("Content-Type"))
		}
		if strings.Contains(string(b), "secret.go") {
			t.Errorf("%s %s: the panic reached the client: %s", c.method, c.path, b)
		}
	}
	// The server survived the panic.
	if code, b := get(t, ts.URL+"/api/status"); code != 200 {
		t.Fatalf("status after a panic: %d %s", code, b)
	}
}

// serveReal serves s with the http.Server of HTTPServer (its timeouts, not
// httptest's) on a loopback port, and returns the address.
func serveReal(t testing.TB, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// trickle writes b to c one byte every interval until it is done or the
// connection fails, and returns how many bytes went out.
func trickle(c net.Conn, b []byte, interval time.Duration) int {
	for i := range b {
		if _, err := c.Write(b[i : i+1]); err != nil {
			return i
		}
		time.Sleep(interval)
	}
	return len(b)
}

func TestSlowHeadersAreCutOff(t *testing.T) {
	const timeout = time.Second
	s, err := New(newTestStore(t), Config{ReadHeaderTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	addr := serveReal(t, s)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// 60 bytes at 4 per second would take 15 s.
	req := []byte("GET /api/status HTTP/1.1\r\nHost: x\r\nUser-Agent: slowloris\r\n\r\n")
	start := time.Now()
	sent := make(chan int, 1)
	go func() { sent <- trickle(c, req, 250*time.Millisecond) }()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, _ := io.ReadAll(c) // until the server closes the connection
	took := time.Since(start)
	c.Close()
	n := <-sent
	if took < timeout/2 || took > timeout+2*time.Second {
		t.Errorf("the slow client was cut off after %v; ReadHeaderTimeout is %v", took, timeout)
	}
	if n == len(req) || bytes.Contains(resp, []byte("200 OK")) {
		t.Errorf("the slow client got its whole request through (%d of %d bytes): %q", n, len(req), resp)
	}
	t.Logf("cut off after %v, %d of %d header bytes sent", took.Round(time.Millisecond), n, len(req))
}

func TestSlowBodyIsCutOff(t *testing.T) {
	const timeout = time.Second
	s, err := New(newTestStore(t), Config{ReadTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	addr := serveReal(t, s)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := []byte("g.V().All() // " + strings.Repeat("x", 45))
	if _, err := io.WriteString(c, "POST /api/v1/query/gizmo HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	go trickle(c, body, 250*time.Millisecond)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	took := time.Since(start)
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Errorf("the slow body was read whole: %s", b)
		}
	}
	if took > timeout+2*time.Second {
		t.Errorf("the slow body was cut off after %v; ReadTimeout is %v", took, timeout)
	}
}

func TestHugeHeaderRefused(t *testing.T) {
	s, err := New(newTestStore(t), Config{MaxHeaderBytes: 4 << 10})
	if err != nil {
		t.Fatal(err)
	}
	addr := serveReal(t, s)
	code, _, _ := call(t, http.MethodGet, "http://"+addr+"/api/status", nil, "X-Big", strings.Repeat("x", 16<<10))
	if code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 16 KB header: %d", code)
	}
}

func TestHTTPServerConfig(t *testing.T) {
	s, err := New(newTestStore(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout != DefaultReadHeaderTimeout || hs.ReadTimeout != DefaultReadTimeout ||
		hs.WriteTimeout != time.Minute || hs.IdleTimeout != DefaultIdleTimeout || hs.MaxHeaderBytes != DefaultMaxHeaderBytes {
		t.Errorf("defaults: %+v", hs)
	}
	s, err = New(newTestStore(t), Config{ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 3 * time.Second, IdleTimeout: 4 * time.Second, MaxHeaderBytes: 5})
	if err != nil {
		t.Fatal(err)
	}
	hs = s.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout != time.Second || hs.ReadTimeout != 2*time.Second || hs.WriteTimeout != 3*time.Second || hs.IdleTimeout != 4*time.Second || hs.MaxHeaderBytes != 5 {
		t.Errorf("configured: %+v", hs)
	}
}
