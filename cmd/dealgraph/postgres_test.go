package main

import (
	"os"
	"path/filepath"
	"testing"
)

// namedQueryCases are named queries with arguments that have answers on the
// dev corpus copies in testdata/corpus.
var namedQueryCases = [][]string{
	{"companies", "泰国"},
	{"deals", "中国能建"},
	{"deals-by-country"},
	{"neighbours", "中国能建"},
	{"partners", "中国能建"},
	{"path", "宋海良", "西门子"},
	{"people", "中国能建"},
}

// TestPostgresMatchesBolt loads the dev corpus copies into PostgreSQL
// (Cayley's SQL backend) and into bolt, and checks that every named query
// answers the same on both. It needs an empty database:
// DEALGRAPH_POSTGRES_URL=postgres://USER@127.0.0.1:PORT/DB?sslmode=disable
// (.ci/postgres starts one).
func TestPostgresMatchesBolt(t *testing.T) {
	url := os.Getenv("DEALGRAPH_POSTGRES_URL")
	if url == "" {
		t.Skip("DEALGRAPH_POSTGRES_URL is not set (.ci/postgres sets it)")
	}
	db := filepath.Join(t.TempDir(), "news.db")
	corpus := filepath.Join("testdata", "corpus")
	for _, args := range [][]string{
		{"load", "--db", db, corpus},
		{"load", "--backend", "postgres", "--db", url, corpus},
		{"load", "--backend", "postgres", "--db", url, corpus}, // idempotent
	} {
		if r := run(t, nil, args...); r.code != 0 {
			t.Fatalf("%v exited %d: %s\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	for _, c := range namedQueryCases {
		b := run(t, nil, append([]string{"query", "--format", "json", "--db", db}, c...)...)
		p := run(t, nil, append([]string{"query", "--format", "json", "--backend", "postgres", "--db", url}, c...)...)
		if b.code != 0 || p.code != 0 {
			t.Errorf("query %v: bolt exited %d (%s), postgres %d (%s)", c, b.code, b.stderr, p.code, p.stderr)
			continue
		}
		if b.stdout == "" || b.stdout == "[]\n" {
			t.Errorf("query %v: no answer on bolt, so the comparison says nothing", c)
		}
		if b.stdout != p.stdout {
			t.Errorf("query %v: postgres answers\n%s\nbolt answers\n%s", c, p.stdout, b.stdout)
		}
	}
}
