package graph

// Fuzz target for the N-Quads import path (ImportNQuads and its line
// parser). Run it for a while with
//
//	go test -run '^$' -fuzz '^FuzzImportNQuads$' -fuzztime 60s -parallel 1 ./graph

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func FuzzImportNQuads(f *testing.F) {
	if golden, err := os.ReadFile("testdata/export.nq"); err == nil {
		f.Add(golden)
	}
	for _, s := range []string{
		"<a> <b> <c> .\n",
		"<a> <b> \"c\" <d> .\n# comment\n\n",
		"_:x <p> \"v\"@zh-Hans <g> .\n",
		"<s> <p> \"1.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> <g> . # trailing\n",
		"<s\\u0020x> <p> \"\\U0001F600\\t\\\"q\\\"\" .\r\n",
		"<a> <b> \"c .\n",
		"<> <> \"\" <> .\n",
		"_:b. <p> _:c.\n",
	} {
		f.Add([]byte(s))
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			t.Skip()
		}
		s1 := openTest(t, "memstore")
		if err := ImportNQuads(ctx, bytes.NewReader(data), s1); err != nil {
			if !strings.Contains(err.Error(), "N-Quads") {
				t.Errorf("error does not say it is about N-Quads: %v", err)
			}
			return
		}
		// What was imported exports, and the export imports into a fresh
		// store and exports again to the same bytes.
		var out1 bytes.Buffer
		if err := s1.Export(ctx, &out1, "nquads"); err != nil {
			t.Fatalf("export after import: %v", err)
		}
		s2 := openTest(t, "memstore")
		if err := ImportNQuads(ctx, bytes.NewReader(out1.Bytes()), s2); err != nil {
			t.Fatalf("export does not import again: %v\n%s", err, out1.Bytes())
		}
		var out2 bytes.Buffer
		if err := s2.Export(ctx, &out2, "nquads"); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatalf("round trip changed the export:\nfirst:\n%s\nsecond:\n%s", out1.Bytes(), out2.Bytes())
		}
		// Every other format writes what was imported without failing.
		for _, format := range ExportFormats {
			if err := s1.Export(ctx, &bytes.Buffer{}, format); err != nil {
				t.Errorf("export %s: %v", format, err)
			}
		}
	})
}

// Found by FuzzImportNQuads: a literal in the predicate position was
// imported, and the JSON-LD export then failed on the whole store.
func TestImportRejectsLiteralsOutOfPlace(t *testing.T) {
	for _, line := range []string{
		`<s> "p" <o> <g> .`,
		`"s" <p> <o> <g> .`,
		`<s> <p> <o> "g" .`,
		`<s> _:p <o> .`,
	} {
		s := openTest(t, "memstore")
		err := ImportNQuads(context.Background(), strings.NewReader(line+"\n"), s)
		if err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: err = %v, want an error on line 1", line, err)
		}
	}
}
