package queries

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
)

//go:embed named/*.js
var namedFS embed.FS

// Named is a query shipped with dealgraph, run by name with arguments.
type Named struct {
	Name        string
	Description string
	// Args names the arguments; optional ones are in brackets ("[DEPTH]").
	Args []string
	// Columns orders the result's columns.
	Columns []string
	// Source is the query's Gizmo source.
	Source string
}

// Usage is the named query as typed on the command line: "path FROM TO".
func (n Named) Usage() string {
	return strings.TrimSpace(n.Name + " " + strings.Join(n.Args, " "))
}

// argRange is how many arguments the query takes.
func (n Named) argRange() (min, max int) {
	for _, a := range n.Args {
		if !strings.HasPrefix(a, "[") {
			min++
		}
	}
	return min, len(n.Args)
}

// UnknownQueryError reports a named query that does not exist.
type UnknownQueryError struct {
	Name      string
	Available []string
}

func (e *UnknownQueryError) Error() string {
	return fmt.Sprintf("no named query %q; available: %s (dealgraph query --list describes them)", e.Name, strings.Join(e.Available, ", "))
}

// ArgsError reports a named query given the wrong number of arguments.
type ArgsError struct {
	Query Named
	Got   int
}

func (e *ArgsError) Error() string {
	return fmt.Sprintf("named query %s takes %s, got %d argument(s); usage: %s", e.Query.Name, argsWord(e.Query), e.Got, e.Query.Usage())
}

func argsWord(n Named) string {
	min, max := n.argRange()
	switch {
	case max == 0:
		return "no arguments"
	case min == max:
		return fmt.Sprintf("%d argument(s)", min)
	}
	return fmt.Sprintf("%d to %d arguments", min, max)
}

var embeddedNamed = mustLoadNamed(namedFS)

func mustLoadNamed(fsys fs.FS) map[string]Named {
	m, err := loadNamed(fsys)
	if err != nil {
		panic(err)
	}
	return m
}

// loadNamed reads named/*.js. Each file begins with header comments:
//
//	// NAME: one-line description
//	// args: ARG [OPTIONAL]
//	// columns: a, b, c
func loadNamed(fsys fs.FS) (map[string]Named, error) {
	files, err := fs.Glob(fsys, "named/*.js")
	if err != nil {
		return nil, err
	}
	out := make(map[string]Named, len(files))
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		n, err := parseNamed(string(b))
		if err != nil {
			return nil, fmt.Errorf("queries: %s: %w", f, err)
		}
		if want := strings.TrimSuffix(path.Base(f), ".js"); n.Name != want {
			return nil, fmt.Errorf("queries: %s: header names the query %q, the file %q", f, n.Name, want)
		}
		out[n.Name] = n
	}
	return out, nil
}

func parseNamed(src string) (Named, error) {
	n := Named{Source: src}
	lines := strings.Split(src, "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "// ") || !strings.Contains(lines[0], ": ") {
		return n, fmt.Errorf("first line must be \"// NAME: description\"")
	}
	head := strings.TrimPrefix(lines[0], "// ")
	i := strings.Index(head, ": ")
	n.Name, n.Description = strings.TrimSpace(head[:i]), strings.TrimSpace(head[i+2:])
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "//") {
			break
		}
		l = strings.TrimSpace(strings.TrimPrefix(l, "//"))
		switch {
		case strings.HasPrefix(l, "args:"):
			n.Args = strings.Fields(strings.TrimPrefix(l, "args:"))
		case strings.HasPrefix(l, "columns:"):
			for _, c := range strings.Split(strings.TrimPrefix(l, "columns:"), ",") {
				if c = strings.TrimSpace(c); c != "" {
					n.Columns = append(n.Columns, c)
				}
			}
		}
	}
	return n, nil
}

// List returns the named queries, sorted by name.
func (r *Runner) List() []Named {
	m := r.namedQueries()
	out := make([]Named, 0, len(m))
	for _, n := range m {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup finds a named query.
func (r *Runner) Lookup(name string) (Named, bool) {
	n, ok := r.namedQueries()[name]
	return n, ok
}

// names lists the named queries' names, sorted.
func (r *Runner) names() []string {
	var out []string
	for _, n := range r.List() {
		out = append(out, n.Name)
	}
	return out
}

// RunNamed runs a named query. The arguments reach the script as the array
// args, JSON-encoded: they are data, never code. An unknown name is an
// *UnknownQueryError, a wrong number of arguments an *ArgsError.
func (r *Runner) RunNamed(ctx context.Context, qs cgraph.QuadStore, name string, args []string, opts Options) (*Result, error) {
	n, ok := r.Lookup(name)
	if !ok {
		return nil, &UnknownQueryError{Name: name, Available: r.names()}
	}
	if min, max := n.argRange(); len(args) < min || len(args) > max {
		return nil, &ArgsError{Query: n, Got: len(args)}
	}
	if args == nil {
		args = []string{}
	}
	res, err := r.run(ctx, qs, n.Name, n.Source, args, opts)
	if err != nil {
		return nil, err
	}
	res.Columns = columnsOf(res.Rows, n.Columns)
	return res, nil
}
