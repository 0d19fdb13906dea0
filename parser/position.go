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
	// marks holds, for each line with a non-ASCII byte, rune-boundary checkpoints (byte
	// offset, UTF-16 column) every checkpointEvery bytes, so that a position on a long
	// minified line costs a short decode rather than one from the line start. ASCII lines,
	// the common case, need none: their column is the byte distance.
	marks map[int][]mark
}

type mark struct{ off, col int }

const checkpointEvery = 256

// NewLines indexes text.
func NewLines(text string) *Lines {
	l := &Lines{text: text, starts: []int{0}}
	ascii := true
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
			ascii = ascii && c < utf8.RuneSelf
			continue
		}
		if !ascii {
			l.mark(len(l.starts)-1, i+1)
		}
		ascii = true
		l.starts = append(l.starts, i+1)
	}
	if !ascii {
		l.mark(len(l.starts)-1, len(text))
	}
	return l
}

// mark records the checkpoints of line n, which ends before byte end.
func (l *Lines) mark(n, end int) {
	start := l.starts[n]
	if end-start <= checkpointEvery {
		if l.marks == nil {
			l.marks = map[int][]mark{}
		}
		l.marks[n] = nil // non-ASCII, short: decode from the start
		return
	}
	ms := []mark{}
	col, last := 1, start
	for p := start; p < end; {
		if p-last >= checkpointEvery {
			ms = append(ms, mark{p, col})
			last = p
		}
		r, size := utf8.DecodeRuneInString(l.text[p:])
		col += utf16Len(r)
		p += size
	}
	if l.marks == nil {
		l.marks = map[int][]mark{}
	}
	l.marks[n] = ms
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// Count is the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// Position returns the 1-based line and 1-based UTF-16 column of byte offset off.
func (l *Lines) Position(off int) (line, col int) {
	off = max(0, min(off, len(l.text)))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	ms, nonASCII := l.marks[i]
	if !nonASCII {
		// An offset inside a U+2028/U+2029 line break counts as its start, as a decode would.
		if i+1 < len(l.starts) {
			if brk := l.starts[i+1] - 3; brk >= l.starts[i] && off > brk && l.text[brk] == 0xE2 {
				off = brk
			}
		}
		return i + 1, off - l.starts[i] + 1
	}
	p, col := l.starts[i], 1
	if k := sort.Search(len(ms), func(k int) bool { return ms[k].off > off }) - 1; k >= 0 {
		p, col = ms[k].off, ms[k].col
	}
	for p < off {
		r, size := utf8.DecodeRuneInString(l.text[p:])
		if p+size > off { // offset inside a multi-byte sequence: stop at its start
			break
		}
		col += utf16Len(r)
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
