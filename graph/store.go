package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/flat"
	hleveldb "github.com/hidal-go/hidalgo/kv/flat/leveldb"
	lderrors "github.com/syndtr/goleveldb/leveldb/errors"
	"github.com/syndtr/goleveldb/leveldb/opt"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph/internal/bboltkv"
)

// DefaultBoltPath is the bolt file used when Options.Path is empty.
const DefaultBoltPath = "dealgraph.db"

// boltFillPercent is how full bolt packs the pages it splits (see boltBackend.open).
const boltFillPercent = 0.9

// boltInitialMmap is the size bolt maps a writable file with from the start.
const boltInitialMmap = 1 << 30

// DefaultLockTimeout is how long Open waits for a bolt file that another
// process holds before it gives up.
const DefaultLockTimeout = time.Second

// Options choose and configure the store.
type Options struct {
	// Backend is "bolt" (default), "leveldb" or "memstore".
	Backend string
	// Path is the bolt file (default DefaultBoltPath) or the leveldb
	// directory. memstore ignores it.
	Path string
	// ReadOnly opens an existing store without write access; bolt then
	// takes a shared lock, so several readers may have the file open.
	ReadOnly bool
	// LockTimeout bounds the wait for a bolt file locked by another process
	// (default DefaultLockTimeout).
	LockTimeout time.Duration
	// NoSync skips fsync after each commit (bolt and leveldb). Faster, but a
	// power cut may lose the last commits; a killed process loses nothing.
	NoSync bool
}

// backend opens one kind of quad store.
type backend interface {
	open(ctx context.Context, o Options) (opened, error)
}

// opened is what a backend opened: the quad store and, for kv backends, the
// kv database under it (see batchKV).
type opened struct {
	qs graph.QuadStore
	kv *batchKV
}

// backends holds the registered backends by name. It is written only by
// init functions (registerBackend), like Cayley's own registry.
var backends = map[string]backend{}

func registerBackend(name string, b backend) {
	if _, dup := backends[name]; dup {
		panic("graph: backend registered twice: " + name)
	}
	backends[name] = b
}

// Backends lists the names of the registered backends, sorted.
func Backends() []string {
	names := make([]string, 0, len(backends))
	for n := range backends {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func init() {
	registerBackend("bolt", boltBackend{})
	registerBackend("leveldb", leveldbBackend{})
	registerBackend("memstore", memBackend{})
}

// Store is an open dealgraph quad store.
type Store struct {
	qs   graph.QuadStore
	kv   *batchKV // nil for memstore
	opts Options
	// mu serializes Load: a document's read-diff-apply must not interleave
	// with another Load of the same document. Other processes are kept out
	// by the backend's file lock.
	mu sync.Mutex
	// evidence caches merge evidence for the resolver (lookup.go); under mu.
	evidence map[[3]uint64]evidenceMark
	// noBulk makes LoadBatch add quads with Cayley's ApplyDeltas instead
	// of bulkAdd (for the tests that compare the two).
	noBulk bool
}

// Open opens the store described by o, creating it when it does not exist
// (unless o.ReadOnly).
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Backend == "" {
		o.Backend = "bolt"
	}
	b, ok := backends[o.Backend]
	if !ok {
		return nil, fmt.Errorf("unknown store backend %q: use one of %s", o.Backend, strings.Join(Backends(), ", "))
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.Backend == "bolt" && o.Path == "" {
		o.Path = DefaultBoltPath
	}
	op, err := b.open(ctx, o)
	if err != nil {
		return nil, err
	}
	return &Store{qs: op.qs, kv: op.kv, opts: o}, nil
}

// QuadStore is the underlying Cayley quad store, for the query engine.
func (s *Store) QuadStore() graph.QuadStore { return s.qs }

// Options returns the options the store was opened with (defaults filled).
func (s *Store) Options() Options { return s.opts }

// Close closes the store.
func (s *Store) Close() error {
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("closing graph store %s: %w", s.opts.Path, err)
	}
	return nil
}

// ---- bolt ----------------------------------------------------------------

type boltBackend struct{}

func (boltBackend) open(ctx context.Context, o Options) (op opened, err error) {
	path := o.Path
	if path == "" {
		path = DefaultBoltPath
	}
	fi, statErr := os.Stat(path)
	switch {
	case statErr == nil && fi.IsDir():
		return opened{}, fmt.Errorf("graph store %s is a directory, but the bolt backend needs a file: pass --db FILE, or --backend leveldb for a directory", path)
	case errors.Is(statErr, os.ErrNotExist) && o.ReadOnly:
		return opened{}, fmt.Errorf("no graph store at %s: load documents first (dealgraph load --db %s ...) or pass the right --db: %w", path, path, statErr)
	case errors.Is(statErr, os.ErrNotExist):
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return opened{}, fmt.Errorf("creating the folder of graph store %s: %w", path, err)
			}
		}
		if err := createBolt(ctx, path, o); err != nil {
			return opened{}, err
		}
	case statErr != nil:
		return opened{}, fmt.Errorf("graph store %s: %w", path, statErr)
	}

	// bolt panics on some kinds of corruption instead of returning an error.
	defer func() {
		if r := recover(); r != nil {
			op = opened{}
			err = fmt.Errorf("graph store %s is corrupt (%v): move it away and load the documents again, or pass another --db: %w", path, r, bolterrors.ErrInvalid)
		}
	}()
	// The hashmap freelist finds free pages in constant time; the array
	// one (bolt's default) scans, which shows on large files.
	bo := &bolt.Options{Timeout: o.LockTimeout, ReadOnly: o.ReadOnly, FreelistType: bolt.FreelistMapType}
	if !o.ReadOnly && runtime.GOOS != "windows" && strconv.IntSize == 64 {
		// bolt grows its map of the file by doubling, and each remap
		// copies every node the write transaction touched: 5-10% of the
		// CPU of a bulk load. Address space only (on Windows bolt would
		// grow the file to the map's size).
		bo.InitialMmapSize = boltInitialMmap
	}
	db, err := bolt.Open(path, 0o644, bo)
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return opened{}, fmt.Errorf("graph store %s is locked by another process (is another dealgraph load, query or export running?): wait for it to finish or stop it, then retry: %w", path, err)
		case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
			return opened{}, fmt.Errorf("graph store %s is not a bolt database or is corrupt: move it away and load the documents again, or pass another --db: %w", path, err)
		}
		return opened{}, fmt.Errorf("opening graph store %s: %w", path, err)
	}
	db.NoSync = o.NoSync
	db.NoGrowSync = o.NoSync
	bkv := newBoltKV(db)
	op, err = openKV(ctx, bkv, path, o)
	if err != nil {
		db.Close()
		return opened{}, err
	}
	return op, nil
}

// newBoltKV wraps a bolt database for Cayley with dealgraph's page fills.
func newBoltKV(db *bolt.DB) *bboltkv.DB {
	bkv := bboltkv.New(db)
	// Cayley's log keys are quad IDs, which only grow, and its index keys
	// start with node IDs, new nodes taking the next ones: writes are
	// mostly appends, which bolt's default fill (50%) leaves half-empty
	// pages behind. Measured on the 100k-quad benchmark graph: 365 bytes a
	// quad at 0.5, 254 at 0.9, 257 at 1.0, the same CPU time.
	bkv.SetFillPercent(boltFillPercent)
	// The log's keys are quad and node IDs, which only grow: its pages
	// never take an insert once written, so they can be full.
	bkv.SetBucketFillPercent(string(kvLogBucket), 1.0)
	return bkv
}

// createBolt makes a new, initialized store at path in one step: it is
// written as path+".new" and renamed into place, so that a process killed
// while creating it leaves no store file that opens as an uninitialized
// one (read-only commands would then call it empty, and check would fail).
func createBolt(ctx context.Context, path string, o Options) error {
	tmp := path + ".new"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("creating graph store %s: removing a leftover %s: %w", path, tmp, err)
	}
	db, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: o.LockTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("creating graph store %s: %w", path, err)
	}
	bkv := newBoltKV(db)
	op, err := openKV(ctx, bkv, tmp, o)
	if err != nil {
		db.Close()
		os.Remove(tmp)
		return fmt.Errorf("creating graph store %s: %w", path, err)
	}
	if err := op.qs.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("creating graph store %s: %w", path, err)
	}
	db.Close() // closed already by the quad store on most versions; a second close is a no-op
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("creating graph store %s: %w", path, err)
	}
	return nil
}

// ---- leveldb -------------------------------------------------------------

type leveldbBackend struct{}

func (leveldbBackend) open(ctx context.Context, o Options) (opened, error) {
	path := o.Path
	if path == "" {
		return opened{}, errors.New("the leveldb backend needs a directory: pass --db DIR")
	}
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return opened{}, fmt.Errorf("graph store %s is a file, but the leveldb backend needs a directory: pass --db DIR, or --backend bolt for a file", path)
	}
	db, err := hleveldb.Open(path, &opt.Options{ReadOnly: o.ReadOnly, ErrorIfMissing: o.ReadOnly})
	if err != nil {
		switch {
		case lderrors.IsCorrupted(err):
			return opened{}, fmt.Errorf("graph store %s is a corrupt leveldb directory: move it away and load the documents again, or pass another --db: %w", path, err)
		case errors.Is(err, os.ErrNotExist):
			return opened{}, fmt.Errorf("no graph store at %s: load documents first (dealgraph load --backend leveldb --db %s ...) or pass the right --db: %w", path, path, err)
		case strings.Contains(err.Error(), "resource temporarily unavailable"), strings.Contains(err.Error(), "lock"):
			return opened{}, fmt.Errorf("graph store %s is locked by another process (is another dealgraph load, query or export running?): wait for it to finish or stop it, then retry: %w", path, err)
		}
		return opened{}, fmt.Errorf("opening graph store %s: %w", path, err)
	}
	db.SetWriteOptions(&opt.WriteOptions{Sync: !o.NoSync})
	op, err := openKV(ctx, flat.Upgrade(db), path, o)
	if err != nil {
		db.Close()
		return opened{}, err
	}
	return op, nil
}

// ---- memstore ------------------------------------------------------------

type memBackend struct{}

func (memBackend) open(context.Context, Options) (opened, error) {
	return opened{qs: memstore.New()}, nil
}

// ---- Cayley kv layer -------------------------------------------------------

// labelIndex lets a document's quads be found by a prefix scan instead of
// a scan of the whole store.
var labelIndex = kv.QuadIndex{Dirs: []quad.Direction{quad.Label, quad.Subject}}

// openKV opens (initializing when new) Cayley's quad store on a kv database.
func openKV(ctx context.Context, db hkv.KV, path string, o Options) (opened, error) {
	// Cayley's existence bloom filters are off, for readers and writers.
	// They cost a scan of the whole log at every open, and several hundred
	// MB of memory on a new store (one 100M-entry filter per index), and
	// they buy nothing for Load: every quad of a document carries the
	// document's label, so quads of a new document skip the existence check
	// anyway, and a changed document's check reads a short label+subject
	// index list. Profiled on the 100k-quad benchmark graph, setting their
	// bits was 20% of the CPU of a bulk load.
	opts := graph.Options{kv.OptNoBloom: true}
	bkv := &batchKV{KV: db, opts: opts}
	qs, err := kv.New(bkv, opts)
	if errors.Is(err, graph.ErrNotInitialized) {
		if o.ReadOnly {
			return opened{}, fmt.Errorf("graph store %s is empty: load documents first (dealgraph load --db %s ...): %w", path, path, err)
		}
		if err := initKV(ctx, bkv, opts); err != nil {
			return opened{}, fmt.Errorf("initializing graph store %s: %w", path, err)
		}
		qs, err = kv.New(bkv, opts)
	}
	if err != nil {
		return opened{}, fmt.Errorf("graph store %s is not a dealgraph store or was written by another version: move it away and load the documents again, or pass another --db: %w", path, err)
	}
	return opened{qs: qs, kv: bkv}, nil
}

// batchKV lets several Cayley ApplyDeltas calls share one kv write
// transaction, so that they commit (or vanish) together.
//
// It exists because of a bug in Cayley v0.7.7's kv ApplyDeltas: when one
// call both adds and deletes quads, a node whose reference count goes down
// overall (typically the document label: 4 quads added, 6 removed) is
// treated only as a removal, and the added quads silently lose that
// direction (they come out with no label). Load therefore applies the
// removals and the additions as two calls, inside one transaction.
type batchKV struct {
	hkv.KV
	opts  graph.Options
	mu    sync.Mutex
	outer hkv.Tx // the shared write transaction while a batch runs
}

// Tx hands out the shared transaction to writers while a batch runs.
// Readers get their own read transaction and see the last commit.
func (b *batchKV) Tx(rw bool) (hkv.Tx, error) {
	if rw {
		b.mu.Lock()
		o := b.outer
		b.mu.Unlock()
		if o != nil {
			return sharedTx{o}, nil
		}
	}
	return b.KV.Tx(rw)
}

// shared returns the batch's transaction (nil outside a batch).
func (b *batchKV) shared() hkv.Tx {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.outer
}

// sharedTx is the batch's transaction seen by one writer: committing or
// closing it is left to the batch.
type sharedTx struct{ hkv.Tx }

func (sharedTx) Commit(context.Context) error { return nil }
func (sharedTx) Close() error                 { return nil }

// atomic runs fn so that all its writes commit in one transaction. If fn
// or the commit fails, nothing is written; Cayley's in-memory caches may
// then disagree with the database, so the quad store is reopened.
// Callers hold s.mu.
func (s *Store) atomic(ctx context.Context, fn func() error) error {
	if s.kv == nil {
		return fn()
	}
	tx, err := s.kv.KV.Tx(true)
	if err != nil {
		return err
	}
	s.kv.mu.Lock()
	s.kv.outer = tx
	s.kv.mu.Unlock()
	err = fn()
	s.kv.mu.Lock()
	s.kv.outer = nil
	s.kv.mu.Unlock()
	if err == nil {
		err = tx.Commit(ctx)
	} else {
		tx.Close()
	}
	if err != nil {
		if qs, rerr := kv.New(s.kv, s.kv.opts); rerr == nil {
			s.qs = qs
		}
		return err
	}
	return nil
}

// initKV initializes a new store in one write transaction: Cayley's
// kv.Init writes buckets, version and index list in separate transactions,
// and a process killed between them (or before addLabelIndex) would leave
// a store that is neither empty nor usable. Here they commit together.
func initKV(ctx context.Context, bkv *batchKV, opts graph.Options) error {
	tx, err := bkv.KV.Tx(true)
	if err != nil {
		return err
	}
	bkv.mu.Lock()
	bkv.outer = tx
	bkv.mu.Unlock()
	err = kv.Init(bkv, opts)
	if err == nil {
		err = addLabelIndex(ctx, bkv)
	}
	bkv.mu.Lock()
	bkv.outer = nil
	bkv.mu.Unlock()
	if err != nil {
		tx.Close()
		return err
	}
	return tx.Commit(ctx)
}

// addLabelIndex adds labelIndex to a freshly initialized kv store. Cayley
// v0.7.7 keeps the list of indexes as JSON under meta/indexes and a bucket
// per index named by the directions' prefixes; it offers no option to
// choose indexes at creation (the CAYLEY_KV_INDEXES variable cannot set
// them), so this writes that layout itself before any quad exists.
func addLabelIndex(ctx context.Context, db hkv.KV) error {
	inds := append(append([]kv.QuadIndex(nil), kv.DefaultQuadIndexes...), labelIndex)
	data, err := json.Marshal(inds)
	if err != nil {
		return err
	}
	bucket := make([]byte, len(labelIndex.Dirs))
	for i, d := range labelIndex.Dirs {
		bucket[i] = d.Prefix()
	}
	return hkv.Update(ctx, db, func(tx hkv.Tx) error {
		if err := hkv.CreateBucket(ctx, tx, hkv.Key{bucket}); err != nil {
			return err
		}
		return tx.Put(hkv.Key{[]byte("meta"), []byte("indexes")}, data)
	})
}

// ---- loading ---------------------------------------------------------------

// LoadStats tells what one Load changed.
type LoadStats struct {
	Added    int // quads added
	Removed  int // quads removed
	Entities int // distinct entities in the document's facts
	Deals    int // deals in the document's facts
	// Merges lists the document's entities that were resolved to a node
	// of another ID (RESOLUTION.md).
	Merges []MergeInfo
}

// Load stores one document's facts. It first resolves the document's
// entities against the nodes of other documents (RESOLUTION.md): an entity
// the rules find to be an existing node takes that node's IRI and canonical
// name, and the merge is recorded as a dg:Merge node. It is idempotent and
// incremental: it
// reads the quads the store holds under the document's label, computes the
// difference with Quads(f), and applies the removals and additions in one
// kv transaction (two ApplyDeltas calls sharing it; see batchKV). So
// loading the same facts twice adds nothing, a changed document replaces
// its own quads and no other document's, and a process killed mid-load
// leaves each document either as it was or fully loaded.
func (s *Store) Load(ctx context.Context, f extract.Facts) (LoadStats, error) {
	st, err := s.LoadBatch(ctx, []extract.Facts{f})
	if len(st) == 1 {
		return st[0], err
	}
	return LoadStats{}, err
}

// LoadBatch loads several documents in one transaction: each document is
// handled as by Load, and they commit together, so that a batch costs one
// fsync instead of one per document. After a crash each document is still
// either as it was or fully loaded. On error nothing of the batch is
// written; the caller may retry the documents one by one with Load to find
// the one at fault. A document IRI may appear only once in a batch.
func (s *Store) LoadBatch(ctx context.Context, fs []extract.Facts) ([]LoadStats, error) {
	stats := make([]LoadStats, len(fs))
	seen := map[string]bool{}
	for i, f := range fs {
		if f.Doc.IRI == "" {
			return nil, fmt.Errorf("loading %s: %w", f.Doc.Name, ErrNoDocumentIRI)
		}
		if seen[f.Doc.IRI] {
			return nil, fmt.Errorf("loading %s: document %s appears twice in one batch", f.Doc.Name, f.Doc.IRI)
		}
		seen[f.Doc.IRI] = true
		ids := map[string]bool{}
		for _, e := range f.Entities {
			if e.ID != "" {
				ids[e.ID] = true
			}
		}
		stats[i].Entities = len(ids)
		for _, d := range f.Deals {
			if d.ID != "" {
				stats[i].Deals++
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// Read and diff everything before the write transaction opens: bolt
	// must not have a read transaction open in the goroutine that writes.
	//
	// Each document is first resolved (resolve.go) against the store minus
	// the batch's documents plus the batch's documents before it.
	rules, err := s.Aliases(ctx)
	if err != nil {
		return nil, err
	}
	iris := make([]string, len(fs))
	for i, f := range fs {
		iris[i] = f.Doc.IRI
	}
	v, err := newView(ctx, s, iris)
	if err != nil {
		return nil, err
	}
	res := resolver{v: v, aliases: newAliasIndex(rules)}
	var adds, dels []graph.Delta
	for i, f := range fs {
		rf, merges, err := res.resolve(f)
		if err != nil {
			return nil, fmt.Errorf("resolving the entities of %s: %w", f.Doc.Name, err)
		}
		next := append(Quads(rf), mergeQuads(f.Doc.IRI, merges)...)
		res.v.add(next)
		stats[i].Merges = merges
		old, err := s.documentQuads(ctx, v, f.Doc.IRI)
		if err != nil {
			return nil, err
		}
		a, d := diff(old, next)
		stats[i].Added, stats[i].Removed = len(a), len(d)
		adds, dels = append(adds, a...), append(dels, d...)
	}
	if len(adds)+len(dels) == 0 {
		return stats, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The whole batch is two ApplyDeltas calls, all removals then all
	// additions, never one mixed call (see batchKV). The documents' quads
	// are disjoint (each carries its document's label), so this is the
	// same as applying them document by document, but Cayley rewrites each
	// index list it appends to once per call: once per batch instead of
	// once per document for the lists of hub nodes.
	//
	// On kv stores the additions bypass ApplyDeltas: bulkAdd writes the
	// same keys and values for them in the same transaction, at less than
	// half the CPU (bulk.go).
	ignore := graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	err = s.atomic(ctx, func() error {
		for _, ds := range [][]graph.Delta{dels, adds} {
			if len(ds) == 0 {
				continue
			}
			if s.kv != nil && !s.noBulk && ds[0].Action == graph.Add {
				if _, err := bulkAdd(ctx, s.kv.shared(), deltaQuads(ds)); err != nil {
					return err
				}
				continue
			}
			if err := s.qs.ApplyDeltas(ds, ignore); err != nil {
				var de *graph.DeltaError
				if errors.As(err, &de) && de.Delta.Quad.Label != nil {
					return fmt.Errorf("%s: %w", Lexical(de.Delta.Quad.Label), err)
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading into graph store %s: %w", s.opts.Path, err)
	}
	return stats, nil
}

// deltaQuads returns the quads of ds.
func deltaQuads(ds []graph.Delta) []quad.Quad {
	qs := make([]quad.Quad, len(ds))
	for i, d := range ds {
		qs[i] = d.Quad
	}
	return qs
}

// documentQuads returns the quads the store holds under the document's
// label; a document the store does not know (its IRI is no node of the
// store, as for every document of a first load) costs no read.
func (s *Store) documentQuads(ctx context.Context, v *view, docIRI string) ([]quad.Quad, error) {
	if v.ix != nil && v.ix.id(quad.IRI(docIRI)) == 0 {
		return nil, nil
	}
	return s.DocumentQuads(ctx, docIRI)
}

// diff returns the deltas that turn the quads old into next.
func diff(old, next []quad.Quad) (adds, dels []graph.Delta) {
	if len(old) == 0 {
		// A new document: every quad is added (Quads and mergeQuads
		// return no duplicates).
		adds = make([]graph.Delta, len(next))
		for i, q := range next {
			adds[i] = graph.Delta{Quad: q, Action: graph.Add}
		}
		return adds, nil
	}
	have := make(map[string]bool, len(old))
	for _, q := range old {
		have[quadKey(q)] = true
	}
	want := make(map[string]bool, len(next))
	for _, q := range next {
		k := quadKey(q)
		want[k] = true
		if !have[k] {
			adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
		}
	}
	for _, q := range old {
		if !want[quadKey(q)] {
			dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	return adds, dels
}

// quadKey identifies a quad by its N-Quads form, so that values read back
// from a store compare equal to freshly built ones whatever their Go type.
func quadKey(q quad.Quad) string {
	b, _ := appendQuad(nil, q, true)
	return string(b)
}

// DocumentQuads returns the quads labelled with the document IRI, in store
// order.
func (s *Store) DocumentQuads(ctx context.Context, docIRI string) ([]quad.Quad, error) {
	return s.quadsBy(ctx, quad.Label, quad.IRI(docIRI))
}

// quadsBy returns the quads whose direction d is v.
func (s *Store) quadsBy(ctx context.Context, d quad.Direction, v quad.Value) ([]quad.Quad, error) {
	ref := s.qs.ValueOf(v)
	if ref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(d, ref)
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if q.Get(d) == nil || quadKeyValue(q.Get(d)) != quadKeyValue(v) {
			continue
		}
		out = append(out, q)
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("reading graph store %s: %w", s.opts.Path, err)
	}
	return out, ctx.Err()
}

func quadKeyValue(v quad.Value) string { return termString(v) }

// Documents returns the IRIs of the documents in the store (the nodes of
// type dg:Document), sorted.
func (s *Store) Documents(ctx context.Context) ([]string, error) {
	qs, err := s.quadsBy(ctx, quad.Object, Document)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var docs []string
	for _, q := range qs {
		if q.Predicate != Type {
			continue
		}
		iri, ok := q.Subject.(quad.IRI)
		if !ok || seen[string(iri)] {
			continue
		}
		seen[string(iri)] = true
		docs = append(docs, string(iri))
	}
	sort.Strings(docs)
	return docs, nil
}

// Stats describes the store's content.
type Stats struct {
	Quads     int64
	Documents int
}

// Stats counts the store's quads and documents.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	gs, err := s.qs.Stats(ctx, false)
	if err == nil && (!gs.Quads.Exact || gs.Quads.Size < 0) {
		// SQL stores answer with the planner's estimate (-1 before the
		// table is analyzed): count exactly
		gs, err = s.qs.Stats(ctx, true)
	}
	if errors.Is(err, kv.ErrNoBucket) {
		// initialized, no quad written yet (a load killed before its
		// first commit): an empty store
		return Stats{}, nil
	}
	if err != nil {
		return Stats{}, fmt.Errorf("reading graph store %s: %w", s.opts.Path, err)
	}
	docs, err := s.Documents(ctx)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Quads: gs.Quads.Size, Documents: len(docs)}, nil
}
