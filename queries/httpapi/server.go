// Package httpapi serves dealgraph's graph over HTTP: a Cayley-compatible
// query and data API (/api/v1/query/gizmo, /api/v2/query, /api/v2/read,
// /api/v2/formats, and, when writable, /api/v2/write, /api/v2/delete and
// /api/ingest), plain-JSON exploration endpoints (search, entity card,
// neighbours, paths, named queries), and the explorer page at /.
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
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"runtime"
	"runtime/debug"
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
)

// Config tunes a Server. The zero value is usable: read-only, default
// limits, no request log.
type Config struct {
	// Writable enables /api/v2/write, /api/v2/delete and /api/ingest; the
	// store must then be open for writing. Otherwise they answer 403.
	Writable bool
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

	idxMu sync.Mutex
	idx   atomic.Pointer[index]

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
	s.handler = s.routes()
	return s, nil
}

// Config returns the server's configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an http.Server for addr with read, write, header and
// idle timeouts suited to the server's query time limit.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Long enough for a query that uses its whole time limit, and an
		// export of a moderate store.
		WriteTimeout:   max(2*s.cfg.QueryTimeout, 60*time.Second),
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       s.cfg.Logger,
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
	mux.Handle("/", http.NotFoundHandler())
	return s.logRequests(s.recoverPanics(securityHeaders(mux)))
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
func (s *Server) invalidate() { s.idx.Store(nil) }

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
