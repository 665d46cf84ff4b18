package main

// Crash safety of dealgraph load: the built binary loads copies of the dev
// corpus into a bolt store, one document per transaction, and is killed
// with SIGKILL at random (seeded) points. After each kill the store must
// open and pass dealgraph check, and an uninterrupted load must then reach
// exactly the quad count of a load that was never interrupted.
//
// The default run tries crashKillPoints points; DEALGRAPH_SOAK=1 tries
// 20 (DEALGRAPH_KILL_POINTS=N sets any number).

import (
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

const crashKillPoints = 3

// crashCorpus copies the dev corpus copies times into a new folder, so that
// a load has enough documents (and commits) for kills to land mid-load.
func crashCorpus(t *testing.T, copies int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range corpusFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < copies; i++ {
			name := strconv.Itoa(i) + "-" + filepath.Base(f)
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// startLoad starts dealgraph load with one document per transaction and
// returns once the store file exists (the extractor has started and the
// store is open), with the time that took.
func startLoad(t *testing.T, db, corpus string) (*exec.Cmd, time.Time) {
	t.Helper()
	cmd := exec.Command(dealgraph(t), "load", "--db", db, "--batch", "1", corpus)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(db); err == nil {
			return cmd, time.Now()
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("load did not open the store within 2 minutes")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestCrashSafetyLoad(t *testing.T) {
	t.Parallel()
	points := crashKillPoints
	if soak() {
		points = 20
	}
	if n, err := strconv.Atoi(os.Getenv("DEALGRAPH_KILL_POINTS")); err == nil && n > 0 {
		points = n
	}
	dealgraph(t)
	corpus := crashCorpus(t, 3)
	dir := t.TempDir()

	// The reference: a load never interrupted, timed from the store's
	// creation to the end, so that kills can be spread over that span.
	ref := filepath.Join(dir, "ref.db")
	cmd, opened := startLoad(t, ref, corpus)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("reference load: %v", err)
	}
	span := time.Since(opened)
	want, _ := storeQuads(t, ref)
	if want == 0 {
		t.Fatal("the reference load stored nothing")
	}
	t.Logf("reference load: %d quads, %v from opening the store to the end", want, span.Round(time.Millisecond))

	seed := time.Now().UnixNano()
	if s, err := strconv.ParseInt(os.Getenv("DEALGRAPH_CRASH_SEED"), 10, 64); err == nil {
		seed = s
	}
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d (DEALGRAPH_CRASH_SEED=%d repeats this run), %d kill points", seed, seed, points)
	for i := 0; i < points; i++ {
		db := filepath.Join(dir, "kill-"+strconv.Itoa(i)+".db")
		// Spread kills over the whole load, a little past its usual end
		// too (the machine may be slower this time).
		delay := time.Duration(rng.Int63n(int64(span) * 11 / 10))
		cmd, _ := startLoad(t, db, corpus)
		time.Sleep(delay)
		killed := cmd.Process.Signal(syscall.SIGKILL) == nil
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed = true
		} else {
			killed = killed && err != nil
		}

		got, _ := storeQuads(t, db) // the store opens
		if r, _, _ := runMeasured(t, 2*time.Minute, "check", "--db", db); r.code != 0 {
			t.Errorf("kill %d (after %v): dealgraph check fails:\n%s%s", i, delay.Round(time.Millisecond), r.stdout, r.stderr)
		}
		if r, _, _ := runMeasured(t, 2*time.Minute, "load", "--db", db, corpus); r.code != 0 {
			t.Fatalf("kill %d: the load after the kill fails: exit %d\n%s", i, r.code, r.stderr)
		}
		final, _ := storeQuads(t, db)
		if final != want {
			t.Errorf("kill %d (after %v, %d quads at the kill): %d quads after reloading, want %d", i, delay.Round(time.Millisecond), got, final, want)
		}
		if r, _, _ := runMeasured(t, 2*time.Minute, "check", "--db", db); r.code != 0 {
			t.Errorf("kill %d: dealgraph check fails after the reload:\n%s", i, r.stdout)
		}
		t.Logf("kill %d after %v (killed mid-run: %v): %d of %d quads at the kill; reload reached %d", i, delay.Round(time.Millisecond), killed, got, want, final)
		os.Remove(db)
	}
}
