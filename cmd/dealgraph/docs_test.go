package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDocumentIRI(t *testing.T) {
	tests := []struct {
		name, base string
		in         input
		want       string
		wantErr    bool
	}{
		{"file url, escaped", "", input{name: "x", abs: "/data/新闻 #1.txt"}, "file:///data/%E6%96%B0%E9%97%BB%20%231.txt", false},
		{"base + relative path", "https://news.example/c/", input{name: "corpus/2023/a b.txt", rel: "2023/a b.txt"}, "https://news.example/c/2023/a%20b.txt", false},
		{"stdin without base", "", input{name: "-"}, "urn:dealgraph:stdin", false},
		{"stdin with base", "https://news.example/", input{name: "-"}, "https://news.example/stdin", false},
		{"relative base rejected", "news/", input{name: "a.txt", rel: "a.txt"}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := documentIRI(tc.base, tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("documentIRI = %q, %v; want %q (error %v)", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestReadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("corpus/b.txt", "b")
	write("corpus/sub/a.TXT", "a")
	write("corpus/gold.json", "{}")
	write("corpus/.git/x.txt", "hidden")
	write("one.txt", "one")
	os.Mkdir(filepath.Join(dir, "empty"), 0o755)

	ins, errs := readInputs([]string{
		filepath.Join(dir, "corpus"), filepath.Join(dir, "one.txt"),
		filepath.Join(dir, "missing.txt"), filepath.Join(dir, "empty"),
		filepath.Join(dir, "corpus", "b.txt"), // already read
	})
	var rels []string
	for _, in := range ins {
		rels = append(rels, in.rel)
	}
	if got := strings.Join(rels, ","); got != "b.txt,sub/a.TXT,one.txt" {
		t.Errorf("inputs %s", got)
	}
	if len(errs) != 2 {
		t.Fatalf("errors %v, want 2", errs)
	}
	if !strings.Contains(errs[0].Error(), "missing.txt") || !strings.Contains(errs[1].Error(), "no .txt files") {
		t.Errorf("errors %v", errs)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.nq")
	if err := writeFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "ok\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := writeFileAtomic(filepath.Join(dir, "fail.nq"), func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "out.nq" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only out.nq", names)
	}
}
