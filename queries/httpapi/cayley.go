package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/nquads" // the format /api/v2/write reads by default

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

// resultBody is a query's answer as Cayley writes it. Result is never null:
// a query without results answers [].
type resultBody struct {
	Result []queries.Row `json:"result"`
}

// runGizmo runs src through the queries runner with the server's limits and
// writes Cayley's {"result": [...]} or {"error": "..."}. A row limit that
// cut the results is told by the header X-Dealgraph-Truncated.
func (s *Server) runGizmo(w http.ResponseWriter, r *http.Request, src string, limit int) {
	if strings.TrimSpace(src) == "" {
		writeError(w, http.StatusBadRequest, errors.New("query is empty"))
		return
	}
	release, err := s.acquire(r.Context())
	if err != nil {
		fail(w, err)
		return
	}
	defer release()
	res, err := s.runner.Run(r.Context(), s.store.QuadStore(), src, s.queryOptions(limit))
	if err != nil {
		fail(w, err)
		return
	}
	if res.Truncated {
		w.Header().Set("X-Dealgraph-Truncated", "true")
	}
	rows := res.Rows
	if rows == nil {
		rows = []queries.Row{}
	}
	writeJSON(w, http.StatusOK, resultBody{Result: rows})
}

// limitParam reads ?limit=N (0 when absent).
func limitParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, withStatus(http.StatusBadRequest, fmt.Errorf("limit must be a non-negative integer, not %q", v))
	}
	return n, nil
}

// serveV1Gizmo is Cayley's POST /api/v1/query/gizmo: the body is the query.
func (s *Server) serveV1Gizmo(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r)
	if err != nil {
		fail(w, err)
		return
	}
	body, err := readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		fail(w, err)
		return
	}
	s.runGizmo(w, r, string(body), limit)
}

func (s *Server) serveV1Other(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusBadRequest, fmt.Errorf("unknown query language %q: this server runs gizmo only", r.PathValue("lang")))
}

// serveV2Query is Cayley's /api/v2/query?lang=gizmo: the query is the
// parameter qu (GET) or the body (POST).
func (s *Server) serveV2Query(w http.ResponseWriter, r *http.Request) {
	vals := r.URL.Query()
	switch lang := vals.Get("lang"); lang {
	case "":
		writeError(w, http.StatusBadRequest, errors.New("query language not specified: add ?lang=gizmo"))
		return
	case "gizmo":
	default:
		writeError(w, http.StatusBadRequest, fmt.Errorf("unknown query language %q: this server runs gizmo only", lang))
		return
	}
	limit, err := limitParam(r)
	if err != nil {
		fail(w, err)
		return
	}
	var src string
	if r.Method == http.MethodGet {
		src = vals.Get("qu")
		if int64(len(src)) > s.cfg.MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("query is larger than the limit of %d bytes", s.cfg.MaxBodyBytes))
			return
		}
	} else {
		body, err := readBody(w, r, s.cfg.MaxBodyBytes)
		if err != nil {
			fail(w, err)
			return
		}
		src = string(body)
	}
	s.runGizmo(w, r, src, limit)
}

// exportFormat describes a format of /api/v2/read.
type exportFormat struct {
	name  string
	mime  string
	ext   string
	input string // the quad format /api/v2/write reads, or ""
}

var exportFormats = []exportFormat{
	{"nquads", "application/n-quads", ".nq", "nquads"},
	{"ntriples", "application/n-triples", ".nt", ""},
	{"turtle", "text/turtle", ".ttl", ""},
	{"jsonld", "application/ld+json", ".jsonld", "jsonld"},
	{"graphml", "application/xml", ".graphml", ""},
	{"dot", "text/vnd.graphviz", ".gv", ""},
}

// formatAliases are other names /api/v2/read accepts.
var formatAliases = map[string]string{"nq": "nquads", "nt": "ntriples", "ttl": "turtle", "json-ld": "jsonld", "graphviz": "dot"}

func exportFormatFor(r *http.Request) (exportFormat, error) {
	name := r.FormValue("format")
	if name == "" {
		// Cayley chooses by the Accept header when no format is given.
		for _, spec := range cayleyhttp.ParseAccept(r.Header, "Accept") {
			for _, f := range exportFormats {
				if spec.Value == f.mime {
					return f, nil
				}
			}
		}
		name = "nquads"
	}
	if a, ok := formatAliases[name]; ok {
		name = a
	}
	for _, f := range exportFormats {
		if f.name == name {
			return f, nil
		}
	}
	return exportFormat{}, withStatus(http.StatusBadRequest, fmt.Errorf("format %q is not supported for reading data; use one of %s", name, strings.Join(graph.ExportFormats, ", ")))
}

// serveV2Read is Cayley's /api/v2/read: the whole graph in ?format=…,
// written by graph's deterministic exporter.
func (s *Server) serveV2Read(w http.ResponseWriter, r *http.Request) {
	f, err := exportFormatFor(r)
	if err != nil {
		fail(w, err)
		return
	}
	for _, k := range []string{"sub", "pred", "obj", "label"} {
		if r.FormValue(k) != "" {
			writeError(w, http.StatusBadRequest, fmt.Errorf("filtering /api/v2/read by %s is not supported: use a Gizmo query", k))
			return
		}
	}
	// Export writes as it reads: buffer a first chunk so that an error at
	// the start still gets a proper status.
	bw := &startBuffer{w: w, limit: 64 << 10, header: func() {
		w.Header().Set("Content-Type", f.mime+"; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=\"dealgraph%s\"", f.ext))
	}}
	if err := s.store.Export(r.Context(), bw, f.name); err != nil {
		if !bw.started {
			fail(w, err)
		} else if s.cfg.Logger != nil {
			s.cfg.Logger.Printf("export as %s failed midway: %v", f.name, err)
		}
		return
	}
	bw.flush()
}

// startBuffer holds the first bytes of a response, so that a failure
// before limit bytes can still be answered with an error status.
type startBuffer struct {
	w       http.ResponseWriter
	buf     bytes.Buffer
	limit   int
	started bool
	header  func()
}

func (b *startBuffer) Write(p []byte) (int, error) {
	if b.started {
		return b.w.Write(p)
	}
	b.buf.Write(p)
	if b.buf.Len() >= b.limit {
		if err := b.flush(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (b *startBuffer) flush() error {
	if !b.started {
		b.started = true
		b.header()
		b.w.WriteHeader(http.StatusOK)
	}
	if b.buf.Len() > 0 {
		_, err := b.w.Write(b.buf.Bytes())
		b.buf.Reset()
		return err
	}
	return nil
}

// serveV2Formats is Cayley's /api/v2/formats: "write" formats are those
// /api/v2/read writes, "read" those /api/v2/write reads.
func (s *Server) serveV2Formats(w http.ResponseWriter, r *http.Request) {
	type format struct {
		ID    string   `json:"id"`
		Read  bool     `json:"read,omitempty"`
		Write bool     `json:"write,omitempty"`
		Ext   []string `json:"ext,omitempty"`
		Mime  []string `json:"mime,omitempty"`
	}
	out := make([]format, 0, len(exportFormats))
	for _, f := range exportFormats {
		fo := format{ID: f.name, Write: true, Ext: []string{f.ext}, Mime: []string{f.mime}}
		if f.input != "" {
			if qf := quad.FormatByName(f.input); qf != nil && qf.Reader != nil {
				fo.Read = true
			}
		}
		out = append(out, fo)
	}
	writeJSON(w, http.StatusOK, out)
}

// ---- writes ----------------------------------------------------------------

var errReadOnly = errors.New("database is read-only: start dealgraph serve with --writable to allow writes")

// cayleyWrite lets Cayley's own /api/v2/write and /api/v2/delete handlers
// (package server/http) do the parsing and answering, with the quads going
// through graph.Store.ApplyQuads, under the store's write lock.
func (s *Server) cayleyWrite(w http.ResponseWriter, r *http.Request, serve func(*cayleyhttp.APIv2, http.ResponseWriter, *http.Request)) {
	if !s.authorizeWrite(w, r) {
		return
	}
	body, err := readBody(w, r, s.cfg.MaxWriteBytes)
	if err != nil {
		fail(w, err)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	ctx, cancel := context.WithTimeout(r.Context(), max(s.cfg.QueryTimeout, 30*time.Second))
	defer cancel()
	qw := &storeWriter{ctx: ctx, st: s.store}
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	api := cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: s.store.QuadStore(), QuadWriter: qw})
	defer s.invalidate()
	serve(api, w, r)
}

func (s *Server) serveV2Write(w http.ResponseWriter, r *http.Request) {
	s.cayleyWrite(w, r, (*cayleyhttp.APIv2).ServeWrite)
}

func (s *Server) serveV2Delete(w http.ResponseWriter, r *http.Request) {
	s.cayleyWrite(w, r, (*cayleyhttp.APIv2).ServeDelete)
}

// storeWriter is a Cayley QuadWriter writing through graph.Store.
type storeWriter struct {
	ctx context.Context
	st  *graph.Store
}

func (q *storeWriter) AddQuad(x quad.Quad) error { return q.AddQuadSet([]quad.Quad{x}) }

func (q *storeWriter) AddQuadSet(xs []quad.Quad) error {
	_, _, err := q.st.ApplyQuads(q.ctx, xs, nil)
	return err
}

func (q *storeWriter) RemoveQuad(x quad.Quad) error {
	_, _, err := q.st.ApplyQuads(q.ctx, nil, []quad.Quad{x})
	return err
}

func (q *storeWriter) ApplyTransaction(tx *cgraph.Transaction) error {
	var adds, dels []quad.Quad
	for _, d := range tx.Deltas {
		if d.Action == cgraph.Delete {
			dels = append(dels, d.Quad)
		} else {
			adds = append(adds, d.Quad)
		}
	}
	_, _, err := q.st.ApplyQuads(q.ctx, adds, dels)
	return err
}

func (q *storeWriter) RemoveNode(quad.Value) error {
	return errors.New("removing a node is not supported; delete its quads")
}

func (q *storeWriter) Close() error { return nil }

// ingestRequest is the JSON form of POST /api/ingest.
type ingestRequest struct {
	IRI  string `json:"iri"`
	Name string `json:"name"`
	URL  string `json:"url"`
	Date string `json:"date"`
	Text string `json:"text"`
}

// serveIngest extracts a new article and loads its facts. The body is the
// article (UTF-8, GB18030 or Big5), with ?iri=&name=&url=&date=, or a JSON
// object {"iri", "name", "url", "date", "text"} sent as application/json.
// Without an IRI the document is named by its content's hash, so sending
// the same article twice loads it once.
func (s *Server) serveIngest(w http.ResponseWriter, r *http.Request) {
	if !s.authorizeWrite(w, r) {
		return
	}
	body, err := readBody(w, r, s.cfg.MaxWriteBytes)
	if err != nil {
		fail(w, err)
		return
	}
	q := r.URL.Query()
	req := ingestRequest{IRI: q.Get("iri"), Name: q.Get("name"), URL: q.Get("url"), Date: q.Get("date")}
	raw := body
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		if err := json.Unmarshal(body, &req); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("bad JSON: %w", err))
			return
		}
		raw = []byte(req.Text)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		writeError(w, http.StatusBadRequest, errors.New("no article: send its text as the body"))
		return
	}
	if req.IRI == "" {
		sum := sha256.Sum256(raw)
		req.IRI = "urn:dealgraph:doc:" + hex.EncodeToString(sum[:16])
	}
	if req.Name == "" {
		req.Name = req.IRI
	}
	x, err := s.extractor()
	if err != nil {
		fail(w, fmt.Errorf("starting the extractor: %w", err))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), max(6*s.cfg.QueryTimeout, time.Minute))
	defer cancel()
	facts, err := x.Extract(ctx, extract.Document{IRI: req.IRI, Name: req.Name, Raw: raw, URL: req.URL, Date: req.Date})
	if err != nil {
		if ctx.Err() == nil {
			err = withStatus(http.StatusUnprocessableEntity, fmt.Errorf("extracting %s: %w", req.Name, err))
		}
		fail(w, err)
		return
	}
	s.storeMu.Lock()
	st, err := s.store.Load(ctx, facts)
	s.invalidate()
	s.storeMu.Unlock()
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"result":   fmt.Sprintf("Loaded %s: %d quads added, %d removed.", req.IRI, st.Added, st.Removed),
		"document": req.IRI,
		"added":    st.Added,
		"removed":  st.Removed,
		"entities": st.Entities,
		"deals":    st.Deals,
	})
}
