package rules

// Next.js App Router facts for the Next.js rules, computed once per project root and cached:
// the app directory and its routes, route handlers and the HTTP methods they export, the
// middleware/proxy file with its AuthKit call and config.matcher, and the WorkOS redirect URIs.
//
// Middleware matchers are evaluated the way Next.js does: the source goes through
// path-to-regexp 6.3 (parse + tokensToRegexp with Next's additions: an optional
// `/_next/data/<build>` prefix and an optional `.json` suffix), and the JavaScript regular
// expression that comes out is run by a small backtracking matcher, since Go's regexp has no
// lookahead and Next.js matchers are full of `(?!...)`.
//
// Supported regular-expression syntax: literals and escapes (\d \w \s and their negations,
// \b \B, \n \r \t \v \f \0, \xHH, \uHHHH, \cX, identity escapes), `.`, classes with ranges
// and negation, groups (capturing, `(?:`, named), lookahead and lookbehind (positive and
// negative), alternation, `^` `$`, and the quantifiers * + ? {n} {n,} {n,m} (greedy or lazy).
// Backreferences, unicode property escapes and anything else make the matcher Unknown, and a
// rule that meets an Unknown matcher stays silent.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"weak"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// ---------------------------------------------------------------------------------------------
// A backtracking matcher for JavaScript regular expressions (no flags).

type reOp uint8

const (
	reLit reOp = iota
	reAny
	reClass
	reStart
	reEnd
	reWordB
	reNotWordB
	reGroup  // alts
	reLook   // alts; ahead/behind, negate
	reRepeat // sub
)

type reNode struct {
	op       reOp
	c        rune
	class    func(rune) bool
	alts     [][]*reNode
	sub      *reNode
	min, max int // max < 0: unbounded
	greedy   bool
	behind   bool
	negate   bool
}

// jsRegexp is a compiled JavaScript regular expression.
type jsRegexp struct {
	source string
	alts   [][]*reNode
}

var errRegexpUnsupported = errors.New("unsupported regular expression syntax")

// compileJSRegexp parses a JavaScript RegExp source (as given to `new RegExp(source)`).
func compileJSRegexp(source string) (*jsRegexp, error) {
	p := &reParser{src: []rune(source)}
	alts, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.src) {
		return nil, fmt.Errorf("unmatched ) at %d", p.i)
	}
	return &jsRegexp{source: source, alts: alts}, nil
}

type reParser struct {
	src []rune
	i   int
}

func (p *reParser) more() bool { return p.i < len(p.src) }

func (p *reParser) alternation() ([][]*reNode, error) {
	var alts [][]*reNode
	for {
		seq, err := p.sequence()
		if err != nil {
			return nil, err
		}
		alts = append(alts, seq)
		if p.more() && p.src[p.i] == '|' {
			p.i++
			continue
		}
		return alts, nil
	}
}

func (p *reParser) sequence() ([]*reNode, error) {
	var seq []*reNode
	for p.more() && p.src[p.i] != '|' && p.src[p.i] != ')' {
		atom, err := p.atom()
		if err != nil {
			return nil, err
		}
		if atom, err = p.quantifier(atom); err != nil {
			return nil, err
		}
		seq = append(seq, atom)
	}
	return seq, nil
}

func (p *reParser) quantifier(atom *reNode) (*reNode, error) {
	if !p.more() {
		return atom, nil
	}
	min, max := 0, 0
	switch p.src[p.i] {
	case '*':
		min, max = 0, -1
		p.i++
	case '+':
		min, max = 1, -1
		p.i++
	case '?':
		min, max = 0, 1
		p.i++
	case '{':
		n, m, end, ok := p.braces(p.i)
		if !ok {
			return atom, nil // a literal brace (Annex B)
		}
		min, max = n, m
		p.i = end
	default:
		return atom, nil
	}
	if atom.op == reStart || atom.op == reEnd || atom.op == reWordB || atom.op == reNotWordB {
		return nil, errors.New("nothing to repeat")
	}
	greedy := true
	if p.more() && p.src[p.i] == '?' {
		greedy = false
		p.i++
	}
	return &reNode{op: reRepeat, sub: atom, min: min, max: max, greedy: greedy}, nil
}

// braces reads {n}, {n,} or {n,m} at i.
func (p *reParser) braces(i int) (min, max, end int, ok bool) {
	j := i + 1
	readInt := func() (int, bool) {
		start := j
		for j < len(p.src) && p.src[j] >= '0' && p.src[j] <= '9' {
			j++
		}
		if j == start {
			return 0, false
		}
		n, err := strconv.Atoi(string(p.src[start:j]))
		return n, err == nil
	}
	n, ok := readInt()
	if !ok {
		return 0, 0, 0, false
	}
	m := n
	if j < len(p.src) && p.src[j] == ',' {
		j++
		if j < len(p.src) && p.src[j] == '}' {
			m = -1
		} else if m, ok = readInt(); !ok {
			return 0, 0, 0, false
		}
	}
	if j >= len(p.src) || p.src[j] != '}' || m >= 0 && m < n {
		return 0, 0, 0, false
	}
	return n, m, j + 1, true
}

func (p *reParser) atom() (*reNode, error) {
	c := p.src[p.i]
	switch c {
	case '^':
		p.i++
		return &reNode{op: reStart}, nil
	case '$':
		p.i++
		return &reNode{op: reEnd}, nil
	case '.':
		p.i++
		return &reNode{op: reAny}, nil
	case '*', '+', '?':
		return nil, errors.New("nothing to repeat")
	case '{':
		if _, _, _, ok := p.braces(p.i); ok {
			return nil, errors.New("nothing to repeat")
		}
		p.i++
		return &reNode{op: reLit, c: '{'}, nil
	case '[':
		return p.class()
	case '(':
		return p.group()
	case '\\':
		return p.escape()
	}
	p.i++
	return &reNode{op: reLit, c: c}, nil
}

func (p *reParser) group() (*reNode, error) {
	p.i++ // (
	n := &reNode{op: reGroup}
	if p.more() && p.src[p.i] == '?' {
		rest := string(p.src[p.i:min(p.i+3, len(p.src))])
		switch {
		case strings.HasPrefix(rest, "?:"):
			p.i += 2
		case strings.HasPrefix(rest, "?="), strings.HasPrefix(rest, "?!"):
			n = &reNode{op: reLook, negate: p.src[p.i+1] == '!'}
			p.i += 2
		case strings.HasPrefix(rest, "?<="), strings.HasPrefix(rest, "?<!"):
			n = &reNode{op: reLook, behind: true, negate: p.src[p.i+2] == '!'}
			p.i += 3
		case strings.HasPrefix(rest, "?<"):
			end := p.i + 2
			for end < len(p.src) && p.src[end] != '>' {
				end++
			}
			if end >= len(p.src) {
				return nil, errors.New("bad group name")
			}
			p.i = end + 1
		default:
			return nil, errRegexpUnsupported
		}
	}
	alts, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if !p.more() || p.src[p.i] != ')' {
		return nil, errors.New("unterminated group")
	}
	p.i++
	n.alts = alts
	return n, nil
}

func reIsWord(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func reIsDigit(r rune) bool { return r >= '0' && r <= '9' }

func reIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func reIsLineTerm(r rune) bool { return r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 }

// classEscape reads the escape after a backslash at p.i (already past the backslash) that
// stands for a set or a single character. inClass changes \b (backspace there).
func (p *reParser) classEscape(inClass bool) (set func(rune) bool, c rune, err error) {
	if !p.more() {
		return nil, 0, errors.New("\\ at end of pattern")
	}
	e := p.src[p.i]
	p.i++
	switch e {
	case 'd':
		return reIsDigit, 0, nil
	case 'D':
		return func(r rune) bool { return !reIsDigit(r) }, 0, nil
	case 'w':
		return reIsWord, 0, nil
	case 'W':
		return func(r rune) bool { return !reIsWord(r) }, 0, nil
	case 's':
		return reIsSpace, 0, nil
	case 'S':
		return func(r rune) bool { return !reIsSpace(r) }, 0, nil
	case 'n':
		return nil, '\n', nil
	case 'r':
		return nil, '\r', nil
	case 't':
		return nil, '\t', nil
	case 'v':
		return nil, '\v', nil
	case 'f':
		return nil, '\f', nil
	case 'b':
		if inClass {
			return nil, '\b', nil
		}
	case '0':
		if !p.more() || !reIsDigit(p.src[p.i]) {
			return nil, 0, nil
		}
		return nil, 0, errRegexpUnsupported // octal escapes
	case 'x', 'u':
		n := 2
		if e == 'u' {
			n = 4
		}
		if p.i+n <= len(p.src) {
			if v, err := strconv.ParseUint(string(p.src[p.i:p.i+n]), 16, 32); err == nil {
				p.i += n
				return nil, rune(v), nil
			}
		}
		return nil, e, nil // Annex B: an identity escape
	case 'c':
		if p.more() && (p.src[p.i]|0x20 >= 'a' && p.src[p.i]|0x20 <= 'z') {
			p.i++
			return nil, p.src[p.i-1] % 32, nil
		}
		p.i-- // Annex B: "\c" is a backslash and a c
		return nil, '\\', nil
	case 'p', 'P', 'k':
		return nil, 0, errRegexpUnsupported
	}
	if e >= '1' && e <= '9' {
		return nil, 0, errRegexpUnsupported // backreferences
	}
	return nil, e, nil
}

func (p *reParser) escape() (*reNode, error) {
	p.i++ // backslash
	if p.more() {
		switch p.src[p.i] {
		case 'b':
			p.i++
			return &reNode{op: reWordB}, nil
		case 'B':
			p.i++
			return &reNode{op: reNotWordB}, nil
		}
	}
	set, c, err := p.classEscape(false)
	if err != nil {
		return nil, err
	}
	if set != nil {
		return &reNode{op: reClass, class: set}, nil
	}
	return &reNode{op: reLit, c: c}, nil
}

func (p *reParser) class() (*reNode, error) {
	p.i++ // [
	negate := false
	if p.more() && p.src[p.i] == '^' {
		negate = true
		p.i++
	}
	var sets []func(rune) bool
	var ranges [][2]rune
	// item reads one class atom: a single character or a set escape.
	item := func() (set func(rune) bool, c rune, err error) {
		if p.src[p.i] == '\\' {
			p.i++
			return p.classEscape(true)
		}
		p.i++
		return nil, p.src[p.i-1], nil
	}
	for {
		if !p.more() {
			return nil, errors.New("unterminated character class")
		}
		if p.src[p.i] == ']' {
			p.i++
			break
		}
		set, lo, err := item()
		if err != nil {
			return nil, err
		}
		if set != nil {
			sets = append(sets, set)
			continue
		}
		if p.i+1 < len(p.src) && p.src[p.i] == '-' && p.src[p.i+1] != ']' {
			p.i++
			set2, hi, err := item()
			if err != nil {
				return nil, err
			}
			if set2 != nil { // [a-\d]: Annex B reads a, -, and the set
				ranges = append(ranges, [2]rune{lo, lo}, [2]rune{'-', '-'})
				sets = append(sets, set2)
				continue
			}
			if hi < lo {
				return nil, errors.New("range out of order in character class")
			}
			ranges = append(ranges, [2]rune{lo, hi})
			continue
		}
		ranges = append(ranges, [2]rune{lo, lo})
	}
	match := func(r rune) bool {
		in := false
		for _, rg := range ranges {
			if r >= rg[0] && r <= rg[1] {
				in = true
				break
			}
		}
		for i := 0; !in && i < len(sets); i++ {
			in = sets[i](r)
		}
		return in != negate
	}
	return &reNode{op: reClass, class: match}, nil
}

// reBudget bounds the work of one match: real matchers finish in a few hundred steps on a
// URL path; a pathological pattern is Unknown rather than slow.
const reBudget = 200000

var errRegexpBudget = errors.New("regular expression too costly to evaluate")

type reMatcher struct {
	in    []rune
	steps int
}

// MatchString reports whether the regexp matches anywhere in s (RegExp.prototype.test).
func (re *jsRegexp) MatchString(s string) (matched bool, err error) {
	m := &reMatcher{in: []rune(s)}
	defer func() {
		if r := recover(); r != nil {
			if r != errRegexpBudget { //nolint:errorlint // sentinel panic value
				panic(r)
			}
			matched, err = false, errRegexpBudget
		}
	}()
	for start := 0; start <= len(m.in); start++ {
		if m.alts(re.alts, start, func(int) bool { return true }) {
			return true, nil
		}
	}
	return false, nil
}

func (m *reMatcher) alts(alts [][]*reNode, pos int, k func(int) bool) bool {
	for _, seq := range alts {
		if m.seq(seq, pos, k) {
			return true
		}
	}
	return false
}

func (m *reMatcher) seq(nodes []*reNode, pos int, k func(int) bool) bool {
	if len(nodes) == 0 {
		return k(pos)
	}
	return m.node(nodes[0], pos, func(p int) bool { return m.seq(nodes[1:], p, k) })
}

func (m *reMatcher) isWordAt(i int) bool { return i >= 0 && i < len(m.in) && reIsWord(m.in[i]) }

func (m *reMatcher) node(n *reNode, pos int, k func(int) bool) bool {
	if m.steps++; m.steps > reBudget {
		panic(errRegexpBudget)
	}
	switch n.op {
	case reLit:
		return pos < len(m.in) && m.in[pos] == n.c && k(pos+1)
	case reAny:
		return pos < len(m.in) && !reIsLineTerm(m.in[pos]) && k(pos+1)
	case reClass:
		return pos < len(m.in) && n.class(m.in[pos]) && k(pos+1)
	case reStart:
		return pos == 0 && k(pos)
	case reEnd:
		return pos == len(m.in) && k(pos)
	case reWordB, reNotWordB:
		boundary := m.isWordAt(pos-1) != m.isWordAt(pos)
		return boundary == (n.op == reWordB) && k(pos)
	case reGroup:
		return m.alts(n.alts, pos, k)
	case reLook:
		found := false
		if n.behind {
			for start := pos; start >= 0 && !found; start-- {
				found = m.alts(n.alts, start, func(end int) bool { return end == pos })
			}
		} else {
			found = m.alts(n.alts, pos, func(int) bool { return true })
		}
		return found != n.negate && k(pos)
	case reRepeat:
		return m.repeat(n, pos, 0, k)
	}
	return false
}

// repeat matches n.sub count more times. An iteration that matches the empty string once the
// minimum is met ends the loop, as in JavaScript.
func (m *reMatcher) repeat(n *reNode, pos, count int, k func(int) bool) bool {
	more := func() bool {
		if n.max >= 0 && count >= n.max {
			return false
		}
		return m.node(n.sub, pos, func(p int) bool {
			if p == pos && count >= n.min {
				return false
			}
			return m.repeat(n, p, count+1, k)
		})
	}
	if count < n.min {
		return more()
	}
	if n.greedy {
		return more() || k(pos)
	}
	return k(pos) || more()
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
			for j < len(s) && reIsWord(rune(s[j])) {
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
func nextMatcherRegexp(source string) (*jsRegexp, error) {
	if !strings.HasPrefix(source, "/") {
		return nil, fmt.Errorf("matcher %q does not start with /", source)
	}
	suffix := "{(\\.json)}?"
	if source == "/" {
		suffix = "(/?index|/?index\\.json)?"
	}
	tokens, err := ptrParse("/:nextData(_next/data/[^/]{1,})?" + source + suffix)
	if err != nil {
		return nil, err
	}
	src, err := ptrTokensToRegexp(tokens)
	if err != nil {
		return nil, err
	}
	return compileJSRegexp(src)
}

// authkitPathRegexp is how authkit-nextjs reads an unauthenticatedPaths entry: through
// `new URL(glob, "https://example.com")` (which turns \ into /, cuts the query, keeps the hash,
// resolves dot segments and percent-encodes a few characters), then path-to-regexp; the
// expression is used without flags, so case-sensitively.
func authkitPathRegexp(glob string) (*jsRegexp, error) {
	tokens, err := ptrParse(nxURLPath(glob))
	if err != nil {
		return nil, err
	}
	src, err := ptrTokensToRegexp(tokens)
	if err != nil {
		return nil, err
	}
	return compileJSRegexp(src)
}

// nxURLPath is `${url.pathname}${url.hash}` of new URL(s, "https://example.com").
func nxURLPath(s string) string {
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
	path := nxPercentEncode("/"+strings.Join(segs, "/"), "\"<>`{}")
	if hash == "#" {
		hash = ""
	}
	return path + nxPercentEncode(hash, "\"<>`")
}

// nxPercentEncode encodes C0 controls, space, non-ASCII bytes and the bytes of set.
func nxPercentEncode(s, set string) string {
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

// ---------------------------------------------------------------------------------------------
// AST helpers.

// nxTri is a three-valued answer; a finding needs nxYes or nxNo, never nxUnknown.
type nxTri int8

const (
	nxNo nxTri = iota - 1
	nxUnknown
	nxYes
)

const (
	authkitNextPkg        = "@workos-inc/authkit-nextjs"
	authkitNextComponents = "@workos-inc/authkit-nextjs/components"
)

// nxMiddlewareFuncs are the authkit-nextjs exports that make a file the AuthKit middleware:
// authkitMiddleware (Next ≤ 15), authkitProxy (Next 16) and the composable authkit().
var nxMiddlewareFuncs = map[string]bool{"authkitMiddleware": true, "authkitProxy": true, "authkit": true}

func nxUnwrap(e shim.Expr) shim.Expr {
	for {
		a, ok := e.Data.(*shim.EAnnotation)
		if !ok {
			return e
		}
		e = a.Value
	}
}

// nxDecl is a top-level binding of a module: a function declaration or a variable initializer.
type nxDecl struct {
	fn      *shim.Fn
	value   shim.Expr
	isConst bool
}

func nxTopDecls(tree *shim.AST) map[shim.Ref]nxDecl {
	out := map[shim.Ref]nxDecl{}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SFunction:
				if s.Fn.Name != nil {
					out[s.Fn.Name.Ref] = nxDecl{fn: &s.Fn}
				}
			case *shim.SLocal:
				for _, d := range s.Decls {
					if id, ok := d.Binding.Data.(*shim.BIdentifier); ok {
						out[id.Ref] = nxDecl{value: d.ValueOrNil, isConst: s.Kind == shim.LocalConst}
					}
				}
			}
		}
	}
	return out
}

// nxConst follows identifiers bound to top-level consts to their initializer.
func nxConst(decls map[shim.Ref]nxDecl, e shim.Expr) shim.Expr {
	for range 4 {
		e = nxUnwrap(e)
		id, ok := e.Data.(*shim.EIdentifier)
		if !ok {
			return e
		}
		d, ok := decls[id.Ref]
		if !ok || !d.isConst || d.value.Data == nil {
			return e
		}
		e = d.value
	}
	return e
}

// nxString reads a string literal or a template literal without substitutions.
func nxString(e shim.Expr) (string, bool) {
	switch v := nxUnwrap(e).Data.(type) {
	case *shim.EString:
		return shim.StringValue(v), true
	case *shim.ETemplate:
		if v.TagOrNil.Data == nil && len(v.Parts) == 0 {
			return string(utf16.Decode(v.HeadCooked)), true
		}
	}
	return "", false
}

// nxProp finds key in an object literal. known is false when the object is not a literal or a
// spread or computed key after the last match could supply the key.
func nxProp(e shim.Expr, key string) (val shim.Expr, keyLoc shim.Loc, found, known bool) {
	o, ok := nxUnwrap(e).Data.(*shim.EObject)
	if !ok {
		return shim.Expr{}, shim.Loc{}, false, false
	}
	for i := len(o.Properties) - 1; i >= 0; i-- {
		p := &o.Properties[i]
		if p.Kind == shim.PropertySpread {
			return shim.Expr{}, shim.Loc{}, false, false
		}
		k, isStr := p.Key.Data.(*shim.EString)
		if !isStr {
			if p.Flags&shim.PropertyIsComputed != 0 {
				return shim.Expr{}, shim.Loc{}, false, false
			}
			continue
		}
		if shim.StringValue(k) == key && p.ValueOrNil.Data != nil {
			return p.ValueOrNil, p.Key.Loc, true, true
		}
	}
	return shim.Expr{}, shim.Loc{}, false, true
}

// nxExport is one export of a module.
type nxExport struct {
	loc    shim.Loc // the exported name, or the `export default` statement
	ref    shim.Ref // the local binding, when hasRef
	hasRef bool
	fn     *shim.Fn  // `export function` / `export default function`
	value  shim.Expr // `export default <expr>`
	from   string    // re-exports: the module
	orig   string    // re-exports: the name in that module
}

type nxExports struct {
	names map[string]nxExport
	star  bool // `export * from`: any name may come from elsewhere
}

func nxExportsOf(tree *shim.AST) nxExports {
	ex := nxExports{names: map[string]nxExport{}}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SLocal:
				if s.IsExport {
					for _, d := range s.Decls {
						if id, ok := d.Binding.Data.(*shim.BIdentifier); ok {
							ex.names[shim.SymbolName(tree, id.Ref)] = nxExport{loc: d.Binding.Loc, ref: id.Ref, hasRef: true, value: d.ValueOrNil}
						}
					}
				}
			case *shim.SFunction:
				if s.IsExport && s.Fn.Name != nil {
					ex.names[shim.SymbolName(tree, s.Fn.Name.Ref)] = nxExport{loc: s.Fn.Name.Loc, ref: s.Fn.Name.Ref, hasRef: true, fn: &s.Fn}
				}
			case *shim.SClass:
				if s.IsExport && s.Class.Name != nil {
					ex.names[shim.SymbolName(tree, s.Class.Name.Ref)] = nxExport{loc: s.Class.Name.Loc, ref: s.Class.Name.Ref, hasRef: true}
				}
			case *shim.SExportClause:
				for _, it := range s.Items {
					ex.names[it.Alias] = nxExport{loc: it.AliasLoc, ref: it.Name.Ref, hasRef: true}
				}
			case *shim.SExportFrom:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				for _, it := range s.Items {
					ex.names[it.Alias] = nxExport{loc: it.AliasLoc, from: mod, orig: it.OriginalName}
				}
			case *shim.SExportStar:
				if s.Alias != nil {
					ex.names[s.Alias.OriginalName] = nxExport{loc: s.Alias.Loc, from: shim.ImportPath(tree, s.ImportRecordIndex), orig: "*"}
				} else {
					ex.star = true
				}
			case *shim.SExportDefault:
				e := nxExport{loc: st.Loc}
				switch v := s.Value.Data.(type) {
				case *shim.SExpr:
					e.value = v.Value
				case *shim.SFunction:
					e.fn = &v.Fn
				}
				ex.names["default"] = e
			}
		}
	}
	return ex
}

// nxCode is the code an export runs: its function, or the expression it is initialized with,
// following local aliases (`export { handler as GET }`, `export const GET = handler`).
func nxCode(decls map[shim.Ref]nxDecl, ex nxExport) (shim.Expr, bool) {
	if ex.from != "" {
		return shim.Expr{}, false
	}
	if ex.fn != nil {
		return shim.Expr{Data: &shim.EFunction{Fn: *ex.fn}}, true
	}
	e := ex.value
	if e.Data == nil && ex.hasRef {
		e = shim.Expr{Data: &shim.EIdentifier{Ref: ex.ref}}
	}
	for range 4 {
		id, ok := nxUnwrap(e).Data.(*shim.EIdentifier)
		if !ok {
			break
		}
		d, ok := decls[id.Ref]
		switch {
		case !ok:
			return shim.Expr{}, false
		case d.fn != nil:
			return shim.Expr{Data: &shim.EFunction{Fn: *d.fn}}, true
		case d.value.Data == nil:
			return shim.Expr{}, false
		}
		e = d.value
	}
	return e, e.Data != nil
}

// nxCallsIn finds the calls within e whose callee is an import accepted by want, following
// calls of top-level functions of the same file a few levels deep.
func nxCallsIn(tree *shim.AST, im Imports, decls map[shim.Ref]nxDecl, e shim.Expr, want func(Import) bool) []*shim.ECall {
	var out []*shim.ECall
	seen := map[shim.Ref]bool{}
	var walk func(e shim.Expr, depth int)
	walk = func(e shim.Expr, depth int) {
		parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := x.Data.(*shim.ECall)
			if !ok {
				return true
			}
			if imp, ok := im.Resolve(call.Target); ok && want(imp) {
				out = append(out, call)
				return true
			}
			if id, ok := call.Target.Data.(*shim.EIdentifier); ok && depth < 3 && !seen[id.Ref] {
				if code, ok := nxCode(decls, nxExport{ref: id.Ref, hasRef: true}); ok {
					seen[id.Ref] = true
					walk(code, depth+1)
				}
			}
			return true
		})
	}
	walk(e, 0)
	return out
}

// nxFileInfo is a parsed JS file with what the Next.js rules read from it.
type nxFileInfo struct {
	file    *project.File
	tree    *shim.AST
	imports Imports
	decls   map[shim.Ref]nxDecl
	exports nxExports
}

func nxInfo(f *project.File) *nxFileInfo {
	if f == nil || f.Kind != project.KindJS {
		return nil
	}
	tree, _ := f.AST()
	if tree == nil {
		return nil
	}
	return &nxFileInfo{file: f, tree: tree, imports: ImportsOf(tree), decls: nxTopDecls(tree), exports: nxExportsOf(tree)}
}

// authkitCalls are the calls anywhere in the file of the named authkit-nextjs exports.
func (fi *nxFileInfo) authkitCalls(names ...string) []*shim.ECall {
	var out []*shim.ECall
	parser.Inspect(fi.tree, func(n parser.Node, _ *parser.Cursor) bool {
		if x, ok := n.(shim.Expr); ok {
			if call, ok := x.Data.(*shim.ECall); ok {
				for _, name := range names {
					if fi.imports.Is(call.Target, name, authkitNextPkg) {
						out = append(out, call)
					}
				}
			}
		}
		return true
	})
	return out
}

// nameRange is the byte range of the identifier (or member name) an expression starts with.
func (fi *nxFileInfo) nameRange(e shim.Expr) (int, int) {
	src, _ := fi.file.Content()
	loc := e.Loc
	if d, ok := e.Data.(*shim.EDot); ok {
		loc = d.NameLoc
	}
	r := shim.RangeOfIdentifier(src, loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

// stringRange is the byte range of a string literal, quotes included.
func nxStringRange(f *project.File, loc shim.Loc) (int, int) {
	src, _ := f.Content()
	r := shim.RangeOfString(src, loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

// ---------------------------------------------------------------------------------------------
// Routes.

type nxRouteKind uint8

const (
	nxPage    nxRouteKind = iota // app/**/page.*
	nxHandler                    // app/**/route.*
	nxLayout                     // app/**/layout.*: renders for every page below it
	nxLegacy                     // pages/**: the Pages Router, only used to know a path exists
)

type nxSegKind uint8

const (
	nxStatic nxSegKind = iota
	nxDynamic
	nxCatchAll
	nxOptionalCatchAll
)

type nxSeg struct {
	kind nxSegKind
	name string
}

// nxRoute is a page, route handler or layout of the app, with its URL pattern.
type nxRoute struct {
	file *project.File
	kind nxRouteKind
	segs []nxSeg
	path string // display form: /blog/[slug]

	once sync.Once
	info *nxFileInfo
}

func (r *nxRoute) fileInfo() *nxFileInfo {
	r.once.Do(func() { r.info = nxInfo(r.file) })
	return r.info
}

// methods are the HTTP methods a route handler exports; known is false when it re-exports
// everything from another module or does not parse.
func (r *nxRoute) methods() (map[string]bool, bool) {
	fi := r.fileInfo()
	if fi == nil || fi.exports.star {
		return nil, false
	}
	out := map[string]bool{}
	for name := range fi.exports.names {
		switch name {
		case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS":
			out[name] = true
		}
	}
	return out, true
}

// isStatic reports a route without dynamic segments.
func (r *nxRoute) isStatic() bool {
	for _, s := range r.segs {
		if s.kind != nxStatic {
			return false
		}
	}
	return true
}

// matches reports whether the route serves the concrete path.
func (r *nxRoute) matches(path string) bool {
	return nxMatchSegs(r.segs, nxSplitPath(path))
}

func nxSplitPath(path string) []string {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

func nxMatchSegs(segs []nxSeg, parts []string) bool {
	if len(segs) == 0 {
		return len(parts) == 0
	}
	switch s := segs[0]; s.kind {
	case nxCatchAll, nxOptionalCatchAll:
		return len(segs) == 1 && (len(parts) > 0 || s.kind == nxOptionalCatchAll)
	case nxDynamic:
		return len(parts) > 0 && nxMatchSegs(segs[1:], parts[1:])
	default:
		return len(parts) > 0 && parts[0] == s.name && nxMatchSegs(segs[1:], parts[1:])
	}
}

// samples are concrete paths the route serves: dynamic segments get sample values. A rule that
// asks whether "the route" is covered by something asks it of every sample.
func (r *nxRoute) samples() []string {
	var out []string
	values := [][2]string{{"1", "1"}, {"abc", "abc"}, {"abc", "abc/1"}}
	for i, v := range values {
		var b strings.Builder
		for _, s := range r.segs {
			switch s.kind {
			case nxStatic:
				b.WriteString("/" + s.name)
			case nxDynamic:
				b.WriteString("/" + v[0])
			case nxCatchAll:
				b.WriteString("/" + v[1])
			case nxOptionalCatchAll:
				if i > 0 {
					b.WriteString("/" + v[1])
				}
			}
		}
		p := b.String()
		if p == "" {
			p = "/"
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// specificity orders routes the way Next.js prefers them: static segments before dynamic ones
// before catch-alls.
func (r *nxRoute) specificity() []nxSegKind {
	out := make([]nxSegKind, len(r.segs))
	for i, s := range r.segs {
		out[i] = s.kind
	}
	return out
}

// nxRouteOf reads the route of a file below an app directory; ok is false for files that are
// not pages, route handlers or layouts, or that sit in private folders or intercepting routes.
func nxRouteOf(appDir string, f *project.File) (*nxRoute, bool) {
	rel, err := filepath.Rel(appDir, f.Path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	base := parts[len(parts)-1]
	ext := filepath.Ext(base)
	switch ext {
	case ".tsx", ".ts", ".jsx", ".js":
	default:
		return nil, false
	}
	r := &nxRoute{file: f}
	switch strings.TrimSuffix(base, ext) {
	case "page":
		r.kind = nxPage
	case "route":
		r.kind = nxHandler
	case "layout":
		r.kind = nxLayout
	default:
		return nil, false
	}
	for _, p := range parts[:len(parts)-1] {
		switch {
		case strings.HasPrefix(p, "_"):
			return nil, false // private folder
		case strings.HasPrefix(p, "(.") && strings.Contains(p, ")"):
			return nil, false // intercepting route: only reached by client navigation
		case strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")"), strings.HasPrefix(p, "@"):
			continue // route group, parallel slot
		case strings.HasPrefix(p, "[[...") && strings.HasSuffix(p, "]]"):
			r.segs = append(r.segs, nxSeg{nxOptionalCatchAll, p[5 : len(p)-2]})
		case strings.HasPrefix(p, "[...") && strings.HasSuffix(p, "]"):
			r.segs = append(r.segs, nxSeg{nxCatchAll, p[4 : len(p)-1]})
		case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]"):
			r.segs = append(r.segs, nxSeg{nxDynamic, p[1 : len(p)-1]})
		default:
			if strings.HasPrefix(strings.ToUpper(p), "%5F") {
				p = "_" + p[3:]
			}
			r.segs = append(r.segs, nxSeg{nxStatic, p})
		}
	}
	r.path = nxDisplayPath(r.segs)
	return r, true
}

func nxDisplayPath(segs []nxSeg) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.kind {
		case nxStatic:
			b.WriteString("/" + s.name)
		case nxDynamic:
			b.WriteString("/[" + s.name + "]")
		case nxCatchAll:
			b.WriteString("/[..." + s.name + "]")
		case nxOptionalCatchAll:
			b.WriteString("/[[..." + s.name + "]]")
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// nxLegacyRouteOf reads a Pages Router file (pages/about.tsx, pages/blog/[id].tsx).
func nxLegacyRouteOf(pagesDir string, f *project.File) (*nxRoute, bool) {
	rel, err := filepath.Rel(pagesDir, f.Path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, false
	}
	rel = filepath.ToSlash(rel)
	ext := filepath.Ext(rel)
	switch ext {
	case ".tsx", ".ts", ".jsx", ".js":
	default:
		return nil, false
	}
	rel = strings.TrimSuffix(rel, ext)
	if strings.HasPrefix(rel, "_") {
		return nil, false // _app, _document, _error
	}
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, "index"), "/")
	r := &nxRoute{file: f, kind: nxLegacy}
	for _, p := range nxSplitPath(rel) {
		switch {
		case strings.HasPrefix(p, "[[...") && strings.HasSuffix(p, "]]"):
			r.segs = append(r.segs, nxSeg{nxOptionalCatchAll, p[5 : len(p)-2]})
		case strings.HasPrefix(p, "[...") && strings.HasSuffix(p, "]"):
			r.segs = append(r.segs, nxSeg{nxCatchAll, p[4 : len(p)-1]})
		case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]"):
			r.segs = append(r.segs, nxSeg{nxDynamic, p[1 : len(p)-1]})
		default:
			r.segs = append(r.segs, nxSeg{nxStatic, p})
		}
	}
	r.path = nxDisplayPath(r.segs)
	return r, true
}

// ---------------------------------------------------------------------------------------------
// The app: routes, middleware, AuthKit use and redirect URIs of one Next.js root.

// nextApp is the Next.js facts of one project root. It holds the project weakly so that the
// cache does not keep it alive.
type nextApp struct {
	proj      weak.Pointer[project.Project]
	root      *project.Root
	appDir    string // absolute; "" when the root has no app directory
	srcDir    string // where middleware/proxy must live: the parent of the app directory
	nextMajor int    // major version of next in package.json; 0 when unknown
	routes    []*nxRoute
	legacy    []*nxRoute // pages/ routes
	config    *project.File

	mwOnce sync.Once
	mw     *nxMiddleware

	misplacedOnce sync.Once
	misplaced     []*project.File

	usesOnce sync.Once
	uses     []nxUse

	redirectOnce     sync.Once
	redirects        []nxRedirect
	redirectsPartial bool

	aliasOnce sync.Once
	aliases   []nxAlias
	baseURL   string
}

type nxCacheEntry struct {
	mu   sync.Mutex
	apps map[*project.Root]*nxAppEntry
}

type nxAppEntry struct {
	once sync.Once
	app  *nextApp
}

var nxCaches sync.Map // weak.Pointer[project.Project] -> *nxCacheEntry

// nextAppOf returns the Next.js facts of a root, computed once; nil when the root is not a
// Next.js app (no `next` dependency).
func nextAppOf(p *project.Project, root *project.Root) *nextApp {
	if p == nil || root == nil || !root.Deps["next"] {
		return nil
	}
	key := weak.Make(p)
	v, ok := nxCaches.Load(key)
	if !ok {
		var loaded bool
		v, loaded = nxCaches.LoadOrStore(key, &nxCacheEntry{apps: map[*project.Root]*nxAppEntry{}})
		if !loaded {
			runtime.AddCleanup(p, func(k weak.Pointer[project.Project]) { nxCaches.Delete(k) }, key)
		}
	}
	c := v.(*nxCacheEntry)
	c.mu.Lock()
	e := c.apps[root]
	if e == nil {
		e = &nxAppEntry{}
		c.apps[root] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.app = newNextApp(p, root) })
	return e.app
}

// nextAppFor is the app holding file f, nil when f is outside a Next.js app directory's root.
func nextAppFor(p *project.Project, f *project.File) *nextApp {
	return nextAppOf(p, f.Root)
}

func nxIsDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

func newNextApp(p *project.Project, root *project.Root) *nextApp {
	a := &nextApp{proj: weak.Make(p), root: root, srcDir: root.Dir}
	// Next.js uses app/ when it exists, else src/app/; middleware sits beside it.
	for _, dir := range []string{root.Dir, filepath.Join(root.Dir, "src")} {
		if nxIsDir(filepath.Join(dir, "app")) {
			a.appDir, a.srcDir = filepath.Join(dir, "app"), dir
			break
		}
	}
	pagesDir := ""
	for _, dir := range []string{root.Dir, filepath.Join(root.Dir, "src")} {
		if nxIsDir(filepath.Join(dir, "pages")) {
			pagesDir = filepath.Join(dir, "pages")
			if a.appDir == "" {
				a.srcDir = dir
			}
			break
		}
	}
	if v, ok := root.Package.Get("dependencies", "next"); ok {
		a.nextMajor = nxMajor(v)
	} else if v, ok := root.Package.Get("devDependencies", "next"); ok {
		a.nextMajor = nxMajor(v)
	}
	for _, ext := range []string{".js", ".mjs", ".ts", ".cjs", ".mts"} {
		if f := p.File(filepath.Join(root.Dir, "next.config"+ext)); f != nil {
			a.config = f
			break
		}
	}
	sep := string(filepath.Separator)
	for _, f := range p.Files {
		if f.Kind != project.KindJS {
			continue
		}
		if a.appDir != "" && strings.HasPrefix(f.Path, a.appDir+sep) {
			if r, ok := nxRouteOf(a.appDir, f); ok {
				a.routes = append(a.routes, r)
			}
		} else if pagesDir != "" && strings.HasPrefix(f.Path, pagesDir+sep) {
			if r, ok := nxLegacyRouteOf(pagesDir, f); ok {
				a.legacy = append(a.legacy, r)
			}
		}
	}
	return a
}

// nxMajor reads the major version of a plain version or ^/~ range ("^15.2.0", "16", "15.x");
// 0 for anything else (latest, canary, workspace:*, >=14).
func nxMajor(v shim.Expr) int {
	s, ok := parser.String(v)
	if !ok {
		return 0
	}
	s = strings.TrimLeft(strings.TrimSpace(s), "^~v=")
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 || end < len(s) && s[end] != '.' {
		return 0
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}

func (a *nextApp) project() *project.Project { return a.proj.Value() }

// rel is a path relative to the root, slash-separated, for messages.
func (a *nextApp) rel(path string) string {
	r, err := filepath.Rel(a.root.Dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// routeFileFor is where a new route file for path would go: "src/app/callback/route.ts".
func (a *nextApp) routeFileFor(path, file string) string {
	return a.rel(filepath.Join(a.appDir, filepath.FromSlash(strings.Trim(path, "/")), file))
}

// routesAt are the app's pages and route handlers (and Pages Router files) that serve a
// concrete path, most specific first: the first is the one Next.js runs.
func (a *nextApp) routesAt(path string) []*nxRoute {
	var out []*nxRoute
	for _, rs := range [][]*nxRoute{a.routes, a.legacy} {
		for _, r := range rs {
			if r.kind != nxLayout && r.matches(path) {
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return slices.Compare(out[i].specificity(), out[j].specificity()) < 0
	})
	return out
}

// configMayRoute reports whether next.config could send path elsewhere: a basePath, or
// rewrites/redirects that name the path or use a wildcard. Such paths are Unknown.
func (a *nextApp) configMayRoute(path string) bool {
	if a.config == nil {
		return false
	}
	src, err := a.config.Content()
	if err != nil {
		return true
	}
	if strings.Contains(src, "basePath") || strings.Contains(src, "'"+path) || strings.Contains(src, `"`+path) || strings.Contains(src, "`"+path) {
		return true
	}
	if strings.Contains(src, "rewrites") || strings.Contains(src, "redirects") {
		return strings.Contains(src, ":path") || strings.Contains(src, "(.*)") || strings.Contains(src, "*'") ||
			strings.Contains(src, `*"`) || strings.Contains(src, "/:")
	}
	return false
}

// ---- module resolution ----

type nxModKind uint8

const (
	nxModLocal   nxModKind = iota // a file of the project
	nxModPackage                  // a third-party package, or next itself
	nxModAuthkit                  // @workos-inc/authkit-nextjs
	nxModAsset                    // a stylesheet, image or JSON file
	nxModUnknown                  // a workspace package, or a path that does not resolve
)

var nxExts = []string{".ts", ".tsx", ".js", ".jsx", ".mts", ".mjs", ".cts", ".cjs"}

// nxAssetExts are imports that carry no code.
var nxAssetExts = map[string]bool{
	".css": true, ".scss": true, ".sass": true, ".less": true, ".json": true, ".svg": true, ".png": true,
	".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true, ".ico": true, ".woff": true,
	".woff2": true, ".ttf": true, ".otf": true, ".md": true, ".mdx": true, ".txt": true, ".wasm": true,
}

func nxResolveFile(p *project.Project, base string) *project.File {
	if f := p.File(base); f != nil && f.Kind == project.KindJS {
		return f
	}
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	var alts []string
	switch ext {
	case ".js", ".jsx":
		alts = []string{".ts", ".tsx"}
	case ".mjs":
		alts = []string{".mts"}
	case ".cjs":
		alts = []string{".cts"}
	}
	for _, e := range alts {
		if f := p.File(stem + e); f != nil {
			return f
		}
	}
	for _, e := range nxExts {
		if f := p.File(base + e); f != nil {
			return f
		}
	}
	for _, e := range nxExts {
		if f := p.File(filepath.Join(base, "index"+e)); f != nil {
			return f
		}
	}
	return nil
}

// nxAlias is one tsconfig/jsconfig "paths" entry.
type nxAlias struct {
	prefix, suffix string
	wildcard       bool
	targets        []string // absolute, with the * kept
}

func (a *nextApp) loadAliases() {
	p := a.project()
	for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
		f := p.File(filepath.Join(a.root.Dir, name))
		if f == nil {
			continue
		}
		src, err := f.Content()
		if err != nil {
			return
		}
		v, problems := parser.ParseJSON(f.Path, src, true)
		if len(problems) > 0 {
			return
		}
		opts, _, ok := parser.Prop(v, "compilerOptions")
		if !ok {
			return
		}
		base := a.root.Dir
		if b, _, ok := parser.Prop(opts, "baseUrl"); ok {
			if s, ok := parser.String(b); ok {
				base = filepath.Join(a.root.Dir, filepath.FromSlash(s))
				a.baseURL = base
			}
		}
		paths, _, ok := parser.Prop(opts, "paths")
		if !ok {
			return
		}
		o, ok := paths.Data.(*shim.EObject)
		if !ok {
			return
		}
		for _, prop := range o.Properties {
			k, ok := prop.Key.Data.(*shim.EString)
			arr, isArr := prop.ValueOrNil.Data.(*shim.EArray)
			if !ok || !isArr {
				continue
			}
			al := nxAlias{prefix: shim.StringValue(k)}
			if i := strings.IndexByte(al.prefix, '*'); i >= 0 {
				al.prefix, al.suffix, al.wildcard = al.prefix[:i], al.prefix[i+1:], true
			}
			for _, it := range arr.Items {
				if s, ok := parser.String(it); ok {
					al.targets = append(al.targets, filepath.Join(base, filepath.FromSlash(s)))
				}
			}
			a.aliases = append(a.aliases, al)
		}
		return
	}
}

// resolve classifies an import specifier of file from.
func (a *nextApp) resolve(from *project.File, spec string) (*project.File, nxModKind) {
	p := a.project()
	if strings.HasPrefix(spec, authkitNextPkg) {
		return nil, nxModAuthkit
	}
	if nxAssetExts[strings.ToLower(filepath.Ext(spec))] {
		return nil, nxModAsset
	}
	if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || spec == "." || spec == ".." {
		if f := nxResolveFile(p, filepath.Join(filepath.Dir(from.Path), filepath.FromSlash(spec))); f != nil {
			return f, nxModLocal
		}
		return nil, nxModUnknown
	}
	a.aliasOnce.Do(a.loadAliases)
	for _, al := range a.aliases {
		star := ""
		switch {
		case al.wildcard && strings.HasPrefix(spec, al.prefix) && strings.HasSuffix(spec[len(al.prefix):], al.suffix):
			star = spec[len(al.prefix) : len(spec)-len(al.suffix)]
		case !al.wildcard && spec == al.prefix:
		default:
			continue
		}
		for _, t := range al.targets {
			if f := nxResolveFile(p, strings.Replace(t, "*", filepath.FromSlash(star), 1)); f != nil {
				return f, nxModLocal
			}
		}
		return nil, nxModUnknown
	}
	if a.baseURL != "" {
		if f := nxResolveFile(p, filepath.Join(a.baseURL, filepath.FromSlash(spec))); f != nil {
			return f, nxModLocal
		}
	}
	if len(a.aliases) == 0 && (strings.HasPrefix(spec, "@/") || strings.HasPrefix(spec, "~/")) {
		for _, dir := range []string{a.root.Dir, filepath.Join(a.root.Dir, "src")} {
			if f := nxResolveFile(p, filepath.Join(dir, filepath.FromSlash(spec[2:]))); f != nil {
				return f, nxModLocal
			}
		}
		return nil, nxModUnknown
	}
	return nil, a.packageKind(spec)
}

// nxNodeBuiltins are modules that cannot carry AuthKit.
var nxNodeBuiltins = map[string]bool{
	"crypto": true, "fs": true, "path": true, "url": true, "util": true, "buffer": true, "stream": true,
	"http": true, "https": true, "os": true, "events": true, "querystring": true, "zlib": true,
	"server-only": true, "client-only": true,
}

// packageKind tells a third-party package (listed with a registry version in this or an
// enclosing package.json) from a workspace package, which may wrap AuthKit: Unknown.
func (a *nextApp) packageKind(spec string) nxModKind {
	name := spec
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		name = parts[0] + "/" + parts[1]
	} else {
		name = parts[0]
	}
	if name == "next" || strings.HasPrefix(spec, "node:") || nxNodeBuiltins[name] {
		return nxModPackage
	}
	p := a.project()
	for _, r := range p.Roots {
		if n, ok := r.Package.Get("name"); ok {
			if s, _ := parser.String(n); s == name {
				return nxModUnknown
			}
		}
	}
	for _, r := range p.Roots {
		if r.Dir != a.root.Dir && !strings.HasPrefix(a.root.Dir, r.Dir+string(filepath.Separator)) {
			continue
		}
		for _, section := range []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"} {
			v, ok := r.Package.Get(section, name)
			if !ok {
				continue
			}
			s, _ := parser.String(v)
			for _, local := range []string{"workspace:", "file:", "link:", "portal:"} {
				if strings.HasPrefix(s, local) {
					return nxModUnknown
				}
			}
			return nxModPackage
		}
	}
	return nxModUnknown
}

// ---- middleware / proxy ----

// nxMiddleware is the middleware (Next ≤ 15) or proxy (Next 16) file Next.js loads.
type nxMiddleware struct {
	file  *project.File
	proxy bool // proxy.* rather than middleware.*
	// ignored says why Next.js will not load it ("" when it does): proxy.ts on Next ≤ 15.
	ignored string
	authkit nxTri
	calls   []nxAuthkitCall

	// matcherKnown is false when config.matcher is not a literal; hasMatcher is false when the
	// file exports no matcher, so that the middleware runs on every path.
	matcherKnown bool
	hasMatcher   bool
	matchers     []nxMatcher
	matcherLoc   shim.Loc // the `matcher` key
}

// nxAuthkitCall is a call of authkitMiddleware, authkitProxy or authkit in the middleware or
// a module it imports.
type nxAuthkitCall struct {
	info *nxFileInfo
	call *shim.ECall
	name string
}

type nxMatcher struct {
	source      string
	re          *jsRegexp
	conditional bool // has/missing conditions: matches only some requests
}

var nxMiddlewareExts = []string{".ts", ".js", ".tsx", ".jsx", ".mts", ".mjs"}

// middleware returns the middleware/proxy file in its right place, nil when there is none.
func (a *nextApp) middleware() *nxMiddleware {
	a.mwOnce.Do(func() {
		if a.appDir == "" {
			return
		}
		p := a.project()
		for _, name := range []string{"middleware", "proxy"} {
			for _, ext := range nxMiddlewareExts {
				f := p.File(filepath.Join(a.srcDir, name+ext))
				if f == nil || f.Kind != project.KindJS {
					continue
				}
				mw := &nxMiddleware{file: f, proxy: name == "proxy"}
				if mw.proxy && a.nextMajor > 0 && a.nextMajor < 16 {
					mw.ignored = fmt.Sprintf("Next.js %d reads middleware.ts, not proxy.ts (the rename came with Next.js 16)", a.nextMajor)
				}
				mw.authkit, mw.calls = a.authkitIn(f, 0, map[*project.File]bool{})
				a.readMatcher(mw)
				a.mw = mw
				return
			}
		}
	})
	return a.mw
}

// authkitIn says whether f, or a module it imports (two hops), uses authkitMiddleware,
// authkitProxy or authkit; imports that cannot be followed make the answer Unknown.
func (a *nextApp) authkitIn(f *project.File, depth int, seen map[*project.File]bool) (nxTri, []nxAuthkitCall) {
	seen[f] = true
	fi := nxInfo(f)
	if fi == nil {
		return nxUnknown, nil
	}
	found := false
	var calls []nxAuthkitCall
	parser.Inspect(fi.tree, func(n parser.Node, c *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		imp, ok := fi.imports.Resolve(e)
		if !ok || imp.Module != authkitNextPkg || !nxMiddlewareFuncs[imp.Name] {
			return true
		}
		found = true
		if pe, ok := c.Parent().(shim.Expr); ok {
			if call, ok := pe.Data.(*shim.ECall); ok && call.Target.Data == e.Data {
				calls = append(calls, nxAuthkitCall{info: fi, call: call, name: imp.Name})
			}
		}
		return false
	})
	for _, ex := range fi.exports.names {
		if ex.from == authkitNextPkg && nxMiddlewareFuncs[ex.orig] {
			found = true
		}
	}
	if found {
		return nxYes, calls
	}
	result := nxNo
	for _, rec := range fi.tree.ImportRecords {
		g, kind := a.resolve(f, rec.Path.Text)
		switch kind {
		case nxModLocal:
			if seen[g] {
				continue
			}
			if depth >= 2 {
				result = nxUnknown
				continue
			}
			t, cs := a.authkitIn(g, depth+1, seen)
			if t == nxYes {
				return nxYes, cs
			}
			if t == nxUnknown {
				result = nxUnknown
			}
		case nxModUnknown:
			result = nxUnknown
		}
	}
	return result, nil
}

// readMatcher evaluates `export const config = { matcher }` as Next.js reads it: literals in
// the middleware file itself.
func (a *nextApp) readMatcher(mw *nxMiddleware) {
	fi := nxInfo(mw.file)
	if fi == nil {
		return
	}
	cfg, ok := fi.exports.names["config"]
	if !ok {
		mw.matcherKnown = !fi.exports.star
		return
	}
	if cfg.from != "" || !cfg.hasRef {
		return
	}
	d, ok := fi.decls[cfg.ref]
	if !ok || d.value.Data == nil {
		return
	}
	val, keyLoc, found, known := nxProp(d.value, "matcher")
	if !known {
		return
	}
	if !found {
		mw.matcherKnown = true
		return
	}
	mw.matcherLoc = keyLoc
	var items []shim.Expr
	if arr, ok := nxUnwrap(val).Data.(*shim.EArray); ok {
		items = arr.Items
	} else {
		items = []shim.Expr{val}
	}
	for _, it := range items {
		m := nxMatcher{}
		if s, ok := nxString(it); ok {
			m.source = s
		} else if _, ok := nxUnwrap(it).Data.(*shim.EObject); ok {
			src, _, found, known := nxProp(it, "source")
			s, isStr := nxString(src)
			if !found || !known || !isStr {
				return
			}
			m.source = s
			for _, key := range []string{"has", "missing"} {
				if _, _, found, _ := nxProp(it, key); found {
					m.conditional = true
				}
			}
		} else {
			return
		}
		re, err := nextMatcherRegexp(m.source)
		if err != nil {
			return
		}
		m.re = re
		mw.matchers = append(mw.matchers, m)
	}
	mw.matcherKnown, mw.hasMatcher = true, true
}

// covers reports whether the middleware runs on a concrete path; known is false when the
// matcher could not be evaluated. A matcher with has/missing conditions counts as covering.
func (mw *nxMiddleware) covers(path string) (covered, known bool) {
	if !mw.matcherKnown {
		return false, false
	}
	if !mw.hasMatcher {
		return true, true
	}
	for _, m := range mw.matchers {
		ok, err := m.re.MatchString(path)
		if err != nil {
			return false, false
		}
		if ok {
			return true, true
		}
	}
	return false, true
}

// coversRoute asks covers of each sample path of a route: covered when any sample is.
func (mw *nxMiddleware) coversRoute(r *nxRoute) (covered, known bool) {
	for _, s := range r.samples() {
		c, k := mw.covers(s)
		if !k {
			return false, false
		}
		if c {
			return true, true
		}
	}
	return false, true
}

// misplacedMiddleware lists middleware.*/proxy.* files of the root that Next.js does not load
// (app/middleware.ts, or middleware.ts at the root when the app lives in src/app) and that
// use AuthKit.
func (a *nextApp) misplacedMiddleware() []*project.File {
	a.misplacedOnce.Do(func() {
		p := a.project()
		var right *project.File
		if mw := a.middleware(); mw != nil && mw.ignored == "" {
			right = mw.file
		}
		for _, f := range p.Files {
			if f.Kind != project.KindJS || f.Root != a.root || f == right || IsTestPath(f.Path) {
				continue
			}
			base := filepath.Base(f.Path)
			stem := strings.TrimSuffix(base, filepath.Ext(base))
			if stem != "middleware" && stem != "proxy" || !slices.Contains(nxMiddlewareExts, filepath.Ext(base)) {
				continue
			}
			if t, _ := a.authkitIn(f, 2, map[*project.File]bool{}); t == nxYes {
				a.misplaced = append(a.misplaced, f)
			}
		}
	})
	return a.misplaced
}

// ---- AuthKit use ----

// nxUse is an import of an authkit-nextjs export somewhere in the root.
type nxUse struct {
	file       *project.File
	module     string
	name       string
	start, end int
}

// authkitUses lists the authkit-nextjs imports of the root's non-test files, sorted by path.
func (a *nextApp) authkitUses() []nxUse {
	a.usesOnce.Do(func() {
		p := a.project()
		for _, f := range p.Files {
			if f.Kind != project.KindJS || f.Root != a.root || IsTestPath(f.Path) {
				continue
			}
			src, err := f.Content()
			if err != nil || !strings.Contains(src, authkitNextPkg) {
				continue
			}
			tree, _ := f.AST()
			if tree == nil {
				continue
			}
			for _, part := range tree.Parts {
				for _, st := range part.Stmts {
					s, ok := st.Data.(*shim.SImport)
					if !ok || s.Items == nil {
						continue
					}
					mod := shim.ImportPath(tree, s.ImportRecordIndex)
					if !strings.HasPrefix(mod, authkitNextPkg) {
						continue
					}
					for _, it := range *s.Items {
						r := shim.RangeOfIdentifier(src, it.AliasLoc)
						a.uses = append(a.uses, nxUse{file: f, module: mod, name: it.Alias, start: int(r.Loc.Start), end: int(r.Loc.Start + r.Len)})
					}
				}
			}
		}
	})
	return a.uses
}

// usesAuthKit reports whether the root depends on or imports authkit-nextjs.
func (a *nextApp) usesAuthKit() bool {
	return a.root.Deps[authkitNextPkg] || len(a.authkitUses()) > 0
}

// ---- redirect URIs ----

// nxRedirect is one WorkOS redirect URI the app is configured with.
type nxRedirect struct {
	value      string
	path       string // the URL path; "" when a variable makes it unknowable
	file       *project.File
	start, end int
	source     string // for messages: "NEXT_PUBLIC_WORKOS_REDIRECT_URI in .env.local"
	template   bool
}

var nxRedirectVars = []string{"NEXT_PUBLIC_WORKOS_REDIRECT_URI", "WORKOS_REDIRECT_URI"}

// nxRedirectPath reads the path of an http(s) URL; isURL is false for placeholders, and the
// path is "" when an interpolation hides it.
func nxRedirectPath(v string) (path string, isURL bool) {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	rest := ""
	switch {
	case strings.HasPrefix(lower, "http://"):
		rest = v[len("http://"):]
	case strings.HasPrefix(lower, "https://"):
		rest = v[len("https://"):]
	default:
		return "", false
	}
	i := strings.IndexAny(rest, "/?#")
	if i < 0 {
		return "/", true
	}
	if strings.Contains(rest[:i], "{") && !strings.Contains(rest[:i], "}") {
		return "", true // ${...} spanning the host and the path
	}
	path = rest[i:]
	if j := strings.IndexAny(path, "?#"); j >= 0 {
		path = path[:j]
	}
	if strings.ContainsAny(path, "${}") {
		return "", true
	}
	if path != "/" {
		path = strings.TrimSuffix(path, "/")
	}
	if path == "" {
		path = "/"
	}
	return path, true
}

// redirectURIs gathers the redirect URIs of the root: env files (loaded ones first, then
// templates), convex.json authKit config, and redirectUri options passed in code. partial is
// set when some redirect URI cannot be read (a variable, a non-literal option).
func (a *nextApp) redirectURIs() (uris []nxRedirect, partial bool) {
	a.redirectOnce.Do(func() {
		envs := slices.Clone(a.root.EnvFiles)
		sort.SliceStable(envs, func(i, j int) bool { return !envs[i].Template && envs[j].Template })
		for _, e := range envs {
			for _, key := range nxRedirectVars {
				ent, ok := e.Parsed.Lookup(key)
				if !ok || strings.TrimSpace(ent.Value) == "" {
					continue
				}
				path, isURL := nxRedirectPath(ent.Value)
				if !isURL {
					if strings.Contains(ent.Value, "$") {
						a.redirectsPartial = true
					}
					continue
				}
				if path == "" { // a variable in the host is fine, one in the path is not
					a.redirectsPartial = true
					continue
				}
				a.redirects = append(a.redirects, nxRedirect{value: ent.Value, path: path, file: e.File,
					start: ent.ValueStart, end: ent.ValueEnd, source: key + " in " + filepath.Base(e.Path), template: e.Template})
			}
		}
		a.convexRedirects()
		a.codeRedirects()
	})
	return a.redirects, a.redirectsPartial
}

func (a *nextApp) addRedirect(f *project.File, e shim.Expr, source string) {
	s, ok := nxString(e)
	if !ok {
		a.redirectsPartial = true
		return
	}
	path, isURL := nxRedirectPath(s)
	if !isURL {
		if strings.Contains(s, "$") {
			a.redirectsPartial = true
		}
		return
	}
	if path == "" {
		a.redirectsPartial = true
		return
	}
	start, end := nxStringRange(f, e.Loc)
	a.redirects = append(a.redirects, nxRedirect{value: s, path: path, file: f, start: start, end: end, source: source})
}

// convexRedirects reads convex.json authKit.<env>.configure.redirectUris and
// authKit.<env>.localEnvVars.
func (a *nextApp) convexRedirects() {
	cj := a.root.ConvexJSON
	ak, ok := cj.Get("authKit")
	if !ok {
		return
	}
	o, ok := ak.Data.(*shim.EObject)
	if !ok {
		return
	}
	for _, prop := range o.Properties {
		k, ok := prop.Key.Data.(*shim.EString)
		if !ok {
			continue
		}
		env := shim.StringValue(k)
		if conf, _, ok := parser.Prop(prop.ValueOrNil, "configure"); ok {
			if uris, _, ok := parser.Prop(conf, "redirectUris"); ok {
				if arr, ok := uris.Data.(*shim.EArray); ok {
					for _, it := range arr.Items {
						a.addRedirect(cj.File, it, "authKit."+env+".configure.redirectUris in convex.json")
					}
				}
			}
		}
		if vars, _, ok := parser.Prop(prop.ValueOrNil, "localEnvVars"); ok {
			for _, key := range nxRedirectVars {
				if v, _, ok := parser.Prop(vars, key); ok {
					a.addRedirect(cj.File, v, "authKit."+env+".localEnvVars."+key+" in convex.json")
				}
			}
		}
	}
}

// nxRedirectOptionArg says which argument of an authkit-nextjs function takes options with a
// redirectUri.
var nxRedirectOptionArg = map[string]int{
	"authkitMiddleware": 0, "authkitProxy": 0, "authkit": 1, "getSignInUrl": 0, "getSignUpUrl": 0,
}

// codeRedirects reads `redirectUri` options passed to authkit-nextjs functions.
func (a *nextApp) codeRedirects() {
	p := a.project()
	for _, f := range p.Files {
		if f.Kind != project.KindJS || f.Root != a.root || IsTestPath(f.Path) {
			continue
		}
		src, err := f.Content()
		if err != nil || !strings.Contains(src, "redirectUri") || !strings.Contains(src, authkitNextPkg) {
			continue
		}
		fi := nxInfo(f)
		if fi == nil {
			continue
		}
		parser.Inspect(fi.tree, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := x.Data.(*shim.ECall)
			if !ok {
				return true
			}
			imp, ok := fi.imports.Resolve(call.Target)
			if !ok || imp.Module != authkitNextPkg {
				return true
			}
			arg, ok := nxRedirectOptionArg[imp.Name]
			if !ok || arg >= len(call.Args) {
				return true
			}
			opts := nxConst(fi.decls, call.Args[arg])
			v, _, found, known := nxProp(opts, "redirectUri")
			switch {
			case !known:
				a.redirectsPartial = true
			case found:
				a.addRedirect(f, nxConst(fi.decls, v), "redirectUri in "+a.rel(f.Path))
			}
			return true
		})
	}
}
