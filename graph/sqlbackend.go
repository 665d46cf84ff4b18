package graph

// SQL backends: Cayley's PostgreSQL and CockroachDB quad stores
// (bench/SCALE.md). Options.Path is the database URL, e.g.
// postgres://user:pass@127.0.0.1:5432/dealgraph?sslmode=disable.

import (
	"context"
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

func (b sqlBackend) open(ctx context.Context, o Options) (opened, error) {
	if o.Path == "" || o.Path == DefaultBoltPath {
		return opened{}, fmt.Errorf("the %s backend needs a database URL: pass --db postgres://USER@HOST:PORT/DB?sslmode=disable", b.typ)
	}
	if !o.ReadOnly {
		// Creates the tables and indexes unless they exist.
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
