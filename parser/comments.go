package parser

// Comment is a comment found in raw source text (esbuild's AST keeps none).
type Comment struct {
	Start, End int    // byte offsets of the whole comment, delimiters included
	Text       string // the body, without // or /* */
	Block      bool
}

// ScanComments finds the comments of JS/TS source, skipping string, template and regular
// expression literals so that "// not a comment" inside them is not reported. It is a lexer
// of just enough JavaScript for that; JSX text that happens to contain // is the known blind spot.
func ScanComments(src string) []Comment {
	var out []Comment
	var braces []int // for each open template ${, the brace depth it started at
	depth := 0
	regexOK := true // whether a / here would start a regular expression
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			end := i + 2
			for end < len(src) && src[end] != '\n' && src[end] != '\r' {
				end++
			}
			out = append(out, Comment{Start: i, End: end, Text: src[i+2 : end]})
			i = end
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := indexFrom(src, "*/", i+2)
			if end < 0 {
				end = len(src)
			} else {
				end += 2
			}
			out = append(out, Comment{Start: i, End: end, Text: src[i+2 : max(i+2, end-2)], Block: true})
			i = end
			continue
		case c == '\'' || c == '"':
			i = SkipQuoted(src, i)
			regexOK = false
			continue
		case c == '`':
			i = skipTemplate(src, i+1, &braces, depth)
			regexOK = false
			continue
		case c == '/' && regexOK && (i == 0 || src[i-1] != '<'): // `</` closes a JSX tag
			i = skipRegExp(src, i)
			regexOK = false
			continue
		case c == '{':
			depth++
		case c == '}':
			if n := len(braces); n > 0 && braces[n-1] == depth {
				braces = braces[:n-1]
				i = skipTemplate(src, i+1, &braces, depth)
				regexOK = false
				continue
			}
			depth--
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c == ')' || c == ']' || c == '}' || isIdentByte(c):
			regexOK = false
			if isIdentByte(c) {
				start := i
				for i < len(src) && isIdentByte(src[i]) {
					i++
				}
				regexOK = keywordBeforeExpr[src[start:i]]
				continue
			}
		default:
			regexOK = true
		}
		i++
	}
	return out
}

// keywordBeforeExpr lists the words after which / starts a regular expression.
var keywordBeforeExpr = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true,
	"delete": true, "void": true, "throw": true, "case": true, "do": true, "else": true,
	"yield": true, "await": true,
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func indexFrom(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// SkipQuoted skips the '...' or "..." string literal that starts at src[i] (the quote) and
// returns the offset after its closing quote; an unterminated literal stops at the line break
// (the parser reports it) or at the end of src.
func SkipQuoted(src string, i int) int {
	q := src[i]
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case q:
			return i + 1
		case '\n':
			return i // unterminated: let the parser report it
		}
	}
	return len(src)
}

// skipTemplate skips template text from i; at "${" it records the brace depth and returns
// so that the expression inside is scanned as code.
func skipTemplate(src string, i int, braces *[]int, depth int) int {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '`':
			return i + 1
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				*braces = append(*braces, depth+1)
				return i + 1 // the '{' is scanned next and raises depth to match
			}
		}
	}
	return len(src)
}

func skipRegExp(src string, i int) int {
	inClass := false
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '/':
			if !inClass {
				i++
				for i < len(src) && isIdentByte(src[i]) {
					i++
				}
				return i
			}
		case '\n':
			return i
		}
	}
	return len(src)
}
