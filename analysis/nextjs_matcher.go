package analysis

// Middleware matchers and unauthenticatedPaths entries, evaluated the way Next.js and
// authkit-nextjs do: the source goes through path-to-regexp 6.3 (parse + tokensToRegexp, with
// Next's additions for matchers: an optional `/_next/data/<build>` prefix and an optional
// `.json` suffix), and the JavaScript regular expression that comes out is run by regexp2 in
// its ECMAScript mode, since Go's regexp has no lookahead and Next.js matchers are full of
// `(?!...)`.
//
// Supported regular-expression syntax: literals and escapes (\d \w \s and their negations,
// \b \B, \n \r \t \v \f \0, \xHH, \uHHHH, \cX, identity escapes), `.`, classes with ranges
// and negation, groups (capturing, `(?:`, named), lookahead and lookbehind (positive and
// negative), alternation, `^` `$`, and the quantifiers * + ? {n} {n,} {n,m} (greedy or lazy).
// Backreferences, unicode property escapes, octal escapes and anything else make the matcher
// Unknown, and a rule that meets an Unknown matcher stays silent.

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dlclark/regexp2"
)

// JSRegexp is a compiled JavaScript regular expression (no flags).
type JSRegexp struct {
	source string
	re     *regexp2.Regexp
}

var errRegexpUnsupported = errors.New("unsupported regular expression syntax")

// matchTimeout bounds one match: real matchers finish in microseconds on a URL path; a
// pathological pattern is Unknown rather than slow.
const matchTimeout = 50 * time.Millisecond

var errRegexpBudget = errors.New("regular expression too costly to evaluate")

// compileJSRegexp parses a JavaScript RegExp source (as given to `new RegExp(source)`).
func compileJSRegexp(source string) (*JSRegexp, error) {
	translated, err := toRegexp2(source)
	if err != nil {
		return nil, err
	}
	re, err := regexp2.Compile(translated, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = matchTimeout
	return &JSRegexp{source: source, re: re}, nil
}

// MatchString reports whether the regexp matches anywhere in s (RegExp.prototype.test).
func (re *JSRegexp) MatchString(s string) (bool, error) {
	ok, err := re.re.MatchString(s)
	if err != nil { // the only error regexp2 returns on a match is the timeout
		return false, errRegexpBudget
	}
	return ok, nil
}

// toRegexp2 rewrites a JavaScript (Annex B, non-unicode) pattern for regexp2, whose ECMAScript
// mode still reads some syntax the .NET way: it refuses what the two read differently or what
// JavaScript has no meaning for (backreferences and octal escapes, \k, \p{...}, .NET-only
// groups such as (?i) or (?>...)), spells JavaScript's identity escapes (\a, \e, \x or \u
// without hex digits, \c without a letter) as the plain characters they stand for, and keeps
// `.` off the line terminators U+2028 and U+2029 as JavaScript does.
func toRegexp2(src string) (string, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\':
			if i+1 >= len(src) {
				return "", errors.New("\\ at end of pattern")
			}
			i++
			e := src[i]
			switch {
			case e >= '1' && e <= '9', e == '0' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9', e == 'k', e == 'p', e == 'P':
				// regexp2 reads \p{L} as a Unicode class, node (no u flag) as "p{L}": Unknown, like backreferences.
				return "", errRegexpUnsupported
			case e == 'x' && !hexAt(src, i+1, 2), e == 'u' && !hexAt(src, i+1, 4):
				b.WriteByte(e)
			case e == 'c':
				if i+1 < len(src) && (src[i+1]|0x20 >= 'a' && src[i+1]|0x20 <= 'z') {
					b.WriteString(`\c`)
				} else {
					b.WriteString(`\\`) // "\c" is a backslash and a c
					i--
				}
			case e >= 'a' && e <= 'z' || e >= 'A' && e <= 'Z':
				if strings.IndexByte("dDwWsSbBnrtvfxuc", e) >= 0 {
					b.WriteByte('\\')
				}
				b.WriteByte(e)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
			continue
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
		case c == '.':
			b.WriteString(`[^\n\r\u2028\u2029]`) // regexp2's dot takes U+2028 and U+2029
			continue
		case c == '(' && strings.HasPrefix(src[i:], "(?"):
			rest := src[i+2:]
			switch {
			case strings.HasPrefix(rest, ":"), strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
				strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
			case strings.HasPrefix(rest, "<"):
				end := strings.IndexByte(rest, '>')
				if end < 2 || !isGroupName(rest[1:end]) {
					return "", errors.New("bad group name")
				}
			default:
				return "", errRegexpUnsupported
			}
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

func hexAt(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	_, err := strconv.ParseUint(s[i:i+n], 16, 32)
	return err == nil
}

func isGroupName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !IsWordChar(rune(c)) || i == 0 && c >= '0' && c <= '9' {
			return false
		}
	}
	return true
}

// IsWordChar reports the characters of \w in a JavaScript regular expression (and of a
// path-to-regexp parameter name).
func IsWordChar(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// ---------------------------------------------------------------------------------------------
// path-to-regexp 6.3 (the version Next.js bundles): parse and tokensToRegexp with the default
// options (delimiter "/#?", prefixes "./", not strict, anchored at both ends).

type ptrToken struct {
	text     string // a literal path part when key is false
	key      bool
	name     string
	prefix   string
	suffix   string
	pattern  string
	modifier string
}

type ptrLex struct {
	typ   string // MODIFIER ESCAPED_CHAR OPEN CLOSE NAME PATTERN CHAR END
	index int
	value string
}

func ptrLexer(s string) ([]ptrLex, error) {
	var out []ptrLex
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == '*' || c == '+' || c == '?':
			out = append(out, ptrLex{"MODIFIER", i, s[i : i+1]})
			i++
		case c == '\\':
			if i+1 >= len(s) {
				return nil, fmt.Errorf("escape at end of %q", s)
			}
			out = append(out, ptrLex{"ESCAPED_CHAR", i, s[i+1 : i+2]})
			i += 2
		case c == '{':
			out = append(out, ptrLex{"OPEN", i, "{"})
			i++
		case c == '}':
			out = append(out, ptrLex{"CLOSE", i, "}"})
			i++
		case c == ':':
			j := i + 1
			for j < len(s) && IsWordChar(rune(s[j])) {
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("missing parameter name at %d", i)
			}
			out = append(out, ptrLex{"NAME", i, s[i+1 : j]})
			i = j
		case c == '(':
			count, j := 1, i+1
			var pattern strings.Builder
			if j < len(s) && s[j] == '?' {
				return nil, fmt.Errorf("pattern cannot start with \"?\" at %d", j)
			}
			for j < len(s) {
				if s[j] == '\\' {
					if j+1 >= len(s) {
						return nil, fmt.Errorf("escape at end of %q", s)
					}
					pattern.WriteString(s[j : j+2])
					j += 2
					continue
				}
				if s[j] == ')' {
					count--
					if count == 0 {
						j++
						break
					}
				} else if s[j] == '(' {
					count++
					if j+1 >= len(s) || s[j+1] != '?' {
						return nil, fmt.Errorf("capturing groups are not allowed at %d", j)
					}
				}
				pattern.WriteByte(s[j])
				j++
			}
			if count != 0 {
				return nil, fmt.Errorf("unbalanced pattern at %d", i)
			}
			if pattern.Len() == 0 {
				return nil, fmt.Errorf("missing pattern at %d", i)
			}
			out = append(out, ptrLex{"PATTERN", i, pattern.String()})
			i = j
		default:
			out = append(out, ptrLex{"CHAR", i, s[i : i+1]})
			i++
		}
	}
	return append(out, ptrLex{"END", i, ""}), nil
}

var ptrEscapeRe = regexp.MustCompile(`([.+*?=^!:${}()\[\]|/\\])`)

func ptrEscape(s string) string { return ptrEscapeRe.ReplaceAllString(s, `\$1`) }

const ptrDelimiter = "/#?"

func ptrParse(s string) ([]ptrToken, error) {
	lex, err := ptrLexer(s)
	if err != nil {
		return nil, err
	}
	var result []ptrToken
	key, i := 0, 0
	path := ""
	try := func(typ string) (string, bool) {
		if i < len(lex) && lex[i].typ == typ {
			i++
			return lex[i-1].value, true
		}
		return "", false
	}
	text := func() string {
		var b strings.Builder
		for {
			v, ok := try("CHAR")
			if !ok {
				if v, ok = try("ESCAPED_CHAR"); !ok {
					return b.String()
				}
			}
			b.WriteString(v)
		}
	}
	safePattern := func(prefix string) (string, error) {
		prevText := prefix
		hasPrev := len(result) > 0
		if prevText == "" && hasPrev && !result[len(result)-1].key {
			prevText = result[len(result)-1].text
		}
		if hasPrev && prevText == "" {
			return "", errors.New("must have text between two parameters")
		}
		if prevText == "" || strings.ContainsAny(prevText, ptrDelimiter) {
			return "[^" + ptrEscape(ptrDelimiter) + "]+?", nil
		}
		return "(?:(?!" + ptrEscape(prevText) + ")[^" + ptrEscape(ptrDelimiter) + "])+?", nil
	}
	nextKey := func() string {
		key++
		return strconv.Itoa(key - 1)
	}
	for i < len(lex) {
		char, hasChar := try("CHAR")
		name, hasName := try("NAME")
		pattern, hasPattern := try("PATTERN")
		if hasName || hasPattern {
			prefix := char
			if !strings.Contains("./", prefix) || prefix == "" {
				path += prefix
				prefix = ""
			}
			if path != "" {
				result = append(result, ptrToken{text: path})
				path = ""
			}
			if !hasName {
				name = nextKey()
			}
			if !hasPattern {
				if pattern, err = safePattern(prefix); err != nil {
					return nil, err
				}
			}
			mod, _ := try("MODIFIER")
			result = append(result, ptrToken{key: true, name: name, prefix: prefix, pattern: pattern, modifier: mod})
			continue
		}
		value := char
		if !hasChar {
			value, _ = try("ESCAPED_CHAR")
		}
		if value != "" {
			path += value
			continue
		}
		if path != "" {
			result = append(result, ptrToken{text: path})
			path = ""
		}
		if _, open := try("OPEN"); open {
			prefix := text()
			name, _ := try("NAME")
			pattern, _ := try("PATTERN")
			suffix := text()
			if _, ok := try("CLOSE"); !ok {
				return nil, fmt.Errorf("unexpected %s at %d, expected CLOSE", lex[i].typ, lex[i].index)
			}
			if name != "" && pattern == "" {
				if pattern, err = safePattern(prefix); err != nil {
					return nil, err
				}
			} else if name == "" && pattern != "" {
				name = nextKey()
			}
			mod, _ := try("MODIFIER")
			result = append(result, ptrToken{key: true, name: name, prefix: prefix, suffix: suffix, pattern: pattern, modifier: mod})
			continue
		}
		if _, ok := try("END"); !ok {
			return nil, fmt.Errorf("unexpected %s at %d, expected END", lex[i].typ, lex[i].index)
		}
	}
	return result, nil
}

// errRepeatWithoutPrefix is path-to-regexp 6.3's refusal of `(.*)*`; Next.js 16 retries such
// tokens with a "/" prefix while older versions built another expression: version-dependent,
// so Unknown.
var errRepeatWithoutPrefix = errors.New("a repeated parameter without a prefix or suffix")

// ptrTokensToRegexp builds the RegExp source, as tokensToRegexp(tokens).source.
func ptrTokensToRegexp(tokens []ptrToken) (string, error) {
	var b strings.Builder
	b.WriteString("^")
	for _, t := range tokens {
		if !t.key {
			b.WriteString(ptrEscape(t.text))
			continue
		}
		prefix, suffix := ptrEscape(t.prefix), ptrEscape(t.suffix)
		switch {
		case t.pattern == "":
			b.WriteString("(?:" + prefix + suffix + ")" + t.modifier)
		case prefix != "" || suffix != "":
			if t.modifier == "+" || t.modifier == "*" {
				mod := ""
				if t.modifier == "*" {
					mod = "?"
				}
				b.WriteString("(?:" + prefix + "((?:" + t.pattern + ")(?:" + suffix + prefix + "(?:" + t.pattern + "))*)" + suffix + ")" + mod)
			} else {
				b.WriteString("(?:" + prefix + "(" + t.pattern + ")" + suffix + ")" + t.modifier)
			}
		default:
			if t.modifier == "+" || t.modifier == "*" {
				return "", errRepeatWithoutPrefix
			}
			b.WriteString("(" + t.pattern + ")" + t.modifier)
		}
	}
	b.WriteString("[" + ptrEscape(ptrDelimiter) + "]?$")
	return b.String(), nil
}

// nextMatcherRegexp is the regular expression Next.js derives from a middleware matcher
// source (getMiddlewareMatchers, without i18n or basePath: the App Router has no i18n, and a
// basePath prefixes matchers and request paths alike).
func nextMatcherRegexp(source string) (*JSRegexp, error) {
	if !strings.HasPrefix(source, "/") {
		return nil, fmt.Errorf("matcher %q does not start with /", source)
	}
	suffix := "{(\\.json)}?"
	if source == "/" {
		suffix = "(/?index|/?index\\.json)?"
	}
	return pathToRegexp("/:nextData(_next/data/[^/]{1,})?" + source + suffix)
}

// AuthKitPathRegexp is how authkit-nextjs reads an unauthenticatedPaths entry: through
// `new URL(glob, "https://example.com")` (which turns \ into /, cuts the query, keeps the hash,
// resolves dot segments and percent-encodes a few characters), then path-to-regexp; the
// expression is used without flags, so case-sensitively.
func AuthKitPathRegexp(glob string) (*JSRegexp, error) {
	return pathToRegexp(urlPath(glob))
}

// pathToRegexp is path-to-regexp's pathToRegexp(path) with the default options, compiled.
func pathToRegexp(path string) (*JSRegexp, error) {
	tokens, err := ptrParse(path)
	if err != nil {
		return nil, err
	}
	src, err := ptrTokensToRegexp(tokens)
	if err != nil {
		return nil, err
	}
	return compileJSRegexp(src)
}

// urlPath is `${url.pathname}${url.hash}` of new URL(s, "https://example.com").
func urlPath(s string) string {
	s = strings.ReplaceAll(s, `\`, "/")
	hash := ""
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		if s[i] == '#' {
			hash = s[i:]
		} else if j := strings.IndexByte(s[i:], '#'); j >= 0 {
			hash = s[i+j:]
		}
		s = s[:i]
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	var segs []string
	parts := strings.Split(s[1:], "/")
	for i, seg := range parts {
		switch strings.ToLower(seg) {
		case ".", "%2e":
			if i == len(parts)-1 {
				segs = append(segs, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			if i == len(parts)-1 {
				segs = append(segs, "")
			}
		default:
			segs = append(segs, seg)
		}
	}
	path := percentEncode("/"+strings.Join(segs, "/"), "\"<>`{}")
	if hash == "#" {
		hash = ""
	}
	return path + percentEncode(hash, "\"<>`")
}

// percentEncode encodes C0 controls, space, non-ASCII bytes and the bytes of set.
func percentEncode(s, set string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || strings.IndexByte(set, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
