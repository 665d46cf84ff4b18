// Package httpapi serves dealgraph's graph over HTTP: a Cayley-compatible
// query and data API (/api/v1/query/gizmo, /api/v2/query, /api/v2/read,
// /api/v2/formats, and, when writable, /api/v2/write, /api/v2/delete and
// /api/ingest), plain-JSON exploration endpoints (search, entity card,
// neighbours, paths, named queries), and the explorer page at /.
//
// Hardening: the server is read-only unless Config.Writable, and a writable
// server needs a bearer token (Config.Token) on every write, delete and
// ingest, compared in constant time. Bodies are size-limited, the
// http.Server from HTTPServer has header, read, write and idle timeouts,
// CORS headers are sent only for the origins in Config.CORSOrigins, and
// every error, down to an unknown path, is a JSON {"error": ...}.
//
// Every Gizmo query goes through package queries' runner, so its time limit
// (which also stops runaway JavaScript) and row limit apply; the
// exploration endpoints walk the store's iterators directly in Go, starting
// from the entity, and are bounded in time and size too. A handler never
// crashes the server: panics are recovered and answered with a JSON error
// that carries no stack trace.
package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"os"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

// Defaults of Config.
const (
	DefaultQueryTimeout  = 10 * time.Second
	DefaultMaxResults    = 1000
	DefaultMaxBodyBytes  = 1 << 20  // queries: as Cayley's maxQuerySize
	DefaultMaxWriteBytes = 16 << 20 // /api/v2/write, /api/v2/delete, /api/ingest

	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultMaxHeaderBytes    = 64 << 10

	// MinTokenLength is the shortest write token New accepts.
	MinTokenLength = 16
)

// Config tunes a Server. The zero value is usable: read-only, default
// limits, no request log.
type Config struct {
	// Writable enables /api/v2/write, /api/v2/delete and /api/ingest; the
	// store must then be open for writing. Otherwise they answer 403.
	Writable bool
	// Token is the bearer token every write, delete and ingest request must
	// carry (Authorization: Bearer TOKEN); required when Writable, at least
	// MinTokenLength printable ASCII characters. Requests without it, or
	// with another, are answered 401. It is never logged.
	Token string
	// CORSOrigins are the origins (scheme://host[:port]) whose pages may
	// call the API from a browser: their requests get
	// Access-Control-Allow-Origin and preflight requests are answered.
	// Empty (the default): no CORS headers at all, so browsers keep other
	// sites' pages from reading the answers.
	CORSOrigins []string
	// QueryTimeout bounds every query and exploration request.
	QueryTimeout time.Duration
	// MaxResults caps the rows of a query and the nodes of a neighbourhood.
	MaxResults int
	// MaxBodyBytes caps query bodies; MaxWriteBytes the bodies of writes and
	// ingested articles. Larger bodies are refused with 413.
	MaxBodyBytes, MaxWriteBytes int64
	// MaxConcurrentQueries bounds the Gizmo queries running at once (each
	// runs a JavaScript interpreter); more wait for a slot, up to their
	// time limit. Default: 2×GOMAXPROCS, at least 4.
	MaxConcurrentQueries int
	// Timeouts and header size of the http.Server returned by HTTPServer;
	// zero means the Default* constants (WriteTimeout: twice QueryTimeout,
	// at least a minute). ReadHeaderTimeout is what cuts off a client
	// that sends its headers slowly (slowloris).
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                                            int
	// Logger receives one line per request, and panics; nil logs nothing.
	Logger *log.Logger
	// NewExtractor builds the extractor for /api/ingest, on first use.
	// Default: extract.New.
	NewExtractor func() (Extractor, error)
}

// Extractor reads an article into facts (*extract.Extractor does).
type Extractor interface {
	Extract(ctx context.Context, doc extract.Document) (extract.Facts, error)
}

func (c *Config) fill() {
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	if c.MaxResults <= 0 {
		c.MaxResults = DefaultMaxResults
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxWriteBytes <= 0 {
		c.MaxWriteBytes = DefaultMaxWriteBytes
	}
	if c.MaxConcurrentQueries <= 0 {
		c.MaxConcurrentQueries = max(4, 2*runtime.GOMAXPROCS(0))
	}
	if c.NewExtractor == nil {
		c.NewExtractor = func() (Extractor, error) { return extract.New(extract.Options{}) }
	}
	if c.ReadHeaderTimeout <= 0 {
		c.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	if c.WriteTimeout <= 0 {
		// Long enough for a query that uses its whole time limit, and an
		// export of a moderate store.
		c.WriteTimeout = max(2*c.QueryTimeout, 60*time.Second)
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxHeaderBytes <= 0 {
		c.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
}

// CheckToken says what is wrong with a write token, or returns nil.
func CheckToken(token string) error {
	if len(token) < MinTokenLength {
		return fmt.Errorf("the write token is too short: %d characters, at least %d needed", len(token), MinTokenLength)
	}
	for _, c := range []byte(token) {
		if c <= ' ' || c > '~' {
			return errors.New("the write token may hold only printable ASCII characters without spaces")
		}
	}
	return nil
}

// ReadTokenFile reads a write token from a file: its content without the
// surrounding white space, checked with CheckToken. Errors do not quote the
// file's content.
func ReadTokenFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("reading the token file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if err := CheckToken(tok); err != nil {
		return "", fmt.Errorf("token file %s: %w", name, err)
	}
	return tok, nil
}

// checkOrigin validates a configured CORS origin and returns it in the
// form browsers send in the Origin header.
func checkOrigin(o string) (string, error) {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("CORS origin %q is not of the form http(s)://host[:port] (\"*\" is not supported: list the origins)", o)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

//go:embed static
var staticFS embed.FS

// Server is the HTTP handler. Build it with New.
type Server struct {
	store   *graph.Store
	cfg     Config
	runner  *queries.Runner
	fold    *extract.Folder
	handler http.Handler
	sem     chan struct{}

	tokenSum [sha256.Size]byte // of cfg.Token, for the constant-time compare

	// storeMu keeps writes apart from reads on a writable server: reads of
	// the store hold it shared, writes exclusively. Bolt cannot grow its
	// file (remap) while a read transaction is open, and a reader that
	// opens a second transaction while a writer waits for the remap (as
	// Cayley's iterators do when they resolve a quad) deadlocks the whole
	// store; the memstore has no locking of its own at all.
	storeMu sync.RWMutex

	idxMu sync.Mutex
	idx   atomic.Pointer[index]
	// degrees are the nodes' degrees the neighbours walks counted, kept
	// until the store changes (invalidate).
	degrees atomic.Pointer[degreeCache]

	// paths keeps the edges /api/path read while the store is unchanged
	// (it notices changes itself: queries.PathCache).
	paths queries.PathCache

	xMu  sync.Mutex
	x    Extractor
	xErr error
}

// New returns a Server for store.
func New(store *graph.Store, cfg Config) (*Server, error) {
	if store == nil {
		return nil, errors.New("httpapi: no store")
	}
	cfg.fill()
	if cfg.Writable {
		if cfg.Token == "" {
			return nil, errors.New("httpapi: a writable server needs a write token (Config.Token)")
		}
		if err := CheckToken(cfg.Token); err != nil {
			return nil, fmt.Errorf("httpapi: %w", err)
		}
	}
	origins := make([]string, 0, len(cfg.CORSOrigins))
	for _, o := range cfg.CORSOrigins {
		o, err := checkOrigin(strings.TrimSpace(o))
		if err != nil {
			return nil, fmt.Errorf("httpapi: %w", err)
		}
		if !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	cfg.CORSOrigins = origins
	fold, err := extract.NewFolder()
	if err != nil {
		return nil, fmt.Errorf("httpapi: loading the script tables: %w", err)
	}
	s := &Server{
		store:  store,
		cfg:    cfg,
		runner: queries.NewRunner(),
		fold:   fold,
		sem:    make(chan struct{}, cfg.MaxConcurrentQueries),
	}
	if cfg.Token != "" {
		s.tokenSum = sha256.Sum256([]byte(cfg.Token))
	}
	s.handler = s.routes()
	return s, nil
}

// Config returns the server's configuration, defaults filled in, without
// the token.
func (s *Server) Config() Config {
	c := s.cfg
	if c.Token != "" {
		c.Token = "(set)"
	}
	return c
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an http.Server for addr with the read-header, read,
// write and idle timeouts and the header size limit of the configuration.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          s.cfg.Logger,
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.HandlerFunc, methods ...string) {
		mux.Handle(pattern, allow(h, methods...))
	}
	// Cayley-compatible API.
	handle("/api/v1/query/gizmo", s.serveV1Gizmo, http.MethodPost)
	handle("/api/v1/query/{lang}", s.serveV1Other, http.MethodPost)
	handle("/api/v2/query", s.serveV2Query, http.MethodGet, http.MethodPost)
	handle("/api/v2/read", s.serveV2Read, http.MethodGet, http.MethodPost)
	handle("/api/v2/formats", s.serveV2Formats, http.MethodGet)
	handle("/api/v2/write", s.serveV2Write, http.MethodPost)
	handle("/api/v2/delete", s.serveV2Delete, http.MethodPost)
	handle("/api/ingest", s.serveIngest, http.MethodPost)
	// Exploration.
	handle("/api/search", s.serveSearch, http.MethodGet)
	handle("/api/entity", s.serveEntity, http.MethodGet)
	handle("/api/neighbours", s.serveNeighbours, http.MethodGet)
	handle("/api/path", s.servePath, http.MethodGet)
	handle("/api/nodes", s.serveNodes, http.MethodPost)
	handle("/api/named", s.serveNamedList, http.MethodGet)
	handle("/api/named/{name}", s.serveNamed, http.MethodGet, http.MethodPost)
	handle("/api/status", s.serveStatus, http.MethodGet)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Errorf("no API endpoint %s", r.URL.Path))
	})
	// The explorer.
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	files := http.FileServerFS(sub)
	mux.Handle("/static/", allow(func(w http.ResponseWriter, r *http.Request) {
		// Only files: no directory listings, and a JSON 404 (the file
		// server's own is plain text).
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static/")
		if fi, err := fs.Stat(sub, name); err != nil || fi.IsDir() {
			writeError(w, http.StatusNotFound, fmt.Errorf("no file %s", r.URL.Path))
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.StripPrefix("/static/", files).ServeHTTP(w, r)
	}, http.MethodGet, http.MethodHead))
	mux.Handle("/{$}", allow(func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(sub, "index.html")
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'")
		w.Write(b)
	}, http.MethodGet, http.MethodHead))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Errorf("no page %s", r.URL.Path))
	})
	return s.logRequests(s.recoverPanics(securityHeaders(s.cors(s.readLock(mux)))))
}

// writePaths are the endpoints that change the store; they take storeMu
// exclusively themselves, around the write only.
var writePaths = map[string]bool{"/api/v2/write": true, "/api/v2/delete": true, "/api/ingest": true}

// readLock holds storeMu shared while an API request other than a write
// runs, on a writable server (a read-only one has no writes to wait for).
func (s *Server) readLock(h http.Handler) http.Handler {
	if !s.cfg.Writable {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") || writePaths[r.URL.Path] {
			h.ServeHTTP(w, r)
			return
		}
		s.storeMu.RLock()
		defer s.storeMu.RUnlock()
		h.ServeHTTP(w, r)
	})
}

// cors adds Access-Control-Allow-Origin to the answers to the configured
// origins and answers their preflight requests. Without configured origins
// it adds nothing, and a preflight gets the 405 of any OPTIONS request.
func (s *Server) cors(h http.Handler) http.Handler {
	if len(s.cfg.CORSOrigins) == 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		if origin == "" || !slices.Contains(s.cfg.CORSOrigins, strings.ToLower(origin)) {
			h.ServeHTTP(w, r)
			return
		}
		hd.Set("Access-Control-Allow-Origin", origin)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			hd.Add("Vary", "Access-Control-Request-Method")
			hd.Add("Vary", "Access-Control-Request-Headers")
			hd.Set("Access-Control-Allow-Methods", "GET, HEAD, POST")
			hd.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
			hd.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}

var (
	errNoToken  = errors.New("this request changes the graph and needs the server's write token: send Authorization: Bearer <token>")
	errBadToken = errors.New("the write token is wrong")
)

// authorizeWrite checks a write request: 403 on a read-only server, 401
// without the right bearer token. It answers and returns false when the
// request may not go on.
func (s *Server) authorizeWrite(w http.ResponseWriter, r *http.Request) bool {
	if !s.cfg.Writable {
		writeError(w, http.StatusForbidden, errReadOnly)
		return false
	}
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dealgraph"`)
		writeError(w, http.StatusUnauthorized, errNoToken)
		return false
	}
	// Comparing digests keeps the time independent of the token's length
	// as well as of its content.
	sum := sha256.Sum256([]byte(tok))
	if subtle.ConstantTimeCompare(sum[:], s.tokenSum[:]) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dealgraph", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, errBadToken)
		return false
	}
	return true
}

// allow answers 405 with a JSON error to methods other than methods.
func allow(h http.HandlerFunc, methods ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range methods {
			if r.Method == m {
				h(w, r)
				return
			}
		}
		w.Header().Set("Allow", strings.Join(methods, ", "))
		writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(methods, " or ")))
	})
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// ---- responses -------------------------------------------------------------

// writeJSON writes v as JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// errorBody is every error's JSON form, as Cayley writes it.
type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, errorBody{Error: err.Error()})
}

// statusError is an error with the HTTP status it should be answered with.
type statusError struct {
	code int
	err  error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func withStatus(code int, err error) error { return &statusError{code: code, err: err} }

// fail answers err with the status it carries or deduces.
func fail(w http.ResponseWriter, err error) {
	writeError(w, statusOf(err), err)
}

// statusOf maps errors to HTTP statuses.
func statusOf(err error) int {
	var se *statusError
	var syn *queries.SyntaxError
	var scr *queries.ScriptError
	var unk *queries.UnknownQueryError
	var args *queries.ArgsError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &se):
		return se.code
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &syn), errors.As(err, &scr), errors.As(err, &args):
		return http.StatusBadRequest
	case errors.As(err, &unk):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		return 499 // client closed the request (nginx's code); rarely seen
	}
	return http.StatusInternalServerError
}

// readBody reads a request body of at most limit bytes; a larger one is a
// 413 error.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, withStatus(http.StatusRequestEntityTooLarge, fmt.Errorf("request body of %d bytes is larger than the limit of %d bytes", r.ContentLength, limit))
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, withStatus(http.StatusRequestEntityTooLarge, fmt.Errorf("request body is larger than the limit of %d bytes: %w", limit, err))
		}
		return nil, withStatus(http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err))
	}
	return b, nil
}

// ---- middleware ------------------------------------------------------------

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request: method, path, status, bytes,
// duration and client address.
func (s *Server) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if s.cfg.Logger != nil {
			code := rec.code
			if code == 0 {
				code = http.StatusOK
			}
			s.cfg.Logger.Printf("%s %s %d %dB %s %s", r.Method, r.URL.RequestURI(), code, rec.bytes, time.Since(start).Round(time.Microsecond), r.RemoteAddr)
		}
	})
}

// recoverPanics turns a handler's panic into a 500 JSON error; the stack
// goes to the log, never to the client.
func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec, _ := w.(*recorder)
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			if s.cfg.Logger != nil {
				s.cfg.Logger.Printf("panic serving %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
			}
			if rec == nil || rec.code == 0 {
				writeError(w, http.StatusInternalServerError, errors.New("internal error: the request failed; the server log has the details"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// ---- shared state ------------------------------------------------------------

// queryOptions are the runner options for one request; limit (from the
// request, 0 for none) may only lower MaxResults.
func (s *Server) queryOptions(limit int) queries.Options {
	o := queries.Options{Timeout: s.cfg.QueryTimeout, Limit: s.cfg.MaxResults}
	if limit > 0 && limit < o.Limit {
		o.Limit = limit
	}
	return o
}

// acquire takes a query slot, waiting at most the query time limit.
func (s *Server) acquire(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(s.cfg.QueryTimeout)
	defer t.Stop()
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, withStatus(http.StatusServiceUnavailable, fmt.Errorf("server busy: %d queries are running; retry later", cap(s.sem)))
	}
}

// invalidate drops caches that depend on the store's content.
func (s *Server) invalidate() {
	s.idx.Store(nil)
	s.degrees.Store(nil)
}

// extractor returns the ingest extractor, building it on first use.
func (s *Server) extractor() (Extractor, error) {
	s.xMu.Lock()
	defer s.xMu.Unlock()
	if s.x == nil && s.xErr == nil {
		s.x, s.xErr = s.cfg.NewExtractor()
	}
	return s.x, s.xErr
}

func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"quads":        st.Quads,
		"documents":    st.Documents,
		"writable":     s.cfg.Writable,
		"queryTimeout": s.cfg.QueryTimeout.String(),
		"maxResults":   s.cfg.MaxResults,
		"backend":      s.store.Options().Backend,
	})
}
