package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Clean makes text from the linted tree (file names, env values quoted in messages) safe to
// print on one line of a terminal or a CI log: control characters (ESC starts terminal
// escape sequences, CR rewrites the line, a newline forges another finding or a workflow
// command), line separators and the bidirectional overrides of "Trojan Source" are shown as
// Go-style escapes, and invalid UTF-8 as \xNN. Newlines in rule messages become spaces.
func Clean(s string) string { return clean(s, false) }

// cleanControls is Clean keeping CR and LF, for formats that escape them their own way
// (workflow commands' %0D and %0A).
func cleanControls(s string) string { return clean(s, true) }

func clean(s string, keepBreaks bool) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepBreaks && (r == '\n' || r == '\r'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteByte(' ')
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			return !hasUnsafe(s)
		}
	}
	return true
}

func hasUnsafe(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r < 0x20 || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, 0x80 <= r && r < 0xa0: // C0, DEL, C1
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c: // bidi
		return true
	}
	return false
}
