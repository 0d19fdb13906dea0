package rules

import (
	"path/filepath"
	"regexp"
	"strings"
)

// clientIDPattern finds WorkOS client IDs: "client_" and a 26-character ULID (Crockford base32,
// first character 0-7), not inside a longer identifier.
var clientIDPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(client_[0-7][0-9A-HJKMNP-TV-Z]{25})(?:$|[^A-Za-z0-9_])`)

// FindClientIDs returns the byte ranges of real-looking WorkOS client IDs in s.
func FindClientIDs(s string) [][2]int {
	var out [][2]int
	for _, m := range clientIDPattern.FindAllStringSubmatchIndex(s, -1) {
		id := s[m[2]:m[3]]
		if !IsPlaceholderULID(id[len("client_"):]) {
			out = append(out, [2]int{m[2], m[3]})
		}
	}
	return out
}

// IsPlaceholderULID spots documentation IDs such as 01XXXXXXXXXXXXXXXXXXXXXXXX or
// 01ABCDEFGHJKMNPQRSTVWXYZ00: a run of four equal characters, or an alphabet run, is next to
// impossible in the 80 random bits of a real ULID.
func IsPlaceholderULID(u string) bool {
	run, seq := 1, 1
	for i := 1; i < len(u); i++ {
		if u[i] == u[i-1] {
			run++
		} else {
			run = 1
		}
		if u[i] == u[i-1]+1 {
			seq++
		} else {
			seq = 1
		}
		if run >= 4 || seq >= 5 {
			return true
		}
	}
	return false
}

// IsTestPath reports files that belong to tests: *.test.*, *.spec.*, and anything under a
// test, tests, __tests__, __mocks__, e2e, fixtures or testdata directory.
func IsTestPath(path string) bool {
	base := filepath.Base(path)
	if strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") {
		return true
	}
	for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		switch part {
		case "test", "tests", "__tests__", "__mocks__", "e2e", "fixtures", "__fixtures__", "testdata":
			return true
		}
	}
	return false
}

// Mask shows a secret as its prefix, an ellipsis and its last four characters
// (sk_live_…abcd), so that no output ever carries it whole.
func Mask(secret string) string {
	prefix := ""
	for _, p := range []string{"sk_live_", "sk_test_"} {
		if strings.HasPrefix(secret, p) {
			prefix = p
		}
	}
	rest := secret[len(prefix):]
	if len(rest) <= 8 {
		return prefix + "…"
	}
	return prefix + "…" + rest[len(rest)-4:]
}
