package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
)

const streamKey = "sk_live_a2V5XzAxSFhZWjdLMk0zTjRQNVE2UjdTOFQ5VldYLExxM3ZUbTlaelIycFc4a0Q0c0Y2aEoxbkI1Y0c3eQ"

// TestStreamAPIKeys compares the windowed scan with FindAPIKeys and parser.Lines on the whole
// text. Small windows of several sizes put a window boundary at every offset of a key, after
// multi-byte characters, astral characters (two UTF-16 units), CRLF, lone CR and U+2028, next
// to keys that are not WorkOS-shaped or sit inside a word; one run uses the real window.
func TestStreamAPIKeys(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		b.WriteString(strings.Repeat("é🎉", i%5))
		switch i % 4 {
		case 0:
			b.WriteString("\r\n")
		case 1:
			b.WriteString("\r")
		case 2:
			b.WriteString("\u2028")
		}
		b.WriteString(`k = "` + streamKey + `";`)
		if i%7 == 0 {
			b.WriteString(" sk_live_51HqLyjWDarjtT1zdp7dcXyZ3Ab x" + streamKey + "\n")
		}
		b.WriteString(strings.Repeat(" ", i%13))
		if i%50 == 0 { // a key inside a word, and no key for a whole carry after it
			b.WriteString("x" + streamKey + strings.Repeat(" ", streamCarry+i))
		}
	}
	b.WriteString("last " + streamKey)
	small := b.String()
	var big strings.Builder
	for big.Len() < 3<<20 {
		big.WriteString("const é = '🎉';\r\n// x\ry\u2028z\n")
		big.WriteString(small[:len(small)/7])
	}
	big.WriteString(small)

	check := func(name, src string) {
		lines := parser.NewLines(src)
		var want []StreamedKey
		for _, k := range FindAPIKeys(src) {
			if key := src[k[0]:k[1]]; IsWorkOSKeyBody(key) {
				line, col := lines.Position(k[0])
				want = append(want, StreamedKey{Key: key, Offset: int64(k[0]), Line: line, Column: col})
			}
		}
		var got []StreamedKey
		if err := StreamAPIKeys(strings.NewReader(src), func(k StreamedKey) { got = append(got, k) }); err != nil {
			t.Fatal(err)
		}
		if len(want) < 300 {
			t.Fatalf("%s: only %d keys planted", name, len(want))
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d keys streamed, want %d", name, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: key %d: got %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
	check("1 MiB window", big.String())
	defer func(w int) { streamWindow = w }(streamWindow)
	for _, w := range []int{1, 7, 64, 97, 255, 1000} {
		streamWindow = w
		check(fmt.Sprintf("window %d", w), small)
	}
}
