package lsp

import (
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"
)

// encoding is the unit of Position.Character agreed at initialize: UTF-16 code units unless
// the client offers utf-8.
type encoding int

const (
	utf16 encoding = iota
	utf8Bytes
)

// text indexes a document by LSP's rules: lines end at \n, \r\n or \r (not at U+2028/U+2029,
// which JavaScript and the engine's own line numbers count), characters are code units of enc.
type text struct {
	s      string
	starts []int // byte offset of each line
	enc    encoding
}

func newText(s string, enc encoding) *text {
	t := &text{s: s, starts: []int{0}, enc: enc}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		default:
			continue
		}
		t.starts = append(t.starts, i+1)
	}
	return t
}

// lineEnd is the offset of line n's line break (or the end of the text).
func (t *text) lineEnd(n int) int {
	if n+1 >= len(t.starts) {
		return len(t.s)
	}
	end := t.starts[n+1] - 1
	if t.s[end] == '\n' && end > t.starts[n] && t.s[end-1] == '\r' {
		end--
	}
	return end
}

// position is the Position of byte offset off (clamped to the text; an offset inside a UTF-8
// sequence counts as the sequence's start).
func (t *text) position(off int) Position {
	off = max(0, min(off, len(t.s)))
	line := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > off }) - 1
	off = min(off, t.lineEnd(line)) // inside a \r\n: the end of the line
	start := t.starts[line]
	if t.enc == utf8Bytes {
		for off > start && off < len(t.s) && !utf8.RuneStart(t.s[off]) {
			off--
		}
		return Position{Line: line, Character: off - start}
	}
	col := 0
	for p := start; p < off; {
		r, size := utf8.DecodeRuneInString(t.s[p:])
		if p+size > off {
			break
		}
		col += utf16Units(r)
		p += size
	}
	return Position{Line: line, Character: col}
}

// offset is the byte offset of p. As the spec says, a character past the end of the line means
// the line's end and a line past the end means the end of the text; a position inside a
// surrogate pair or UTF-8 sequence moves to the character's end.
func (t *text) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(t.starts) {
		return len(t.s)
	}
	start, end := t.starts[p.Line], t.lineEnd(p.Line)
	if p.Character <= 0 {
		return start
	}
	if t.enc == utf8Bytes {
		off := min(start+p.Character, end)
		for off < end && !utf8.RuneStart(t.s[off]) {
			off++
		}
		return off
	}
	col, off := 0, start
	for off < end && col < p.Character {
		r, size := utf8.DecodeRuneInString(t.s[off:])
		col += utf16Units(r)
		off += size
	}
	return off
}

func (t *text) rangeOf(start, end int) Range {
	return Range{Start: t.position(start), End: t.position(end)}
}

func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// applyChange applies one didChange content change (a whole-text one when Range is nil).
func applyChange(s string, c contentChange, enc encoding) string {
	if c.Range == nil {
		return c.Text
	}
	t := newText(s, enc)
	start, end := t.offset(c.Range.Start), t.offset(c.Range.End)
	if end < start {
		start, end = end, start
	}
	return s[:start] + c.Text + s[end:]
}

// uriToPath is the absolute file path of a file: URI; ok is false for other schemes
// (untitled: buffers, virtual documents), which are not linted.
func uriToPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/") // file:///C:/x
		if u.Host != "" {
			p = `\\` + u.Host + filepath.FromSlash("/"+p) // UNC
		}
	}
	p = filepath.Clean(filepath.FromSlash(p))
	if !filepath.IsAbs(p) {
		return "", false
	}
	return p, true
}

// pathToURI is the file: URI of an absolute path, percent-encoded as editors write them.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
