package lsp

import (
	"strings"
	"testing"
)

func TestPositionsUTF16AndUTF8(t *testing.T) {
	// 🎉 is 4 bytes, 2 UTF-16 units; é is 2 bytes, 1 unit; lines end in \r\n, \n and \r; U+2028
	// is no line break for LSP.
	src := "a🎉é=x\r\nb\u2028c🎉\nd\re"
	tests := []struct {
		off         int
		utf16, utf8 Position
	}{
		{0, Position{0, 0}, Position{0, 0}},
		{1, Position{0, 1}, Position{0, 1}},        // before 🎉
		{3, Position{0, 1}, Position{0, 1}},        // inside 🎉: its start
		{5, Position{0, 3}, Position{0, 5}},        // after 🎉
		{7, Position{0, 4}, Position{0, 7}},        // after é
		{9, Position{0, 6}, Position{0, 9}},        // the \r of \r\n: line end
		{10, Position{0, 6}, Position{0, 9}},       // the \n of \r\n: still line end
		{11, Position{1, 0}, Position{1, 0}},       // b
		{15, Position{1, 2}, Position{1, 4}},       // c, after U+2028 on the same line
		{16, Position{1, 3}, Position{1, 5}},       // 🎉
		{21, Position{2, 0}, Position{2, 0}},       // d
		{23, Position{3, 0}, Position{3, 0}},       // e after \r
		{len(src), Position{3, 1}, Position{3, 1}}, // end of text
		{len(src) + 5, Position{3, 1}, Position{3, 1}},
	}
	u16, u8 := newText(src, utf16), newText(src, utf8Bytes)
	for _, tt := range tests {
		if got := u16.position(tt.off); got != tt.utf16 {
			t.Errorf("utf-16 position(%d) = %+v, want %+v", tt.off, got, tt.utf16)
		}
		if got := u8.position(tt.off); got != tt.utf8 {
			t.Errorf("utf-8 position(%d) = %+v, want %+v", tt.off, got, tt.utf8)
		}
	}
	// offset inverts position on character boundaries.
	for off := 0; off <= len(src); off++ {
		for _, tx := range []*text{u16, u8} {
			p := tx.position(off)
			back := tx.offset(p)
			if back != off && !(off > 0 && (src[off-1] == '\r' || !isBoundary(src, off))) {
				t.Errorf("enc %d: offset(position(%d)=%+v) = %d", tx.enc, off, p, back)
			}
		}
	}
	// Past the line's end: the line's end; past the last line: the end.
	if got := u16.offset(Position{0, 99}); got != 9 {
		t.Errorf("offset past line end = %d, want 9", got)
	}
	if got := u16.offset(Position{9, 0}); got != len(src) {
		t.Errorf("offset past last line = %d, want %d", got, len(src))
	}
	// Inside a surrogate pair: after the character.
	if got := u16.offset(Position{0, 2}); got != 5 {
		t.Errorf("offset inside 🎉 = %d, want 5", got)
	}
}

func isBoundary(s string, off int) bool {
	return off == len(s) || s[off]&0xC0 != 0x80
}

func TestApplyIncrementalChanges(t *testing.T) {
	s := "const a = \"🎉\";\r\nconst b = 1;\n"
	// Replace the 1 on line 1, then insert after 🎉 (UTF-16 character 12) on line 0.
	s = applyChange(s, contentChange{Range: &Range{Position{1, 10}, Position{1, 11}}, Text: "2"}, utf16)
	s = applyChange(s, contentChange{Range: &Range{Position{0, 13}, Position{0, 13}}, Text: "x"}, utf16)
	if want := "const a = \"🎉x\";\r\nconst b = 2;\n"; s != want {
		t.Errorf("got %q, want %q", s, want)
	}
	s = applyChange(s, contentChange{Range: &Range{Position{0, 0}, Position{2, 0}}, Text: ""}, utf16)
	if s != "" {
		t.Errorf("deleting everything left %q", s)
	}
	if got := applyChange("x", contentChange{Text: "whole"}, utf16); got != "whole" {
		t.Errorf("full change: %q", got)
	}
}

func TestURIs(t *testing.T) {
	for _, p := range []string{"/tmp/a b/c#d.ts", "/home/ü/x%y.tsx", "/plain.ts"} {
		u := pathToURI(p)
		if strings.ContainsAny(u, " #ü") {
			t.Errorf("pathToURI(%q) = %q: not percent-encoded", p, u)
		}
		back, ok := uriToPath(u)
		if !ok || back != p {
			t.Errorf("uriToPath(%q) = %q, %v; want %q", u, back, ok, p)
		}
	}
	// Editors encode more than Go does (VS Code writes %3A); both decode the same.
	if p, ok := uriToPath("file:///tmp/a%20b/c%3Ad.ts"); !ok || p != "/tmp/a b/c:d.ts" {
		t.Errorf("decoded %q %v", p, ok)
	}
	if _, ok := uriToPath("untitled:Untitled-1"); ok {
		t.Error("an untitled: buffer has no path")
	}
}

func TestMinimalEdit(t *testing.T) {
	cases := [][2]string{
		{"a\r\nb\r\nc", "a\r\nB\r\nc"},
		{"x = \"🎉\";\r\n", "x = \"🎊\";\r\n"}, // same first bytes of two emoji
		{"é\r\n", "é\n"},                     // a CRLF becomes LF
		{"abc", "abc\r\n"},
		{"\r\n", "\r\r\n"},
		{"", "new"},
		{"old", ""},
		{"same", "same"},
		{"issuer: \"http://x\"", "issuer: \"https://x\""},
	}
	for _, c := range cases {
		for _, enc := range []encoding{utf16, utf8Bytes} {
			tx := newText(c[0], enc)
			e := minimalEdit(tx, c[1])
			got := c[0][:tx.offset(e.Range.Start)] + e.NewText + c[0][tx.offset(e.Range.End):]
			if got != c[1] {
				t.Errorf("enc %d: %q → %q: edit %+v gives %q", enc, c[0], c[1], e, got)
			}
		}
	}
}
