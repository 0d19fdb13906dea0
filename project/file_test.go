package project

import (
	"strings"
	"testing"
)

func TestLooksBinary(t *testing.T) {
	src := "export const sep = \"a\x00b\";\nexport const name = \"héllo\";\n"
	// "é" is two bytes: after a 5-byte head the sample's last byte is the first half of one.
	cut := "\"\x00\";\n" + strings.Repeat("é", binarySample)
	for _, tc := range []struct {
		name string
		in   string
		want bool
	}{
		{"plain source", "export const x = 1;\n", false},
		{"NUL inside a string of UTF-8 source", src, false},
		{"sample cut inside a character", cut, false},
		{"PNG header", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", true},
		{"UTF-16LE text", "e\x00x\x00p\x00o\x00r\x00t\x00", true},
		{"zero-filled", strings.Repeat("\x00", 64), true},
		{"NUL and invalid UTF-8", "const a = \"\xff\xfe\x00\";" + strings.Repeat(" ", 100), true},
	} {
		if got := looksBinary([]byte(tc.in)); got != tc.want {
			t.Errorf("%s: looksBinary = %v, want %v", tc.name, got, tc.want)
		}
	}
}
