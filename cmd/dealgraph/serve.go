package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries/httpapi"
)

func newServeCmd() *cobra.Command {
	var (
		sf         storeFlags
		addr       string
		writable   bool
		tokenFile  string
		cors       []string
		timeout    time.Duration
		maxResults int
	)
	cmd := &cobra.Command{
		Use:   "serve [--db PATH] [--backend bolt|leveldb] [--addr HOST:PORT] [--writable --token-file FILE] [--cors-origin ORIGIN]",
		Short: "Serve the graph over HTTP: a Cayley-compatible API and the explorer page",
		Long: `serve answers HTTP requests on --addr (loopback by default):

  /                          the explorer: search, graph, entity card, paths, Gizmo console
  POST /api/v1/query/gizmo   Gizmo query in the body → {"result": [...]} (as Cayley)
  GET|POST /api/v2/query?lang=gizmo, GET /api/v2/read?format=nquads, GET /api/v2/formats
  GET /api/search?q=, /api/entity?name=|id=, /api/neighbours?name=&depth=,
      /api/path?fromname=&toname=, /api/named, /api/named/NAME?arg=...
  POST /api/v2/write, /api/v2/delete, /api/ingest   only with --writable,
      and only with the header  Authorization: Bearer <token>

The store is opened read-only unless --writable, so queries, exports and
other servers can share it; writes then answer 403. --writable requires
--token-file: a file holding one token (at least 16 printable ASCII
characters, surrounding white space ignored) that every write, delete and
ingest must send as a bearer token; requests without it, or with another,
get 401. The token is compared in constant time and never logged. Create
one with:

  (umask 077; head -c 32 /dev/urandom | base64 > dealgraph.token)

Browsers may call the API from other sites' pages only for the origins
given with --cors-origin (repeat it or separate origins with commas; each
scheme://host[:port] exactly, no "*"): their requests get
Access-Control-Allow-Origin and preflight (OPTIONS) requests are answered.
Without it no CORS headers are sent.

Every query is bounded by --query-timeout and --max-results; request
bodies by 1 MB (queries) and 16 MB (writes, articles), answered 413 past
that; headers by 64 KB and 5 s to arrive (slow clients are cut off), whole
requests by 30 s to read. Every error is JSON {"error": "..."}, never a
stack trace. One line per request goes to stderr; SIGINT or SIGTERM stops
the server after the requests in flight finish.`,
		Example: `  dealgraph serve --db news.db
  curl -s localhost:64210/api/v1/query/gizmo -d 'entity("中粮集团").In(dg("buyer")).Out(dg("country")).Out(dg("name")).All()'

  (umask 077; head -c 32 /dev/urandom | base64 > dealgraph.token)
  dealgraph serve --db news.db --writable --token-file dealgraph.token --cors-origin https://app.example
  curl -s localhost:64210/api/ingest -H "Authorization: Bearer $(cat dealgraph.token)" --data-binary @article.txt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			logger := log.New(cmd.ErrOrStderr(), "", log.LstdFlags)
			token, err := serveToken(logger, writable, tokenFile)
			if err != nil {
				return err
			}
			return runServe(ctx, logger, sf, addr, httpapi.Config{
				Writable:     writable,
				Token:        token,
				CORSOrigins:  cors,
				QueryTimeout: timeout,
				MaxResults:   maxResults,
				Logger:       logger,
			})
		},
	}
	sf.register(cmd)
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:64210", "address to listen on (host:port; port 0 picks a free one)")
	f.BoolVar(&writable, "writable", false, "open the store for writing and allow /api/v2/write, /api/v2/delete and /api/ingest (needs --token-file)")
	f.StringVar(&tokenFile, "token-file", "", "file holding the bearer token that writes, deletes and ingests must send (required with --writable)")
	f.StringSliceVar(&cors, "cors-origin", nil, "allow browser pages from this origin (scheme://host[:port]) to call the API; repeatable or comma-separated (default: no CORS)")
	f.DurationVar(&timeout, "query-timeout", httpapi.DefaultQueryTimeout, "time limit of every query")
	f.IntVar(&maxResults, "max-results", httpapi.DefaultMaxResults, "at most this many rows per query (and nodes per neighbourhood)")
	return cmd
}

// serveToken reads the write token of a --writable server.
func serveToken(logger *log.Logger, writable bool, tokenFile string) (string, error) {
	const howto = "create one with:  (umask 077; head -c 32 /dev/urandom | base64 > dealgraph.token)"
	if !writable {
		if tokenFile != "" {
			return "", withExit(2, errors.New("--token-file is only used with --writable (a read-only server accepts no writes)"))
		}
		return "", nil
	}
	if tokenFile == "" {
		return "", withExit(2, errors.New("--writable requires --token-file FILE: writes, deletes and ingests must then send the token in the file as Authorization: Bearer <token>; "+howto))
	}
	token, err := httpapi.ReadTokenFile(tokenFile)
	if err != nil {
		return "", withExit(2, fmt.Errorf("--token-file: %w; %s", err, howto))
	}
	if fi, err := os.Stat(tokenFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
		logger.Printf("warning: the token file %s can be read by other users (mode %v); chmod 600 it", tokenFile, fi.Mode().Perm())
	}
	return token, nil
}

func runServe(ctx context.Context, logger *log.Logger, sf storeFlags, addr string, cfg httpapi.Config) error {
	if cfg.QueryTimeout <= 0 {
		return withExit(2, fmt.Errorf("--query-timeout must be positive, not %v", cfg.QueryTimeout))
	}
	if cfg.MaxResults <= 0 {
		return withExit(2, fmt.Errorf("--max-results must be positive, not %d", cfg.MaxResults))
	}
	st, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db, ReadOnly: !cfg.Writable})
	if err != nil {
		return fmt.Errorf("open the graph store (--backend %s, --db %s): %w", sf.backend, sf.db, err)
	}
	defer st.Close()
	srv, err := httpapi.New(st, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := srv.HTTPServer(ln.Addr().String())
	mode := "read-only"
	if cfg.Writable {
		mode = "writable with a bearer token"
	}
	if len(cfg.CORSOrigins) > 0 {
		mode += ", CORS for " + strings.Join(cfg.CORSOrigins, " ")
	}
	logger.Printf("serving %s (%s, %s) on http://%s/", st.Options().Path, st.Options().Backend, mode, ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving on %s: %w", addr, err)
	case <-ctx.Done():
	}
	logger.Printf("shutting down: waiting for requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.QueryTimeout+5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		hs.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Printf("stopped")
	return nil
}
