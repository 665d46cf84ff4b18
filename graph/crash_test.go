package graph

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	crashEnv  = "DEALGRAPH_CRASH_DB"
	crashDocs = 400
)

// TestHelperLoad is the child process of TestCrashSafety: it loads
// crashDocs documents into the bolt file named by $DEALGRAPH_CRASH_DB,
// with fsync on, printing a line after each, until it is killed.
func TestHelperLoad(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	for i := 0; i < crashDocs; i++ {
		if _, err := s.Load(ctx, sampleFacts(docIRI(i), 0)); err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		fmt.Println("loaded", i)
	}
	s.Close()
	os.Exit(0)
}

// TestCrashSafety kills a loading process with SIGKILL and checks that the
// store opens, that every document in it is complete, and that loading
// everything again reaches the same quads as an uninterrupted load.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperLoad$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Let it commit some documents, then kill it mid-way.
	sc := bufio.NewScanner(out)
	loaded := 0
	deadline := time.After(20 * time.Second)
	lines := make(chan string)
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
wait:
	for loaded < 25 {
		select {
		case l, ok := <-lines:
			if !ok {
				break wait
			}
			if strings.HasPrefix(l, "error:") {
				t.Fatal(l)
			}
			if strings.HasPrefix(l, "loaded") {
				loaded++
			}
		case <-deadline:
			break wait
		}
	}
	time.Sleep(3 * time.Millisecond) // land inside a later transaction
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range lines {
		}
	}()
	cmd.Wait()
	if loaded == 0 {
		t.Fatal("child loaded nothing before the kill")
	}

	s, err := Open(ctx, Options{Path: path, NoSync: true})
	if err != nil {
		t.Fatalf("store does not open after SIGKILL: %v", err)
	}
	defer s.Close()
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < loaded || len(docs) >= crashDocs {
		t.Fatalf("%d documents after the kill; the child reported %d loaded of %d", len(docs), loaded, crashDocs)
	}
	t.Logf("killed after %d reported loads; %d documents in the store", loaded, len(docs))
	var total int64
	for i := 0; i < crashDocs; i++ {
		got, err := s.DocumentQuads(ctx, docIRI(i))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 && len(got) != len(Quads(sampleFacts(docIRI(i), 0))) {
			t.Errorf("document %d is partial: %d quads of %d", i, len(got), len(Quads(sampleFacts(docIRI(i), 0))))
		}
		total += int64(len(got))
	}
	if n := quadCount(t, s); n != total {
		t.Errorf("store counts %d quads, documents hold %d", n, total)
	}

	// Loading everything again completes to the uninterrupted result.
	var want int64
	for i := 0; i < crashDocs; i++ {
		f := sampleFacts(docIRI(i), 0)
		want += int64(len(Quads(f)))
		if _, err := s.Load(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if n := quadCount(t, s); n != want {
		t.Errorf("after reload %d quads, want %d", n, want)
	}
}
