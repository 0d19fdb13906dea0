package parser

import "testing"

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
