package parser

import (
	"strings"
)

// EnvEntry is one KEY=value assignment of a .env file.
type EnvEntry struct {
	Key   string
	Value string // unquoted, escapes of double-quoted values applied
	// Offsets of the key and of the raw value (quotes included) in the file.
	KeyStart, KeyEnd     int
	ValueStart, ValueEnd int
	Quote                byte // 0, '\'', '"' or '`'
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

// ParseEnv parses dotenv syntax: KEY=value, optional `export `, # comments (whole-line, or after
// whitespace in unquoted values), single/double/backtick quotes (double quotes may span lines
// and take \n escapes). Lines that are not assignments are skipped, as dotenv does.
func ParseEnv(src string) *EnvFile {
	f := &EnvFile{}
	i := 0
	for i < len(src) {
		lineEnd := lineEndFrom(src, i)
		p := skipSpaces(src, i, lineEnd)
		if p < lineEnd && src[p] == '#' {
			f.Comments = append(f.Comments, Comment{Start: p, End: lineEnd, Text: src[p+1 : lineEnd]})
			i = nextLine(src, lineEnd)
			continue
		}
		if strings.HasPrefix(src[p:lineEnd], "export ") {
			p = skipSpaces(src, p+len("export "), lineEnd)
		}
		keyStart := p
		for p < lineEnd && (isIdentByte(src[p]) || src[p] == '.' || src[p] == '-') {
			p++
		}
		keyEnd := p
		p = skipSpaces(src, p, lineEnd)
		if keyEnd == keyStart || p >= lineEnd || src[p] != '=' {
			i = nextLine(src, lineEnd)
			continue
		}
		p = skipSpaces(src, p+1, lineEnd)
		e := EnvEntry{Key: src[keyStart:keyEnd], KeyStart: keyStart, KeyEnd: keyEnd, ValueStart: p}
		end := lineEnd
		if p < len(src) && (src[p] == '"' || src[p] == '\'' || src[p] == '`') {
			q := src[p]
			close := strings.IndexByte(src[p+1:], q)
			if q == '"' {
				close = closingDoubleQuote(src, p+1)
			}
			if close >= 0 {
				e.Quote = q
				raw := src[p+1 : p+1+close]
				e.ValueEnd = p + 2 + close
				e.Value = raw
				if q == '"' {
					e.Value = unescapeDouble(raw)
				}
				e.Interpolated = q != '\'' && hasInterpolation(raw)
				end = lineEndFrom(src, e.ValueEnd)
				if c := strings.Index(src[e.ValueEnd:end], "#"); c >= 0 {
					f.Comments = append(f.Comments, Comment{Start: e.ValueEnd + c, End: end, Text: src[e.ValueEnd+c+1 : end]})
				}
				f.Entries = append(f.Entries, e)
				i = nextLine(src, end)
				continue
			}
		}
		// Unquoted: up to an inline comment (# after whitespace), trailing spaces trimmed.
		valEnd := lineEnd
		for j := p; j < lineEnd; j++ {
			if src[j] == '#' && (j == p || src[j-1] == ' ' || src[j-1] == '\t') {
				f.Comments = append(f.Comments, Comment{Start: j, End: lineEnd, Text: src[j+1 : lineEnd]})
				valEnd = j
				break
			}
		}
		for valEnd > p && (src[valEnd-1] == ' ' || src[valEnd-1] == '\t') {
			valEnd--
		}
		e.ValueEnd = valEnd
		e.Value = src[p:valEnd]
		e.Interpolated = hasInterpolation(e.Value)
		f.Entries = append(f.Entries, e)
		i = nextLine(src, lineEnd)
	}
	return f
}

func lineEndFrom(s string, i int) int {
	for i < len(s) && s[i] != '\n' && s[i] != '\r' {
		i++
	}
	return i
}

func nextLine(s string, lineEnd int) int {
	if lineEnd < len(s) && s[lineEnd] == '\r' && lineEnd+1 < len(s) && s[lineEnd+1] == '\n' {
		return lineEnd + 2
	}
	return lineEnd + 1
}

func skipSpaces(s string, i, end int) int {
	for i < end && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// closingDoubleQuote finds the unescaped " that closes a value starting at from; -1 if none.
func closingDoubleQuote(s string, from int) int {
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j - from
		}
	}
	return -1
}

func unescapeDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\n`, "\n", `\r`, "\r", `\t`, "\t", `\"`, `"`, `\\`, `\`).Replace(s)
}

func hasInterpolation(s string) bool {
	for j := 0; j+1 < len(s); j++ {
		if s[j] == '$' && (s[j+1] == '{' || s[j+1] == '_' || s[j+1] >= 'A' && s[j+1] <= 'Z' || s[j+1] >= 'a' && s[j+1] <= 'z') && (j == 0 || s[j-1] != '\\') {
			return true
		}
	}
	return false
}
