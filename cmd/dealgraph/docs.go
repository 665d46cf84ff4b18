package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// input is one document read from the command line.
type input struct {
	// name is what messages call the document: the path as reached from
	// the argument ("corpus/dev/a.txt"), or "-" for standard input.
	name string
	data []byte
	// abs is the absolute path ("" for standard input).
	abs string
	// rel is the path relative to the argument it came from, slash
	// separated: the file's base name for a file argument, the path under
	// the folder for a folder argument.
	rel string
}

// stdinName is the argument and input name of standard input.
const stdinName = "-"

// documentIRI is the IRI of an input document, which labels all its quads:
// loading the same file again must give the same IRI.
//
// Without base it is the file:// URL of the absolute path, percent-escaped
// (file:///data/corpus/a%20b.txt). With base it is base followed by the
// path relative to the argument root, each segment escaped
// (https://news.example/corpus/ + 2023/a.txt). Standard input is base +
// "stdin", or urn:dealgraph:stdin without base.
func documentIRI(base string, in input) (string, error) {
	if in.name == stdinName && in.abs == "" {
		if base == "" {
			return "urn:dealgraph:stdin", nil
		}
		return base + "stdin", nil
	}
	if base != "" {
		if u, err := url.Parse(base); err != nil || !u.IsAbs() {
			return "", fmt.Errorf("--base %q is not an absolute IRI (like https://example.org/news/)", base)
		}
		segs := strings.Split(in.rel, "/")
		for i, s := range segs {
			segs[i] = url.PathEscape(s)
		}
		return base + strings.Join(segs, "/"), nil
	}
	abs := in.abs
	if abs == "" {
		var err error
		if abs, err = filepath.Abs(in.name); err != nil {
			return "", fmt.Errorf("%s: cannot make an absolute path for its IRI: %w", in.name, err)
		}
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return u.String(), nil
}

// readInputs reads the documents named by args: files, folders (walked for
// *.txt files, in sorted order, hidden folders skipped) and "-" for standard
// input. Each problem becomes an error naming the argument or file; the
// inputs that could be read are returned. A file reached twice is read
// once.
func readInputs(args []string) ([]input, []error) {
	var (
		out  []input
		errs []error
		seen = map[string]bool{}
	)
	add := func(name, rel string) {
		abs, err := filepath.Abs(name)
		if err == nil && seen[abs] {
			return
		}
		seen[abs] = true
		data, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", name, unwrapPath(err)))
			return
		}
		out = append(out, input{name: name, data: data, abs: abs, rel: rel})
	}
	stdinRead := false
	for _, arg := range args {
		if arg == stdinName {
			if stdinRead {
				errs = append(errs, errors.New("standard input (-) named twice: it is read once"))
				continue
			}
			stdinRead = true
			data, err := io.ReadAll(os.Stdin)
			if err != nil {
				errs = append(errs, fmt.Errorf("cannot read standard input: %w", err))
				continue
			}
			out = append(out, input{name: stdinName, data: data, rel: "stdin"})
			continue
		}
		fi, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("%s: no such file or folder", arg))
			} else {
				errs = append(errs, fmt.Errorf("cannot read %s: %w", arg, unwrapPath(err)))
			}
			continue
		}
		if !fi.IsDir() {
			add(arg, filepath.Base(arg))
			continue
		}
		var files []string
		walkErr := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err)))
				if d != nil && d.IsDir() && p != arg {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != arg && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if strings.EqualFold(filepath.Ext(p), ".txt") && !strings.HasPrefix(d.Name(), ".") {
				files = append(files, p)
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, fmt.Errorf("cannot walk %s: %w", arg, walkErr))
		}
		if len(files) == 0 {
			errs = append(errs, fmt.Errorf("%s: folder has no .txt files", arg))
			continue
		}
		sort.Strings(files)
		for _, p := range files {
			rel, err := filepath.Rel(arg, p)
			if err != nil {
				rel = filepath.Base(p)
			}
			add(p, filepath.ToSlash(rel))
		}
	}
	return out, errs
}

// unwrapPath drops the *PathError wrapper whose message repeats the path
// the caller already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
