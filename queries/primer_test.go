package queries

import (
	"context"
	"os"
	"regexp"
	"testing"
)

// primerPath is the Markdown file whose ```js blocks must all run.
const primerPath = "../README.md"

var jsBlock = regexp.MustCompile("(?ms)^```js\\s*\\n(.*?)^```")

// TestPrimerExamples runs every ```js block of the primer against the test
// store: each must succeed and return at least one row.
func TestPrimerExamples(t *testing.T) {
	b, err := os.ReadFile(primerPath)
	if err != nil {
		t.Fatal(err)
	}
	blocks := jsBlock.FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 6 {
		t.Fatalf("%s has %d js blocks, want at least 6", primerPath, len(blocks))
	}
	qs := testStore(t)
	for i, m := range blocks {
		src := m[1]
		res, err := NewRunner().Run(context.Background(), qs, src, Options{Limit: 100})
		if err != nil {
			t.Errorf("block %d failed: %v\n%s", i+1, err, src)
			continue
		}
		if len(res.Rows) == 0 {
			t.Errorf("block %d returned no rows\n%s", i+1, src)
		}
	}
}
