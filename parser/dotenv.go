package parser

import (
	"regexp"
	"slices"
	"sort"
	"strings"
)

// EnvEntry is one KEY=value assignment of a .env file.
type EnvEntry struct {
	Key   string
	Value string // the value dotenv.parse returns: quotes stripped, \n and \r expanded in double quotes
	// Offsets of the key and of the raw value (quotes included, surrounding spaces trimmed) in the file.
	KeyStart, KeyEnd     int
	ValueStart, ValueEnd int
	Quote                byte // 0, '\'', '"' or '`': the quote dotenv stripped
	// Interpolated is set when the value refers to other variables ($X or ${X}), which
	// dotenv-expand and Next.js substitute: its literal text is not the runtime value.
	Interpolated bool
}

// EnvFile is a parsed .env file.
type EnvFile struct {
	Entries  []EnvEntry
	Comments []Comment // # comments, Text without the #
}

// Lookup returns the last assignment of key (later lines win, as in dotenv).
func (f *EnvFile) Lookup(key string) (EnvEntry, bool) {
	for i := len(f.Entries) - 1; i >= 0; i-- {
		if f.Entries[i].Key == key {
			return f.Entries[i], true
		}
	}
	return EnvEntry{}, false
}

// jsSpace is JavaScript's \s (ECMA-262 WhiteSpace and LineTerminator), which includes the BOM:
// dotenv's leading \s* is why a BOM never becomes part of the first key.
const jsSpace = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// envLine is dotenv's LINE regular expression (lib/main.js of dotenv 16.3.1, the version @next/env
// bundles; unchanged through 17.4.2, which Vite uses), with JavaScript's \s and . spelled out and a
// group added around the trailing comment. Go's regexp is leftmost-first like a backtracking
// engine, so it picks the same matches as V8. One known difference: JavaScript's multi-line ^ and $
// also break at U+2028/U+2029, Go's only at \n.
var envLine = regexp.MustCompile(`(?m)^[` + jsSpace + `]*(?:export[` + jsSpace + `]+)?([\w.-]+)((?:[` + jsSpace + `]*=[` + jsSpace + `]*?|:[` + jsSpace + `]+?))` +
	`([` + jsSpace + `]*'(?:\\'|[^'])*'|[` + jsSpace + `]*"(?:\\"|[^"])*"|[` + jsSpace + `]*` + "`(?:\\\\`|[^`])*`" + `|[^#\r\n]+)?` +
	`[` + jsSpace + `]*(#[^\n\r\x{2028}\x{2029}]*)?$`)

// ParseEnv parses a .env file exactly as dotenv.parse does (see envLine): KEY=value or KEY: value,
// optional `export`, # comments (an unquoted value ends at the first #), '…', "…" and `…` quotes
// that may span lines, \n and \r expanded in double quotes only (no other escape is), later
// assignments win. Offsets are into src as given (CRLF included).
func ParseEnv(src string) *EnvFile {
	norm, drops := normalizeNewlines(src)
	orig := func(n int) int { return n + sort.SearchInts(drops, n+1) }
	f := &EnvFile{}
	var taken [][2]int // normalized spans of values, where a # line is not a comment
	for _, m := range envLine.FindAllStringSubmatchIndex(norm, -1) {
		e := EnvEntry{Key: norm[m[2]:m[3]], KeyStart: orig(m[2]), KeyEnd: orig(m[3])}
		vs, ve := m[5], m[5] // no value: dotenv's empty string, after the separator
		if m[6] >= 0 {
			vs, ve = m[6], m[7]
		}
		for vs < ve && isJSSpaceAt(norm, vs) {
			vs += spaceLen(norm, vs)
		}
		for ve > vs && isJSSpaceBefore(norm, ve) {
			ve -= spaceLenBefore(norm, ve)
		}
		raw := norm[vs:ve]
		e.ValueStart, e.ValueEnd = orig(vs), orig(ve)
		value := raw
		if len(raw) >= 2 && strings.IndexByte("'\"`", raw[0]) >= 0 && raw[len(raw)-1] == raw[0] {
			e.Quote = raw[0]
			value = raw[1 : len(raw)-1]
		}
		if len(raw) > 0 && raw[0] == '"' {
			value = strings.ReplaceAll(strings.ReplaceAll(value, `\n`, "\n"), `\r`, "\r")
		}
		e.Value = value
		e.Interpolated = e.Quote != '\'' && hasInterpolation(raw)
		if m[8] >= 0 {
			f.Comments = append(f.Comments, Comment{Start: orig(m[8]), End: orig(m[9]), Text: norm[m[8]+1 : m[9]]})
		}
		taken = append(taken, [2]int{vs, ve})
		f.Entries = append(f.Entries, e)
	}
	// Whole-line comments: lines whose first non-space is #, outside multi-line values.
	t := 0
	for i := 0; i < len(norm); {
		end := strings.IndexByte(norm[i:], '\n')
		if end < 0 {
			end = len(norm)
		} else {
			end += i
		}
		for t < len(taken) && taken[t][1] <= i {
			t++
		}
		p := i
		for p < end && (norm[p] == ' ' || norm[p] == '\t') {
			p++
		}
		inside := t < len(taken) && taken[t][0] < i
		if p < end && norm[p] == '#' && !inside {
			f.Comments = append(f.Comments, Comment{Start: orig(p), End: orig(end), Text: norm[p+1 : end]})
		}
		i = end + 1
	}
	sort.SliceStable(f.Comments, func(a, b int) bool { return f.Comments[a].Start < f.Comments[b].Start })
	// The line pattern's trailing \s*#.* can run onto the next line: a whole-line comment there
	// is then found twice.
	f.Comments = slices.CompactFunc(f.Comments, func(a, b Comment) bool { return a.Start == b.Start })
	return f
}

// normalizeNewlines does dotenv's replace(/\r\n?/g, '\n'); drops lists, ascending, the normalized
// offsets after which one byte (the \n of a \r\n) was removed.
func normalizeNewlines(src string) (string, []int) {
	if strings.IndexByte(src, '\r') < 0 {
		return src, nil
	}
	var b strings.Builder
	var drops []int
	for i := 0; i < len(src); i++ {
		if src[i] != '\r' {
			b.WriteByte(src[i])
			continue
		}
		b.WriteByte('\n')
		if i+1 < len(src) && src[i+1] == '\n' {
			i++
			drops = append(drops, b.Len())
		}
	}
	return b.String(), drops
}

var jsSpaceRe = regexp.MustCompile(`^[` + jsSpace + `]`)
var jsSpaceEndRe = regexp.MustCompile(`[` + jsSpace + `]$`)

func isJSSpaceAt(s string, i int) bool { return spaceLen(s, i) > 0 }
func spaceLen(s string, i int) int {
	if c := s[i]; c < 0x80 {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return 1
		}
		return 0
	}
	if loc := jsSpaceRe.FindStringIndex(s[i:min(len(s), i+4)]); loc != nil {
		return loc[1]
	}
	return 0
}
func isJSSpaceBefore(s string, i int) bool { return spaceLenBefore(s, i) > 0 }
func spaceLenBefore(s string, i int) int {
	if c := s[i-1]; c < 0x80 {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return 1
		}
		return 0
	}
	if loc := jsSpaceEndRe.FindStringIndex(s[max(0, i-4):i]); loc != nil {
		return loc[1] - loc[0]
	}
	return 0
}

func hasInterpolation(s string) bool {
	for j := 0; j+1 < len(s); j++ {
		if s[j] == '$' && (s[j+1] == '{' || s[j+1] == '_' || s[j+1] >= 'A' && s[j+1] <= 'Z' || s[j+1] >= 'a' && s[j+1] <= 'z') && (j == 0 || s[j-1] != '\\') {
			return true
		}
	}
	return false
}
