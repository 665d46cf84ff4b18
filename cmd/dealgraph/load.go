package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

// progressThreshold is the number of documents from which load shows a
// progress bar (on a terminal only).
const progressThreshold = 20

func newLoadCmd() *cobra.Command {
	var (
		sf      storeFlags
		base    string
		batch   int
		workers int
	)
	cmd := &cobra.Command{
		Use:   "load [--db PATH] [--backend bolt|leveldb|memstore] [--base IRI] FILE|DIR|- ...",
		Short: "Extract articles and load their facts into the graph store",
		Long: `load reads articles (files, folders walked for *.txt, or "-" for standard
input), extracts each one and stores its facts in the graph store, creating
the store if needed.

Loading is idempotent and incremental: each document's quads are labelled
with its IRI, so loading an unchanged document again adds nothing, and a
changed document replaces its own facts and leaves the others alone.
Documents are committed in batches of --batch (fewer when they hold over
30000 quads), each batch in one transaction: a load that is interrupted keeps every committed document
complete, and running it again finishes the job.

--workers extractors run at once (default: one per CPU); the documents are
still loaded one batch at a time in the order of the arguments, so the
store ends up the same whatever the number of workers.

A document that cannot be read or extracted is reported on stderr with its
file name and skipped; the others are loaded, and the exit status is 1.`,
		Example: `  dealgraph load corpus/dev
  dealgraph load --db news.db --base https://news.example/ articles/
  cat article.txt | dealgraph load -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if batch < 1 {
				return withExit(2, fmt.Errorf("--batch must be at least 1, not %d", batch))
			}
			if workers < 1 {
				return withExit(2, fmt.Errorf("--workers must be at least 1, not %d", workers))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return runLoad(ctx, cmd.OutOrStdout(), os.Stderr, loadConfig{store: sf, base: base, batch: batch, workers: workers}, args)
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVar(&base, "base", "", "base IRI for document IRIs (default: file:// URLs of the paths)")
	cmd.Flags().IntVar(&batch, "batch", defaultLoadBatch, "documents committed per transaction")
	cmd.Flags().IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "documents extracted at once")
	return cmd
}

// defaultLoadBatch is load's --batch. What costs is the number of quads
// in a transaction, not of documents: a bolt transaction's dirty pages
// are sorted arrays that every insert shifts until the commit splits them,
// so past some tens of thousands of quads a bigger transaction costs more
// per quad. Measured (CPU time, NoSync) on the 1 MB synthetic corpus, 685
// quads a document: 40k quads per CPU second in batches of 32 documents,
// 19k in batches of 256; on the benchmark graph (135 quads a document),
// 33k at 32 and 36k at 256. maxBatchQuads caps the quads of a batch.
const defaultLoadBatch = 32

// maxBatchQuads ends a batch early when its documents hold this many quads.
const maxBatchQuads = 30_000

// loadConfig is what the load command's flags say.
type loadConfig struct {
	store   storeFlags
	base    string
	batch   int
	workers int
}

// extracted is one input after extraction: its facts, or why it failed.
type extracted struct {
	in    input
	iri   string
	facts extract.Facts
	quads int // len(graph.Quads(facts)), an estimate of the quads it adds
	err   error
}

// extractInOrder extracts the inputs with workers goroutines and returns a
// channel of channels that yields each input's result in input order:
// receive a slot, then the result from it. At most 4*workers inputs are
// extracted ahead of the reader. Closing stop ends the pipeline early.
func extractInOrder(ctx context.Context, x *extract.Extractor, base string, inputs []input, workers int, stop <-chan struct{}) <-chan chan extracted {
	type job struct {
		in  input
		out chan extracted
	}
	slots := make(chan chan extracted, 4*workers)
	jobs := make(chan job)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				r := extracted{in: j.in}
				if r.iri, r.err = documentIRI(base, j.in); r.err == nil {
					r.facts, r.err = x.Extract(ctx, extract.Document{IRI: r.iri, Name: j.in.name, Raw: j.in.data})
				}
				if r.err == nil {
					r.quads = len(graph.Quads(r.facts))
				}
				j.out <- r // buffered: never blocks
			}
		}()
	}
	go func() {
		defer close(slots)
		defer close(jobs)
		for _, in := range inputs {
			out := make(chan extracted, 1)
			select {
			case slots <- out:
			case <-stop:
				return
			}
			select {
			case jobs <- job{in, out}:
			case <-stop:
				return
			}
		}
	}()
	return slots
}

// loadSummary is what load reports at the end.
type loadSummary struct {
	docs, failed   int
	entities       map[string]bool
	deals          int
	added, removed int
	unchanged      int
	storeQuads     int64
	storeDocs      int
	elapsed        time.Duration
}

func runLoad(ctx context.Context, stdout, stderr io.Writer, cfg loadConfig, args []string) error {
	sf, batch := cfg.store, cfg.batch
	start := time.Now()
	inputs, errs := readInputs(args)
	for _, err := range errs {
		fmt.Fprintln(stderr, "dealgraph:", err)
	}
	if len(inputs) == 0 {
		return withExit(1, fmt.Errorf("no readable input among %d argument(s)", len(args)))
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		return fmt.Errorf("starting the extractor: %w", err)
	}
	store, err := graph.Open(ctx, graph.Options{Backend: sf.backend, Path: sf.db})
	if err != nil {
		return err
	}
	defer store.Close()

	sum := loadSummary{entities: map[string]bool{}, failed: len(errs)}
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && len(inputs) >= progressThreshold && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.NewOptions(len(inputs),
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription("loading"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionShowIts(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
	}
	report := func(name string, err error) {
		sum.failed++
		if bar != nil {
			bar.Clear()
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, name+":") {
			msg = name + ": " + msg // extract's errors name the file already
		}
		fmt.Fprintf(stderr, "dealgraph: %s (skipped)\n", msg)
	}

	var pending []extract.Facts
	pendingIRI := map[string]bool{}
	pendingQuads := 0
	count := func(f extract.Facts, st graph.LoadStats) {
		sum.docs++
		for _, e := range f.Entities {
			if e.ID != "" {
				sum.entities[e.ID] = true
			}
		}
		sum.deals += st.Deals
		sum.added += st.Added
		sum.removed += st.Removed
		if st.Added+st.Removed == 0 {
			sum.unchanged++
		}
	}
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		stats, err := store.LoadBatch(ctx, pending)
		if err == nil {
			for i, f := range pending {
				count(f, stats[i])
			}
		} else {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// Find the document at fault: load them one by one.
			for _, f := range pending {
				st, err := store.Load(ctx, f)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					report(f.Doc.Name, err)
					continue
				}
				count(f, st)
			}
		}
		if bar != nil {
			bar.Add(len(pending))
		}
		pending = pending[:0]
		pendingQuads = 0
		clear(pendingIRI)
		return nil
	}

	stop := make(chan struct{})
	defer close(stop)
	for slot := range extractInOrder(ctx, x, cfg.base, inputs, cfg.workers, stop) {
		if err := ctx.Err(); err != nil {
			break
		}
		r := <-slot
		if r.err != nil {
			if ctx.Err() != nil {
				break
			}
			report(r.in.name, r.err)
			if bar != nil {
				bar.Add(1)
			}
			continue
		}
		if pendingIRI[r.iri] {
			if err := flush(); err != nil {
				break
			}
		}
		pending = append(pending, r.facts)
		pendingIRI[r.iri] = true
		pendingQuads += r.quads
		if len(pending) >= batch || pendingQuads >= maxBatchQuads {
			if err := flush(); err != nil {
				break
			}
		}
	}
	if ctx.Err() == nil {
		flush()
	}
	if bar != nil {
		bar.Finish()
	}
	sum.elapsed = time.Since(start)
	if st, err := store.Stats(context.WithoutCancel(ctx)); err == nil {
		sum.storeQuads, sum.storeDocs = st.Quads, st.Documents
	}
	printLoadSummary(stdout, sum, store.Options())

	if err := ctx.Err(); err != nil {
		return withExit(130, fmt.Errorf("interrupted: %d document(s) loaded and committed; run the same command again to finish", sum.docs))
	}
	if sum.failed > 0 {
		return withExit(1, fmt.Errorf("%d input(s) failed; the other %d document(s) were loaded", sum.failed, sum.docs))
	}
	return nil
}

func printLoadSummary(w io.Writer, s loadSummary, o graph.Options) {
	rate := 0.0
	if sec := s.elapsed.Seconds(); sec > 0 {
		rate = float64(s.added+s.removed) / sec
	}
	where := o.Path
	if o.Backend == "memstore" {
		where = "memory"
	}
	fmt.Fprintf(w, "loaded %d document(s) (%d unchanged) into %s (%s)\n", s.docs, s.unchanged, where, o.Backend)
	fmt.Fprintf(w, "  entities %d, deals %d\n", len(s.entities), s.deals)
	fmt.Fprintf(w, "  quads +%d -%d in %s (%.0f quads/s)\n", s.added, s.removed, s.elapsed.Round(time.Millisecond), rate)
	fmt.Fprintf(w, "  store now holds %d quads from %d document(s)\n", s.storeQuads, s.storeDocs)
	if s.failed > 0 {
		fmt.Fprintf(w, "  %d input(s) failed (see above)\n", s.failed)
	}
}
