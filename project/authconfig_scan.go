package project

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
)

// ExprEnd is the end of the expression starting at start in src, found by tokens (scanExpr):
// esbuild gives no end offsets, and fixes that wrap an expression need one.
func ExprEnd(src string, start int) int { return scanExpr(src, start).end }

// scanEnd is the end of the expression (or property) starting at start, by tokens.
func (ev *evaluator) scanEnd(start int) int { return scanExpr(ev.src, start).end }

type scanned struct {
	end  int // after the last token of the expression
	stop int // the terminator: `,` `;` or an unmatched closing bracket, or len(src)
}

// scanExpr skips one expression (or `key: value` property) from i: it stops at a `,` or `;`
// or an unmatched closing bracket at depth 0, or at a line break followed by a statement
// keyword (a declaration ended by ASI). Strings, templates and comments are skipped whole;
// a regular expression holding brackets or quotes can mislead it, which auth configs do not have.
func scanExpr(src string, i int) scanned {
	depth, last := 0, i
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 && startsStatement(src, i+1) {
				return scanned{last, i}
			}
			i++
			continue
		case isSpace(c):
			i++
			continue
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			i = skipComment(src, i)
			continue
		case c == '"' || c == '\'':
			i = parser.SkipQuoted(src, i)
			last = i
			continue
		case c == '`':
			i = skipTemplateTail(src, i+1)
			last = i
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return scanned{last, i}
			}
			depth--
		case c == ',' || c == ';':
			if depth == 0 {
				return scanned{last, i}
			}
		}
		i++
		last = i
	}
	return scanned{last, len(src)}
}

// skipTemplateTail skips template text from i (inside the backticks) to after the closing
// backtick, substitutions included.
func skipTemplateTail(src string, i int) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
		case '`':
			return i + 1
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				s := scanExpr(src, i+2)
				i = s.stop + 1 // past the `}`
				continue
			}
			i++
		default:
			i++
		}
	}
	return len(src)
}

func skipComment(src string, i int) int {
	if src[i+1] == '/' {
		for i < len(src) && src[i] != '\n' {
			i++
		}
		return i
	}
	if j := strings.Index(src[i+2:], "*/"); j >= 0 {
		return i + 2 + j + 2
	}
	return len(src)
}

// skipSpaceAndComments returns the offset of the next token at or after i.
func skipSpaceAndComments(src string, i int) int {
	for i < len(src) {
		switch {
		case isSpace(src[i]) || src[i] == '\n':
			i++
		case src[i] == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			i = skipComment(src, i)
		default:
			return i
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

var statementKeywords = map[string]bool{
	"const": true, "let": true, "var": true, "export": true, "import": true, "function": true,
	"class": true, "module": true, "if": true, "for": true, "while": true, "return": true,
	"type": true, "interface": true, "declare": true, "async": true,
}

func startsStatement(src string, i int) bool {
	i = skipSpaceAndComments(src, i)
	j := i
	for j < len(src) && (src[j] == '_' || src[j] == '$' || 'a' <= src[j] && src[j] <= 'z' || 'A' <= src[j] && src[j] <= 'Z' || '0' <= src[j] && src[j] <= '9') {
		j++
	}
	return j > i && statementKeywords[src[i:j]]
}
