package graph

// SQL backends: Cayley's PostgreSQL and CockroachDB quad stores
// (bench/SCALE.md). Options.Path is the database URL, e.g.
// postgres://user:pass@127.0.0.1:5432/dealgraph?sslmode=disable.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // registers "cockroach"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"  // registers "postgres"
)

func init() {
	registerBackend("postgres", sqlBackend{typ: "postgres"})
	registerBackend("cockroach", sqlBackend{typ: "cockroach"})
}

type sqlBackend struct{ typ string }

// drivers are the database/sql drivers Cayley's flavors use.
var drivers = map[string]string{"postgres": "postgres", "cockroach": "pgx"}

// tablesExist tells whether the database already holds Cayley's tables, so
// that open calls Init only for a new database (Cayley logs an ERROR line
// when Init finds the tables). It is also the first contact with the
// server, so an unreachable one fails here with a readable error.
func (b sqlBackend) tablesExist(ctx context.Context, url string) (bool, error) {
	db, err := sql.Open(drivers[b.typ], url)
	if err != nil {
		return false, fmt.Errorf("opening the %s database: %w", b.typ, err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name IN ('nodes', 'quads')`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("connecting to the %s database (is the server running, and does --db name an existing database the user may use?): %w", b.typ, err)
	}
	return n == 2, nil
}

func (b sqlBackend) open(ctx context.Context, o Options) (opened, error) {
	if o.Path == "" || o.Path == DefaultBoltPath {
		return opened{}, fmt.Errorf("the %s backend needs a database URL: pass --db postgres://USER@HOST:PORT/DB?sslmode=disable", b.typ)
	}
	exist, err := b.tablesExist(ctx, o.Path)
	if err != nil {
		return opened{}, err
	}
	if !exist && !o.ReadOnly {
		// Creates the tables and indexes.
		if err := csql.Init(b.typ, o.Path, cgraph.Options{}); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return opened{}, fmt.Errorf("initializing %s graph store: %w", b.typ, err)
		}
	}
	qs, err := csql.New(b.typ, o.Path, cgraph.Options{})
	if err != nil {
		return opened{}, fmt.Errorf("opening %s graph store: %w", b.typ, err)
	}
	return opened{qs: qs}, nil
}
