package extract

import (
	"testing"
	"unicode/utf8"
)

// Inputs the fuzzer found: a match must cover whole characters and never
// overlap the one before it.
func TestFindAmountsFuzzRegressions(t *testing.T) {
	for _, s := range []string{"0000000000 元", "0人民币1000", "人民币1人民币2", "1 元 2 元"} {
		end := 0
		for _, a := range FindAmounts(s) {
			if a.Start < end || a.End > len(s) || !utf8.ValidString(s[a.Start:a.End]) {
				t.Errorf("FindAmounts(%q): bad match %+v after end %d", s, a, end)
			}
			end = a.End
		}
	}
}
