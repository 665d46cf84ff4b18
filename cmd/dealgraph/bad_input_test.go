package main

// Hostile and malformed inputs (testdata/bad, plus two generated at test
// time) loaded by the built binary into a bolt store that already holds
// one article. Each input must be loaded or refused with a clear message,
// without a panic, in bounded time and memory; a refused document must
// leave the store as it was; the store must pass dealgraph check after.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/dealgraph/dealgraph/graph"
)

// badDeadline catches hangs; it is not a performance target.
const badDeadline = 120 * time.Second

// badMaxRSS bounds the memory of one load, in KiB.
const badMaxRSS = 3 << 20

type badCase struct {
	file string
	// refused: the load must skip the document, and stderr must say why
	// (the text in reason).
	refused bool
	reason  string
	// gen makes the file at test time.
	gen func() []byte
	// slow marks inputs the extractor cannot yet handle in bounded time;
	// they run only with DEALGRAPH_SOAK=1.
	slow string
}

var badCases = []badCase{
	{file: "empty.txt", refused: true, reason: "empty file"},
	{file: "whitespace.txt", refused: true, reason: "whitespace only"},
	{file: "nul.txt", refused: true, reason: "NUL bytes"},
	{file: "binary-zip.txt", refused: true, reason: "binary"},
	{file: "latin-only.txt", refused: true, reason: "no Chinese text"},
	// A character cut in the middle, and GBK and UTF-8 in one file: refused
	// as undecodable rather than half-read.
	{file: "truncated-utf8.txt", refused: true, reason: "not UTF-8, GB18030 or Big5"},
	{file: "mixed-gbk-utf8.txt", refused: true, reason: "not UTF-8, GB18030 or Big5"},
	{file: "html-script.txt"},
	{file: "nested-brackets.txt"},
	{file: "overflow-amount.txt"},
	{file: "rtl-zero-width.txt"},
	// 50 MB is no article: refused at once (extract.DefaultMaxBytes)
	{file: "oneline-50mb.txt", gen: oneLine50MB, refused: true, reason: "document too large"},
	{file: "companies-10000.txt", gen: tenThousandCompanies,
		slow: "an article naming 10,000 companies takes ~20 s and ~600 MB: a soak case"},
}

func oneLine50MB() []byte {
	s := []byte("中粮集团与泰国正大集团签约，采购泰国大米超4.58亿美元。")
	return bytes.Repeat(s, 50<<20/len(s)+1)
}

func tenThousandCompanies() []byte {
	const chars = "华海龙星达信通泰安康宏盛鑫源恒远新明晨光中天金银东西南北"
	rs := []rune(chars)
	suffixes := []string{"有限公司", "集团", "股份有限公司", "科技公司"}
	var b strings.Builder
	b.WriteString("第五届进博会签约报道\n")
	seen := map[string]bool{}
	n := uint32(7)
	next := func() uint32 { n = n*1664525 + 1013904223; return n >> 8 }
	var line []string
	for len(seen) < 10000 {
		var name []rune
		for k := 2 + int(next()%3); k > 0; k-- {
			name = append(name, rs[next()%uint32(len(rs))])
		}
		s := string(name) + suffixes[next()%4]
		if seen[s] {
			continue
		}
		seen[s] = true
		line = append(line, s)
		if len(line) == 10 {
			b.WriteString(strings.Join(line, "、") + "与泰国正大集团签约，采购泰国大米超4.58亿美元。\n")
			line = line[:0]
		}
	}
	return []byte(b.String())
}

func soak() bool { return os.Getenv("DEALGRAPH_SOAK") == "1" }

// runMeasured runs the binary with a deadline and reports its exit code,
// output, wall time and peak memory (KiB).
func runMeasured(t *testing.T, deadline time.Duration, args ...string) (r result, took time.Duration, rssKB int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, dealgraph(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	r = result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("dealgraph %s: still running after %v", strings.Join(args, " "), deadline)
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("dealgraph %s: %v", strings.Join(args, " "), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rssKB = ru.Maxrss
	}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
		t.Fatalf("dealgraph %s panicked:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r, took, rssKB
}

// storeQuads opens a bolt store read-only and returns its quad count and
// the quads of each document IRI asked for.
func storeQuads(t *testing.T, db string, iris ...string) (int64, map[string]int) {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatalf("store %s does not open: %v", db, err)
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, iri := range iris {
		qs, err := st.DocumentQuads(ctx, iri)
		if err != nil {
			t.Fatal(err)
		}
		per[iri] = len(qs)
	}
	return s.Quads, per
}

func TestBadInputs(t *testing.T) {
	t.Parallel()
	dealgraph(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "bad.db")
	good := corpusFiles(t)[0]
	if r, _, _ := runMeasured(t, badDeadline, "load", "--db", db, good); r.code != 0 {
		t.Fatalf("loading %s: exit %d\n%s", good, r.code, r.stderr)
	}
	before, _ := storeQuads(t, db)

	// The small cases go through one load (the extractor's start-up costs
	// seconds); the generated ones get a load each.
	var small, big []badCase
	for _, c := range badCases {
		if c.gen == nil {
			small = append(small, c)
		} else {
			big = append(big, c)
		}
	}
	runCases := func(t *testing.T, cases []badCase) {
		var paths, iris []string
		for _, c := range cases {
			p, err := filepath.Abs(filepath.Join("testdata", "bad", c.file))
			if err != nil {
				t.Fatal(err)
			}
			if c.gen != nil {
				p = filepath.Join(dir, c.file)
				if err := os.WriteFile(p, c.gen(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			iri, err := documentIRI("", input{name: p})
			if err != nil {
				t.Fatal(err)
			}
			paths, iris = append(paths, p), append(iris, iri)
		}
		start, _ := storeQuads(t, db)
		r, took, rss := runMeasured(t, badDeadline, append([]string{"load", "--db", db, "--batch", "1"}, paths...)...)
		t.Logf("load of %d input(s): exit %d, %v, max RSS %d MiB", len(paths), r.code, took.Round(time.Millisecond), rss>>10)
		if rss > badMaxRSS {
			t.Errorf("load used %d MiB", rss>>10)
		}
		total, per := storeQuads(t, db, iris...)
		checkNames(t, db, iris...)
		refused := 0
		var added int64
		for i, c := range cases {
			line := ""
			for _, l := range strings.Split(r.stderr, "\n") {
				if strings.Contains(l, paths[i]+":") {
					line = l
				}
			}
			switch {
			case c.refused:
				refused++
				if line == "" || !strings.Contains(line, c.reason) || !strings.HasSuffix(line, "(skipped)") {
					t.Errorf("%s: refused without a clear message (want %q); stderr:\n%s", c.file, c.reason, r.stderr)
				}
				if per[iris[i]] != 0 {
					t.Errorf("%s: refused, but %d quads were stored for it", c.file, per[iris[i]])
				}
			default:
				if line != "" {
					t.Errorf("%s: want it loaded, got: %s", c.file, line)
				}
				if per[iris[i]] == 0 {
					t.Errorf("%s: loaded, but no quads stored for it", c.file)
				}
				added += int64(per[iris[i]])
			}
			t.Logf("%-22s refused=%-5v quads=%d %s", c.file, c.refused, per[iris[i]], strings.TrimPrefix(line, "dealgraph: "))
		}
		if want := start + added; total != want {
			t.Errorf("store holds %d quads, want %d (before) + %d (accepted documents)", total, start, added)
		}
		if wantCode := map[bool]int{true: 1, false: 0}[refused > 0]; r.code != wantCode {
			t.Errorf("exit status %d, want %d\n%s", r.code, wantCode, r.stderr)
		}
	}
	t.Run("small", func(t *testing.T) { runCases(t, small) })
	for _, c := range big {
		t.Run(c.file, func(t *testing.T) {
			if c.slow != "" && !soak() {
				t.Skipf("known problem, runs with DEALGRAPH_SOAK=1: %s", c.slow)
			}
			runCases(t, []badCase{c})
		})
	}

	if r, _, _ := runMeasured(t, badDeadline, "check", "--db", db); r.code != 0 {
		t.Errorf("dealgraph check after the bad inputs: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after, per := storeQuads(t, db, fileIRIString(t, good))
	if per[fileIRIString(t, good)] == 0 || after < before {
		t.Errorf("the good document lost quads: %d quads before, %d after", before, after)
	}
}

func fileIRIString(t *testing.T, path string) string {
	t.Helper()
	iri, err := documentIRI("", input{name: path})
	if err != nil {
		t.Fatal(err)
	}
	return iri
}

// checkNames fails on entity names that carry invisible format characters
// (zero-width spaces and joiners, bidirectional controls, soft hyphens,
// byte-order marks): they would make two spellings of a name differ.
func checkNames(t *testing.T, db string, iris ...string) {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, iri := range iris {
		qs, err := st.DocumentQuads(ctx, iri)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.Predicate != graph.Name && q.Predicate != graph.AlternateName {
				continue
			}
			name := fmt.Sprint(q.Object)
			if strings.IndexFunc(name, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) >= 0 {
				t.Errorf("%s: name %+q carries invisible format characters", iri, name)
			}
		}
	}
}
