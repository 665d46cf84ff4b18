package graph

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// AliasRule is one decision of the user's alias set (RESOLUTION.md):
//
//	merge	NAME	NAME...	the names are one entity
//	split	NAME		never merge an entity through this name
type AliasRule struct {
	Op    string // "merge" or "split"
	Names []string
}

// String is the rule's line in the alias file (tab-separated).
func (r AliasRule) String() string {
	return r.Op + "\t" + strings.Join(r.Names, "\t")
}

// ParseAliases reads an alias file: one rule per line, fields separated by
// tabs (or, when a line has no tab, by runs of spaces), blank lines and
// lines starting with # ignored. Names are stored with their white space
// removed.
func ParseAliases(r io.Reader) ([]AliasRule, error) {
	var rules []AliasRule
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var fields []string
		if strings.Contains(text, "\t") {
			fields = strings.Split(text, "\t")
		} else {
			fields = strings.Fields(text)
		}
		rule, err := NewAliasRule(fields[0], fields[1:]...)
		if err != nil {
			return nil, fmt.Errorf("alias file line %d: %w", line, err)
		}
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the alias file: %w", err)
	}
	return rules, nil
}

// NewAliasRule checks and builds a rule.
func NewAliasRule(op string, names ...string) (AliasRule, error) {
	r := AliasRule{Op: strings.ToLower(strings.TrimSpace(op))}
	for _, n := range names {
		if n = CleanName(n); n != "" {
			r.Names = append(r.Names, n)
		}
	}
	switch r.Op {
	case "merge":
		if len(r.Names) < 2 {
			return r, fmt.Errorf("merge needs at least two names, got %d", len(r.Names))
		}
	case "split":
		if len(r.Names) != 1 {
			return r, fmt.Errorf("split needs exactly one name, got %d", len(r.Names))
		}
	default:
		return r, fmt.Errorf("unknown rule %q: use merge or split", op)
	}
	return r, nil
}

// WriteAliases writes rules as an alias file, with a header saying how to
// edit it.
func WriteAliases(w io.Writer, rules []AliasRule) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# dealgraph alias file: one decision per line, fields separated by tabs.")
	fmt.Fprintln(bw, "#   merge<TAB>NAME<TAB>NAME...   these names are one entity")
	fmt.Fprintln(bw, "#   split<TAB>NAME               never merge an entity through this name")
	fmt.Fprintln(bw, "# Apply with: dealgraph entities aliases --import FILE (see graph/RESOLUTION.md).")
	for _, r := range rules {
		fmt.Fprintln(bw, r.String())
	}
	return bw.Flush()
}

// Aliases returns the alias rules kept in the store, in file order.
func (s *Store) Aliases(ctx context.Context) ([]AliasRule, error) {
	qs, err := s.DocumentQuads(ctx, string(AliasGraph))
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, q := range qs {
		if q.Predicate == AliasRuleP {
			lines = append(lines, Lexical(q.Object))
		}
	}
	// Lines are stored with a sequence number so that file order survives.
	sort.Strings(lines)
	var rules []AliasRule
	for _, l := range lines {
		if _, rest, ok := strings.Cut(l, " "); ok {
			l = rest
		}
		f := strings.Split(l, "\t")
		if r, err := NewAliasRule(f[0], f[1:]...); err == nil {
			rules = append(rules, r)
		}
	}
	return rules, nil
}

// aliasQuads are the quads that hold rules in the store.
func aliasQuads(rules []AliasRule) []quad.Quad {
	if len(rules) == 0 {
		return nil
	}
	b := quadBuilder{label: AliasGraph, seen: map[quad.Quad]bool{}}
	b.add(AliasGraph, Type, AliasSet)
	for i, r := range rules {
		b.str(AliasGraph, AliasRuleP, fmt.Sprintf("%06d %s", i, r.String()))
	}
	return b.quads
}

// SetAliases replaces the store's alias rules. They take effect when the
// documents concerned are loaded again.
func (s *Store) SetAliases(ctx context.Context, rules []AliasRule) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.DocumentQuads(ctx, string(AliasGraph))
	if err != nil {
		return err
	}
	adds, dels := diff(old, aliasQuads(rules))
	if err := s.apply(ctx, adds, dels); err != nil {
		return fmt.Errorf("writing the alias rules to graph store %s: %w", s.opts.Path, err)
	}
	return nil
}

// apply removes dels and adds adds in one transaction, as two ApplyDeltas
// calls (see batchKV). Callers hold s.mu.
func (s *Store) apply(ctx context.Context, adds, dels []graph.Delta) error {
	if len(adds)+len(dels) == 0 {
		return nil
	}
	ignore := graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	return s.atomic(ctx, func() error {
		if len(dels) > 0 {
			if err := s.qs.ApplyDeltas(dels, ignore); err != nil {
				return err
			}
		}
		if len(adds) > 0 {
			return s.qs.ApplyDeltas(adds, ignore)
		}
		return nil
	})
}
