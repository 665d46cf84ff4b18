// Command dgguard measures the CPU time of one named query in one process,
// for bench/guard.sh: it opens a graph store read-only, runs the query once
// to warm caches, then ROUNDS rounds of RUNS runs each, and prints the best
// round's user+sys CPU time per run in microseconds (getrusage of the
// process, so the query's own work and the garbage collection it causes,
// but not the time spent waiting for a core on a loaded machine).
//
//	dgguard -db g.db partners 中国能建
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	benchmeasure "github.com/dealgraph/dealgraph/bench/measure"
	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

func main() {
	db := flag.String("db", "dealgraph.db", "bolt graph store")
	runs := flag.Int("runs", 20, "runs per round")
	rounds := flag.Int("rounds", 5, "rounds; the best counts")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: dgguard [-db PATH] [-runs N] [-rounds N] NAMED-QUERY [ARGS...]")
		os.Exit(2)
	}
	us, err := measure(context.Background(), *db, *runs, *rounds, flag.Arg(0), flag.Args()[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "dgguard:", err)
		os.Exit(1)
	}
	fmt.Println(us)
}

func measure(ctx context.Context, db string, runs, rounds int, name string, args []string) (int64, error) {
	s, err := graph.Open(ctx, graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer s.Close()
	r := queries.NewRunner()
	run := func() error {
		res, err := r.RunNamed(ctx, s.QuadStore(), name, args, queries.Options{Timeout: time.Minute})
		if err == nil && len(res.Rows) == 0 {
			err = fmt.Errorf("%s %q has no answer on %s, so its time says little", name, args, db)
		}
		return err
	}
	if err := run(); err != nil {
		return 0, err
	}
	best := int64(-1)
	for range rounds {
		start, err := cpu()
		if err != nil {
			return 0, err
		}
		for range runs {
			if err := run(); err != nil {
				return 0, err
			}
		}
		end, err := cpu()
		if err != nil {
			return 0, err
		}
		if per := (end - start).Microseconds() / int64(runs); best < 0 || per < best {
			best = per
		}
	}
	return best, nil
}

// cpu is the user+sys CPU time of the process so far.
func cpu() (time.Duration, error) {
	if t := benchmeasure.CPUTime(); t > 0 {
		return t, nil
	}
	return 0, fmt.Errorf("cannot read the process's CPU time on this system")
}
