package parser

import (
	"sort"
	"unicode/utf8"
)

// Lines maps byte offsets to 1-based lines and UTF-16 columns. Line breaks are \n, \r\n, \r,
// U+2028 and U+2029, as in ECMAScript (and esbuild).
type Lines struct {
	text   string
	starts []int // byte offset of each line's first byte
}

// NewLines indexes text.
func NewLines(text string) *Lines {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
		case c == '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xA8 || text[i+2] == 0xA9):
			i += 2
		default:
			continue
		}
		starts = append(starts, i+1)
	}
	return &Lines{text: text, starts: starts}
}

// Count is the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// Position returns the 1-based line and 1-based UTF-16 column of byte offset off.
func (l *Lines) Position(off int) (line, col int) {
	off = max(0, min(off, len(l.text)))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	col = 1
	for p := l.starts[i]; p < off; {
		r, size := utf8.DecodeRuneInString(l.text[p:])
		if p+size > off { // offset inside a multi-byte sequence: stop at its start
			break
		}
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
		p += size
	}
	return i + 1, col
}

// LineStart is the byte offset where 1-based line n begins.
func (l *Lines) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(l.starts) {
		return len(l.text)
	}
	return l.starts[n-1]
}

// LineEnd is the byte offset of the line break (or end of text) that ends 1-based line n.
func (l *Lines) LineEnd(n int) int {
	if n >= len(l.starts) {
		return len(l.text)
	}
	next := l.starts[n]
	switch {
	case l.text[next-1] == '\n' && next-2 >= l.starts[n-1] && l.text[next-2] == '\r':
		return next - 2
	case l.text[next-1] == '\n' || l.text[next-1] == '\r':
		return next - 1
	}
	return next - 3 // U+2028 or U+2029
}

// Text returns the text of 1-based line n without its line break.
func (l *Lines) Text(n int) string { return l.text[l.LineStart(n):l.LineEnd(n)] }
