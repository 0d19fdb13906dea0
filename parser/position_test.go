package parser

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLinesPosition(t *testing.T) {
	text := "ab\r\nc😀d\re\u2028f\n"
	l := NewLines(text)
	cases := []struct {
		off, line, col int
	}{
		{0, 1, 1}, {2, 1, 3}, {4, 2, 1}, {5, 2, 2}, {9, 2, 4}, {11, 3, 1}, {15, 4, 1}, {17, 5, 1},
	}
	for _, c := range cases {
		line, col := l.Position(c.off)
		if line != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.off, line, col, c.line, c.col)
		}
	}
	for n, want := range []string{"ab", "c😀d", "e", "f", ""} {
		if got := l.Text(n + 1); got != want {
			t.Errorf("Text(%d) = %q, want %q", n+1, got, want)
		}
	}
	if l.Count() != 5 {
		t.Errorf("Count = %d", l.Count())
	}
}

// naivePosition is the definition Lines.Position implements with checkpoints: decode from the
// line's start.
func naivePosition(l *Lines, off int) (int, int) {
	text := l.text
	off = max(0, min(off, len(text)))
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off })
	col := 1
	for p := l.starts[line-1]; p < off; {
		r, size := utf8.DecodeRuneInString(text[p:])
		if p+size > off {
			break
		}
		col += utf16Len(r)
		p += size
	}
	return line, col
}

// TestLinesPositionLongLines checks the checkpointed decode against the naive one on long
// lines of every kind: ASCII, multi-byte, astral, invalid UTF-8, mixed line breaks.
func TestLinesPositionLongLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "client_01HXYZ", "é", "€", "😀", "\xff", "\xe2\x82", "\n", "\r\n", "\r", "\u2028", " "}
	for n := 0; n < 200; n++ {
		var b strings.Builder
		for range rng.IntN(3000) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(20) > 0 && strings.ContainsAny(p, "\n\r\u2028") {
				p = "x" // keep most lines long
			}
			b.WriteString(p)
		}
		text := b.String()
		l := NewLines(text)
		for off := -1; off <= len(text)+1; off += 1 + rng.IntN(7) {
			gl, gc := l.Position(off)
			wl, wc := naivePosition(l, off)
			if gl != wl || gc != wc {
				t.Fatalf("text %q: Position(%d) = %d:%d, want %d:%d", text, off, gl, gc, wl, wc)
			}
		}
	}
}

// BenchmarkPositionLongLine is the minified-bundle case: many findings on one long line.
func BenchmarkPositionLongLine(b *testing.B) {
	text := strings.Repeat(`"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX", "é", `, 40000)
	l := NewLines(text)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.Position(i * 37 % len(text))
	}
}
