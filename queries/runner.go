package queries

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// DefaultTimeout is the time limit of a query whose Options leave it unset.
const DefaultTimeout = 10 * time.Second

// MaxCallDepth bounds the JavaScript call stack of a query. Recursion that
// re-enters the engine through Go (a getter, toString, [].map(f)) unwinds
// in time growing with the square of the depth and cannot be interrupted
// while it does: at 10,000 calls that took 3 s of CPU, at 2,000 about 0.1 s.
const MaxCallDepth = 2000

// DefaultMaxResultBytes caps the memory held for a query's rows when
// Options leave MaxResultBytes unset.
const DefaultMaxResultBytes = 64 << 20

//go:embed prelude.js
var preludeJS string

// Options tune one run.
type Options struct {
	// Limit caps the number of rows (after duplicates are removed); 0 means
	// no cap.
	Limit int
	// Timeout bounds the run; 0 means DefaultTimeout, a negative value no
	// limit beyond the context's own.
	Timeout time.Duration
	// KeepDuplicates keeps rows equal to an earlier row. By default they are
	// dropped: the same triple stored under several documents would
	// otherwise show once per document.
	KeepDuplicates bool
	// MaxResultBytes caps the memory held for the rows, measured as their
	// JSON encoding (duplicates dropped are not counted); 0 means
	// DefaultMaxResultBytes, a negative value no cap. A query that passes
	// it stops with a *ResultSizeError.
	MaxResultBytes int
}

// Row is one result: tag (or emitted key) → value. Values are JSON-ready:
// string, bool, json.Number, float64, int64, IRI, []any or map[string]any.
type Row map[string]any

// Result is what a query produced.
type Result struct {
	// Columns orders the keys of Rows for display.
	Columns []string
	Rows    []Row
	// Truncated is set when Options.Limit stopped the query with rows left.
	Truncated bool
	// Notes are hints about the query (such as a path that was built but
	// never run).
	Notes []string
}

// SyntaxError is a Gizmo (JavaScript) syntax error.
type SyntaxError struct {
	// Source names the query ("query", a file name or a named query).
	Source string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	Message      string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("syntax error in %s at line %d, column %d: %s", e.Source, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("syntax error in %s: %s", e.Source, e.Message)
}

// TimeoutError reports a query stopped by its time limit. It matches
// context.DeadlineExceeded with errors.Is.
type TimeoutError struct {
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("query stopped after its time limit of %v; make it more selective (start from a named entity) or allow more time (--timeout)", e.Timeout)
	}
	return "query stopped: its deadline passed; make it more selective or allow more time (--timeout)"
}

// Unwrap lets errors.Is(err, context.DeadlineExceeded) hold.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// ResultSizeError reports a query stopped because its rows passed
// Options.MaxResultBytes.
type ResultSizeError struct {
	Limit int
	Rows  int
}

func (e *ResultSizeError) Error() string {
	return fmt.Sprintf("query stopped: its results passed the cap of %s held in memory after %d rows; make it more selective or ask for fewer rows (--limit)", byteSize(e.Limit), e.Rows)
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Runner runs Gizmo source and named queries. The zero value is ready to
// use and knows the embedded named queries; a Runner may be used by several
// goroutines at once.
type Runner struct {
	named map[string]Named
	// prelude replaces prelude.js when set (tests run the naive versions
	// of the named queries with the naive prelude).
	prelude string
	// programs caches the compiled programs of named queries (source with
	// prelude → *goja.Program): compiling them costs more than running
	// most of them.
	programs sync.Map
	// deals keeps deals-by-country's aggregate of the last store state it
	// was asked for (dealagg.go).
	deals dealsCache
	// paths keeps the edges shortestPath read (pathcache.go).
	paths PathCache
}

// dealsCache returns the Runner's aggregate cache (nil for a nil Runner).
func (r *Runner) dealsCache() *dealsCache {
	if r == nil {
		return nil
	}
	return &r.deals
}

// pathCache returns the Runner's path cache (nil for a nil Runner).
func (r *Runner) pathCache() *PathCache {
	if r == nil {
		return nil
	}
	return &r.paths
}

// NewRunner returns a Runner with the embedded named queries.
func NewRunner() *Runner { return &Runner{named: embeddedNamed} }

func (r *Runner) namedQueries() map[string]Named {
	if r == nil || r.named == nil {
		return embeddedNamed
	}
	return r.named
}

// Run runs Gizmo source against qs. A syntax error is a *SyntaxError, a
// query past its time limit a *TimeoutError.
func (r *Runner) Run(ctx context.Context, qs cgraph.QuadStore, src string, opts Options) (*Result, error) {
	return r.run(ctx, qs, "query", src, nil, opts)
}

func (r *Runner) preludeSource() string {
	if r == nil || r.prelude == "" {
		return preludeJS
	}
	return r.prelude
}

// run checks src, appends the prelude and runs the program. A named
// query's arguments (args not nil) are the global array args; its compiled
// program is cached.
func (r *Runner) run(ctx context.Context, qs cgraph.QuadStore, source, src string, args []string, opts Options) (*Result, error) {
	program := src + "\n;\n" + r.preludeSource() + "\n" + vocabJS
	var prg *goja.Program
	if args != nil {
		if p, ok := r.programs.Load(program); ok {
			prg = p.(*goja.Program)
		}
	}
	if prg == nil {
		if err := checkSyntax(source, src); err != nil {
			return nil, err
		}
		p, err := goja.Compile("", program, false)
		if err != nil {
			// The source alone compiled, so this is the prelude's fault.
			return nil, fmt.Errorf("queries: cannot compile the query with its prelude (a bug in dealgraph): %w", err)
		}
		prg = p
		if args != nil {
			r.programs.Store(program, prg)
		}
	}

	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}

	lang := query.GetLanguage(gizmo.Name)
	if lang == nil {
		return nil, errors.New("queries: the gizmo language is not registered")
	}
	sess := lang.Session(qs)
	// The session compiles an empty program; scriptRun runs the real one
	// on the session's runtime.
	it, err := sess.Execute(ctx, "", query.Options{Collation: query.Raw})
	if err != nil {
		return nil, fmt.Errorf("queries: cannot start a Gizmo session (a bug in dealgraph): %w", err)
	}
	var vm *goja.Runtime
	if gs, ok := sess.(*gizmo.Session); ok {
		vm = runtimeOf(gs)
	}
	if vm == nil {
		it.Close()
		return nil, errors.New("queries: cannot reach the Gizmo runtime to install the prelude's helpers (Cayley's layout changed; a bug in dealgraph)")
	}
	// Deep recursion throws a RangeError instead of growing until the
	// time limit (and unwinding slowly after it).
	vm.SetMaxCallStackSize(MaxCallDepth)
	// The native helpers (native.go) stop when the run does: at its time
	// limit, or when stop is called after a row or byte cap.
	nctx, ncancel := context.WithCancel(ctx)
	defer ncancel()
	if err := installNatives(nctx, vm, qs, r.dealsCache(), r.pathCache()); err != nil {
		it.Close()
		return nil, err
	}
	if args != nil {
		items := make([]any, len(args))
		for i, a := range args {
			items[i] = a
		}
		if err := vm.Set("args", vm.NewArray(items...)); err != nil {
			it.Close()
			return nil, fmt.Errorf("queries: set the arguments: %w", err)
		}
	}
	// The script runs on a goroutine that survives panics (script.go).
	sr := newScriptRun(sess, it, prg)
	if sr == nil {
		it.Close()
		return nil, errors.New("queries: cannot reach the Gizmo session's result channel (Cayley's layout changed; a bug in dealgraph)")
	}
	var results resultIterator = sr
	stop := func() { ncancel(); sr.stop() }

	maxBytes := opts.MaxResultBytes
	if maxBytes == 0 {
		maxBytes = DefaultMaxResultBytes
	}
	held := 0 // bytes of rows kept, as JSON
	var sizeErr error

	res := &Result{}
	seen := make(map[string]bool)
	var meta any
	finished := false
	for {
		if !results.Next(ctx) {
			finished = ctx.Err() == nil
			break
		}
		gr, ok := results.Result().(*gizmo.Result)
		if !ok || gr == nil {
			continue
		}
		if gr.Meta {
			meta = gr.Val
			continue
		}
		row := toRow(qs, gr)
		if row == nil {
			continue
		}
		key := rowKey(row)
		if !opts.KeepDuplicates {
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		if opts.Limit > 0 && len(res.Rows) >= opts.Limit {
			res.Truncated = true
			break
		}
		if held += len(key); maxBytes > 0 && held > maxBytes {
			sizeErr = &ResultSizeError{Limit: maxBytes, Rows: len(res.Rows)}
			break
		}
		res.Rows = append(res.Rows, row)
	}
	runErr := results.Err()
	if !finished {
		stop()
	} else {
		it.Close()
	}

	if sizeErr != nil {
		return nil, sizeErr
	}
	if runErr != nil && !res.Truncated {
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			if timeout > 0 {
				return nil, &TimeoutError{Timeout: timeout}
			}
			return nil, &TimeoutError{}
		case errors.Is(ctx.Err(), context.Canceled):
			return nil, fmt.Errorf("query cancelled: %w", ctx.Err())
		}
		return nil, scriptError(source, runErr)
	}

	if len(res.Rows) == 0 && meta != nil {
		if v, ok := plainValue(meta); ok {
			res.Rows = append(res.Rows, Row{"value": v})
		} else if strings.Contains(fmt.Sprintf("%T", meta), "pathObject") {
			res.Notes = append(res.Notes, "the query ends with a path that was never run: add .All() (or use .ToArray(), .ForEach(...)) at its end")
		}
	}
	res.Columns = columnsOf(res.Rows, nil)
	return res, nil
}

// resultIterator is what run reads results from: a scriptRun, or Cayley's
// iterator.
type resultIterator interface {
	Next(context.Context) bool
	Result() any
	Err() error
}

// checkSyntax parses src alone, so that a syntax error points at the line
// and column the user wrote.
func checkSyntax(source, src string) error {
	if _, err := parser.ParseFile(nil, source, src, 0); err != nil {
		var list parser.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return &SyntaxError{Source: source, Line: list[0].Position.Line, Column: list[0].Position.Column, Message: list[0].Message}
		}
		return &SyntaxError{Source: source, Message: err.Error()}
	}
	if _, err := goja.Compile(source, src, false); err != nil {
		var ce *goja.CompilerSyntaxError
		if errors.As(err, &ce) {
			line, col := position(src, ce.Offset)
			return &SyntaxError{Source: source, Line: line, Column: col, Message: ce.Message}
		}
		var re *goja.CompilerReferenceError
		if errors.As(err, &re) {
			line, col := position(src, re.Offset)
			return &SyntaxError{Source: source, Line: line, Column: col, Message: re.Message}
		}
		return &SyntaxError{Source: source, Message: err.Error()}
	}
	return nil
}

// position turns a byte offset into a 1-based line and column (0, 0 when
// the offset is unknown).
func position(src string, off int) (line, col int) {
	if off <= 0 || off > len(src) {
		return 0, 0
	}
	before := src[:off]
	line = strings.Count(before, "\n") + 1
	col = len([]rune(before[strings.LastIndexByte(before, '\n')+1:])) + 1
	return line, col
}

// ScriptError is an error the query raised while running (a JavaScript
// exception, or an error from the store).
type ScriptError struct {
	Source string
	Err    error
}

func (e *ScriptError) Error() string {
	msg := strings.ReplaceAll(e.Err.Error(), "<eval>:", e.Source+":")
	return fmt.Sprintf("%s failed: %s", e.Source, msg)
}

func (e *ScriptError) Unwrap() error { return e.Err }

// scriptError wraps an error the script raised.
func scriptError(source string, err error) error {
	return &ScriptError{Source: source, Err: err}
}

// rowKey is a canonical form of a row, to find duplicates.
func rowKey(r Row) string {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Sprint(map[string]any(r))
	}
	return string(b)
}

// columnsOf orders the keys of rows: the given order first, then "id", then
// the rest alphabetically.
func columnsOf(rows []Row, order []string) []string {
	seen := make(map[string]bool)
	var cols []string
	for _, c := range order {
		if !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	var rest []string
	for _, r := range rows {
		for k := range r {
			if !seen[k] {
				seen[k] = true
				rest = append(rest, k)
			}
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		if (rest[i] == "id") != (rest[j] == "id") {
			return rest[i] == "id"
		}
		return rest[i] < rest[j]
	})
	if len(order) > 0 {
		// Declared columns nobody filled are dropped.
		used := make(map[string]bool)
		for _, r := range rows {
			for k := range r {
				used[k] = true
			}
		}
		kept := cols[:0]
		for _, c := range cols {
			if used[c] {
				kept = append(kept, c)
			}
		}
		cols = kept
	}
	return append(cols, rest...)
}
