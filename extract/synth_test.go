package extract_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/dealgraph/dealgraph/bench/corpus"
	"github.com/dealgraph/dealgraph/extract"
)

var (
	benchOnce sync.Once
	benchX    *extract.Extractor
	benchErr  error
)

func benchExtractor(b *testing.B) *extract.Extractor {
	b.Helper()
	benchOnce.Do(func() { benchX, benchErr = extract.New(extract.Options{}) })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchX
}

// synthetic returns n articles of about size bytes from the corpus generator.
func synthetic(size, n int) ([][]byte, int) {
	g := corpus.NewGen(uint64(size))
	docs := make([][]byte, n)
	total := 0
	for i := range docs {
		docs[i] = g.Article(size)
		total += len(docs[i])
	}
	return docs, total
}

// BenchmarkExtractSynthetic extracts synthetic articles (corpus.Gen) of
// several sizes: MB/s should not fall as articles grow. cpu-MB/s is bytes
// per second of process CPU time (all threads, GC included), steadier than
// MB/s on a shared machine.
func BenchmarkExtractSynthetic(b *testing.B) {
	for _, size := range []int{2000, 8000, 32000} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			x := benchExtractor(b)
			docs, total := synthetic(size, 8)
			b.SetBytes(int64(total))
			cpu := startCPU()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, raw := range docs {
					if _, err := x.Extract(context.Background(), extract.Document{IRI: "urn:bench", Raw: raw}); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			cpu.report(b, int64(total)*int64(b.N))
		})
	}
}

// BenchmarkExtractParallel extracts 8 KB synthetic articles from
// GOMAXPROCS goroutines sharing one Extractor (run with -cpu 1,2,...):
// MB/s is the throughput of all cores together.
func BenchmarkExtractParallel(b *testing.B) {
	x := benchExtractor(b)
	docs, total := synthetic(8000, 16)
	b.SetBytes(int64(total / len(docs)))
	cpu := startCPU()
	b.ResetTimer()
	var next sync.Mutex
	i := 0
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			next.Lock()
			raw := docs[i%len(docs)]
			i++
			next.Unlock()
			if _, err := x.Extract(context.Background(), extract.Document{IRI: "urn:bench", Raw: raw}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	cpu.report(b, int64(total/len(docs))*int64(b.N))
}

// BenchmarkExtractArticles extracts the real articles in the repository
// (dev copies, held-out and blind sets): short news items, where fixed
// per-document costs show.
func BenchmarkExtractArticles(b *testing.B) {
	x := benchExtractor(b)
	var docs [][]byte
	total := 0
	for _, g := range []string{"../cmd/dealgraph/testdata/corpus/*.txt", "../testdata/heldout/*.txt", "../testdata/blind2/*.txt"} {
		files, err := filepath.Glob(g)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, raw)
			total += len(raw)
		}
	}
	if len(docs) == 0 {
		b.Skip("no articles")
	}
	b.SetBytes(int64(total))
	cpu := startCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, raw := range docs {
			if _, err := x.Extract(context.Background(), extract.Document{IRI: "urn:bench", Raw: raw}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	cpu.report(b, int64(total)*int64(b.N))
}
