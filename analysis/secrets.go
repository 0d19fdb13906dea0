package analysis

// Secrets and IDs in text: placeholders, WorkOS API keys and client IDs, and how to show a
// secret without printing it.

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// FindClientIDs returns the byte ranges of real-looking WorkOS client IDs in s: "client_" and
// a 26-character ULID (Crockford base32, first character 0-7), not inside a longer identifier.
//
// It finds what the regexp `(?:^|[^A-Za-z0-9_])(client_[0-7][0-9A-HJKMNP-TV-Z]{25})(?:$|[^A-Za-z0-9_])`
// finds with FindAllStringSubmatchIndex (the unit tests compare the two), quirks included: a
// match consumes the character after the ID, so an ID right after it (a single comma between
// two IDs) is not found. Without a literal prefix Go's regexp steps through every byte of the
// text; looking for "client_" first and matching around each hit is about a hundred times faster.
func FindClientIDs(s string) [][2]int {
	const prefix = "client_"
	const idLen = len(prefix) + 26
	var out [][2]int
	pos := 0 // where the regexp's next search would start: the end of its last match
	for at := 0; ; {
		i := strings.Index(s[at:], prefix)
		if i < 0 {
			return out
		}
		start := at + i
		at = start + 1
		// The character before the ID, which the match consumes, must not belong to an earlier match.
		if start > 0 && (start == pos || isWordByte(s[start-1])) {
			continue
		}
		end := start + idLen
		if end > len(s) || !isULID(s[start+len(prefix):end]) {
			continue
		}
		next := end
		if end < len(s) {
			if isWordByte(s[end]) {
				continue
			}
			_, w := utf8.DecodeRuneInString(s[end:])
			next += w
		}
		if !IsPlaceholderULID(s[start+len(prefix) : end]) {
			out = append(out, [2]int{start, end})
		}
		pos, at = next, next
	}
}

// isWordByte reports [A-Za-z0-9_].
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isULID reports a 26-character Crockford base32 ULID whose first character is 0-7.
func isULID(u string) bool {
	if len(u) != 26 || u[0] < '0' || u[0] > '7' {
		return false
	}
	for i := 1; i < len(u); i++ {
		switch c := u[i]; {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U':
		default:
			return false
		}
	}
	return true
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

// placeholderAngle matches `<your-api-key>`, `<32-char-random-string>`.
var placeholderAngle = regexp.MustCompile(`<[^<>]+>`)

// placeholderYour matches "your" starting a word: your_key, YOUR-WORKOS-CLIENT-ID, sk_yourkey.
var placeholderYour = regexp.MustCompile(`(?:^|[^a-z0-9])your`)

// placeholderWords never occur in a random secret; they are what docs and templates write.
var placeholderWords = []string{
	"changeme", "change_me", "change-me", "replaceme", "replace_me", "replace-me",
	"placeholder", "example", "sample", "dummy", "generate",
}

// IsPlaceholder reports values that documentation and templates write where a real value
// belongs: `your_32_char_minimum_password_here`, `sk_test_...`, `client_01...`,
// `<your-api-key>`, `sk_test_your_api_key_here`, `YOUR-WORKOS-CLIENT-ID`, `xxx`, `changeme`,
// and a single character repeated. The empty string is not a placeholder (callers decide
// what an empty value means).
func IsPlaceholder(value string) bool {
	v := strings.TrimSpace(value)
	if v == "" {
		return false
	}
	if strings.Contains(v, "...") || strings.Contains(v, "…") || placeholderAngle.MatchString(v) {
		return true
	}
	l := strings.ToLower(v)
	if placeholderYour.MatchString(l) || strings.HasSuffix(l, "_here") || strings.HasSuffix(l, "-here") {
		return true
	}
	if strings.Contains(v, "xxx") || strings.Contains(v, "XXX") {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	if len(v) >= 3 && strings.Count(v, v[:1]) == len(v) {
		return true
	}
	return false
}

// minKeyBody is the shortest body taken for a key. WorkOS keys are ~70 base62 characters (the
// base64 of "key_<ULID>,<secret>"); 20 still admits older and truncated-but-real keys.
const minKeyBody = 20

// FindAPIKeys returns the byte ranges of real-looking secret API keys (`sk_test_`/`sk_live_`
// and a random base62 body of 20+ characters) in s, not inside a longer identifier. A
// following `_` or `-` means an identifier such as sk_test_your_api_key_here, not a key.
// Placeholders such as `sk_test_...`, `sk_test_your_api_key_here` or
// `sk_live_XXXXXXXXXXXXXXXXXXXXXXXX` are not keys. Stripe uses the same prefixes: see
// IsWorkOSKeyBody and the callers for telling them apart.
//
// It finds what the regexp `(?:^|[^A-Za-z0-9_])(sk_(?:test|live)_[A-Za-z0-9]+)(?:$|[^A-Za-z0-9_\-])`
// finds when run again from the end of each key (the unit tests compare the two), looking for
// "sk_" first rather than stepping the regexp through every byte.
func FindAPIKeys(s string) [][2]int {
	var out [][2]int
	for at := 0; ; {
		i := strings.Index(s[at:], "sk_")
		if i < 0 {
			return out
		}
		start := at + i
		at = start + 1
		if start > 0 && isWordByte(s[start-1]) {
			continue
		}
		rest := s[start+len("sk_"):]
		if !strings.HasPrefix(rest, "test_") && !strings.HasPrefix(rest, "live_") {
			continue
		}
		body := start + len("sk_test_")
		end := body
		for end < len(s) && isWordByte(s[end]) && s[end] != '_' {
			end++
		}
		if end == body || end < len(s) && (s[end] == '_' || s[end] == '-') {
			continue
		}
		if looksRandomKey(s[start:end]) {
			out = append(out, [2]int{start, end})
		}
		at = end // the character after a key may precede the next one
	}
}

// looksRandomKey checks a key's body: long enough, mixed character classes, no placeholder
// words and no runs (AAAA, 12345) that a random key next to never holds.
func looksRandomKey(key string) bool {
	body := key[len(APIKeyPrefix(key)):]
	if len(body) < minKeyBody || IsPlaceholder(body) || IsPlaceholderULID(body) {
		return false
	}
	var upper, lower, digit bool
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit} {
		if b {
			classes++
		}
	}
	return classes >= 2
}

// APIKeyPrefix is "sk_test_" or "sk_live_" when v starts with it, "" otherwise.
func APIKeyPrefix(v string) string {
	for _, p := range []string{"sk_test_", "sk_live_"} {
		if strings.HasPrefix(v, p) {
			return p
		}
	}
	return ""
}

// IsWorkOSKeyBody reports keys whose body is the base64 of "key_…", the shape of WorkOS API
// keys (sk_test_a2V5XzAx…); Stripe keys, which share the sk_ prefixes, never start so.
func IsWorkOSKeyBody(key string) bool {
	return strings.HasPrefix(key[len(APIKeyPrefix(key)):], "a2V5Xz")
}

// IsWorkOSKeyContext decides whether the key at [start, end) of src is a WorkOS key rather
// than another service's sk_ key: its body says so, or its line or the line before it
// mentions WorkOS, or the file mentions WorkOS and never Stripe.
func IsWorkOSKeyContext(src string, start, end int) bool {
	if IsWorkOSKeyBody(src[start:end]) {
		return true
	}
	lineStart := strings.LastIndexAny(src[:start], "\n\r") + 1
	prevStart := 0
	if lineStart > 1 {
		prevStart = strings.LastIndexAny(src[:lineStart-1], "\n\r") + 1
	}
	lineEnd := len(src)
	if i := strings.IndexAny(src[end:], "\n\r"); i >= 0 {
		lineEnd = end + i
	}
	if strings.Contains(strings.ToLower(src[prevStart:lineEnd]), "workos") {
		return true
	}
	l := strings.ToLower(src)
	return strings.Contains(l, "workos") && !strings.Contains(l, "stripe")
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
