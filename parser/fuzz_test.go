package parser

import (
	"testing"
	"unicode/utf8"
)

// The raw-text scanners see every file, including broken ones: they must never panic and
// must return ranges inside the input. `go test -fuzz FuzzScanners ./parser` explores further.
func FuzzScanners(f *testing.F) {
	for _, seed := range []string{
		"", "//", "/*", "`${", "'\\", "a = /[/]/ // c\n", "x`a${`b${c}`}`/*d*/",
		"KEY=\"unterminated\nB='x' # c\r\nexport C = `t`", "#\n=\nA=${B}", "\u2028\r\n\r",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range ScanComments(s) {
			if c.Start < 0 || c.End > len(s) || c.Start > c.End {
				t.Fatalf("comment range %d..%d outside %d bytes", c.Start, c.End, len(s))
			}
		}
		env := ParseEnv(s)
		for _, e := range env.Entries {
			if e.KeyStart > e.KeyEnd || e.ValueStart > e.ValueEnd || e.ValueEnd > len(s) {
				t.Fatalf("entry %+v has bad offsets for %d bytes", e, len(s))
			}
		}
		lines := NewLines(s)
		for off := 0; off <= len(s); off++ {
			line, col := lines.Position(off)
			if line < 1 || line > lines.Count() || col < 1 {
				t.Fatalf("Position(%d) = %d:%d", off, line, col)
			}
		}
		for n := 1; n <= lines.Count(); n++ {
			if text := lines.Text(n); utf8.ValidString(s) && !utf8.ValidString(text) {
				t.Fatalf("line %d text %q splits a character", n, text)
			}
		}
	})
}

// FuzzParseJS checks that the esbuild front end turns any input into a tree or problems,
// never a panic, and that problem offsets are inside the file.
func FuzzParseJS(f *testing.F) {
	for _, seed := range []string{"", "export default {", "<div>{</div>", "let x = <T>(y);", "import {a as b} from 'c'"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range []string{"a.ts", "a.tsx", "a.js"} {
			tree, problems := ParseJS(name, s)
			if tree == nil && len(problems) == 0 {
				t.Fatalf("%s: no tree and no problem", name)
			}
			for _, p := range problems {
				if p.Offset < 0 || p.Offset > len(s) {
					t.Fatalf("%s: problem offset %d outside %d bytes", name, p.Offset, len(s))
				}
			}
		}
	})
}
