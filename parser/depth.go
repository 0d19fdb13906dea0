package parser

// esbuild's parser is recursive descent: every level of nesting (a bracket, a template
// ${, a JSX element, and also a ternary, an arrow, an assignment, a prefix operator or an
// else-if in a chain) costs one or more Go stack frames of several KB. Go stops a goroutine
// at a 1 GB stack with a fatal error that no recover catches, losing the whole run: 100,000
// nested brackets took 856 MB, 400,000 crashed. tooDeep estimates the depth before parsing,
// so such a file is skipped with a notice instead.

// MaxNesting is the deepest estimated nesting a file may have to be parsed. Real code stays
// below a few hundred; at this depth the parse of the costliest form measured (arrow chains)
// stays under 0.5 GB.
const MaxNesting = 25000

// level is one open bracket, template ${ or JSX element of the estimate.
type level struct {
	pending int32 // chain constructs open at this level: ?, =>, =, prefix operators, else …
	kind    uint8
	weight  uint8 // what the level adds to the depth: 1, or 0 for a JSX tag (its braces count)
}

const (
	levelCode     uint8 = iota // ( [ {
	levelTemplate              // ${ … }
	levelJSXTag                // <name … > or />
	levelJSXBody               // the children, up to </name>
	levelObject                // { in an expression: its keys are not labels
)

// statementWords start a statement: after } ; { they end the chain of the statement before.
var statementWords = map[string]bool{
	"if": true, "for": true, "while": true, "do": true, "switch": true, "try": true, "return": true,
	"throw": true, "const": true, "let": true, "var": true, "function": true, "class": true,
	"break": true, "continue": true, "export": true, "import": true, "with": true,
}

// prefixWords are operators that nest the expression after them.
var prefixWords = map[string]bool{
	"typeof": true, "void": true, "delete": true, "await": true, "new": true, "yield": true, "else": true,
}

// tooDeep returns the offset at which the estimated nesting of src passes limit, -1 when it
// never does. The estimate is an upper bound on the parser's recursion for the forms above:
// brackets, templates and JSX elements open and close levels; chain constructs count one each
// until a , or ; at their level (or its closing bracket) ends them. It is a lexer of just
// enough JavaScript, as ScanComments; text it misreads only raises the estimate.
func tooDeep(src string, jsx bool, limit int) int {
	stack := []level{{}}
	total := 0 // len(stack)-1 plus every level's pending
	exprOK := true
	var prev byte       // the last punctuation character, 'w' after a word
	prevWord := ""      // the last word, when prev is 'w'
	var beforeWord byte // prev before that word
	arrow := false      // prev is the > of =>
	push := func(kind uint8) bool {
		l := level{kind: kind, weight: 1}
		if kind == levelJSXTag {
			l.weight = 0
		}
		stack = append(stack, l)
		total += int(l.weight)
		return total > limit
	}
	pop := func() {
		if n := len(stack); n > 1 {
			total -= int(stack[n-1].weight) + int(stack[n-1].pending)
			stack = stack[:n-1]
		}
	}
	bump := func() bool {
		stack[len(stack)-1].pending++
		total++
		return total > limit
	}
	reset := func() {
		top := &stack[len(stack)-1]
		total -= int(top.pending)
		top.pending = 0
	}
	top := func() uint8 { return stack[len(stack)-1].kind }
	// template scans template text from i, up to the closing ` or a ${ (a level is pushed).
	template := func(i int) (int, bool) {
		for ; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '`':
				return i + 1, false
			case '$':
				if i+1 < len(src) && src[i+1] == '{' {
					return i + 2, push(levelTemplate)
				}
			}
		}
		return len(src), false
	}
	for i := 0; i < len(src); {
		c := src[i]
		if top() == levelJSXBody { // JSX text: only < and { mean anything
			switch c {
			case '{':
				if push(levelCode) {
					return i
				}
				exprOK, prev = true, '{'
			case '<':
				if i+1 < len(src) && src[i+1] == '/' {
					pop() // the body
					pop() // the element
					for i < len(src) && src[i] != '>' {
						i++
					}
					exprOK, prev = top() == levelJSXBody, '>'
				} else {
					if push(levelJSXTag) {
						return i
					}
					exprOK, prev = false, '<'
				}
			}
			i++
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' && src[i] != '\r' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			if end := indexFrom(src, "*/", i+2); end >= 0 {
				i = end + 2
			} else {
				i = len(src)
			}
			continue
		case c == '\'' || c == '"':
			i = SkipQuoted(src, i)
			exprOK, prev = false, '"'
			continue
		case c == '`':
			var over bool
			if i, over = template(i + 1); over {
				return i
			}
			exprOK, prev = false, '`'
			continue
		case isIdentByte(c):
			start := i
			for i < len(src) && isIdentByte(src[i]) {
				i++
			}
			w := src[start:i]
			if len(w) > 10 || w[0] < 'a' || w[0] > 'z' { // no keyword: skip the map lookups
				exprOK, beforeWord, arrow = false, prev, false
				prev, prevWord = 'w', w
				continue
			}
			switch {
			case prefixWords[w]:
				if bump() {
					return start
				}
			case statementWords[w]:
				switch {
				case prev == 'w' && prevWord == "else": // else if: else counted it
				case prev == ')' || prev == 'w' && prevWord == "do":
					if bump() { // the unbraced body of if, for, while …: nested
						return start
					}
				case prev == 0 || prev == '}' || prev == ';' || prev == '{':
					reset() // a new statement: the chain of the one before has ended
				}
			}
			exprOK = keywordBeforeExpr[w]
			beforeWord, arrow = prev, false
			prev, prevWord = 'w', w
			continue
		case c == '/' && exprOK:
			i = skipRegExp(src, i)
			exprOK, prev = false, '/'
			continue
		}
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		over := false
		width := 1
		switch c {
		case '(', '[':
			over = push(levelCode)
		case '{':
			kind := levelCode // a block, a class or function body
			if exprOK && prev != 0 && prev != ';' && prev != '{' && prev != '}' && prev != ')' && !arrow {
				kind = levelObject
			}
			over = push(kind)
		case ')', ']':
			pop()
		case '}':
			switch top() {
			case levelTemplate:
				pop()
				if i, over = template(i + 1); over {
					return i
				}
				exprOK, prev = false, '`'
				continue
			case levelCode, levelObject:
				pop()
			}
		case ',', ';':
			reset()
		case '?':
			switch {
			case next == '?':
				width = 2 // ?? is a left-associative binary operator
			case next == '.' && !(i+2 < len(src) && '0' <= src[i+2] && src[i+2] <= '9'):
				width = 2 // ?. optional chaining
			default:
				over = bump()
			}
		case ':':
			// A label (a: b: c: …) nests the statement after it; an object key or a type
			// annotation does not (the object's bracket counts).
			if prev == 'w' && top() != levelObject && (beforeWord == 0 || beforeWord == ';' || beforeWord == '{' || beforeWord == '}' || beforeWord == ':') {
				over = bump()
			}
		case '=':
			switch {
			case next == '>':
				over, width = bump(), 2
			case next == '=':
				width = 2
				if i+2 < len(src) && src[i+2] == '=' {
					width = 3
				}
			case prev == '=' || prev == '!' || prev == '<' || prev == '>' || top() == levelJSXTag:
			default:
				over = bump()
			}
		case '*':
			if next == '*' {
				over, width = bump(), 2
			}
		case '!', '~', '+', '-':
			if exprOK {
				over = bump()
			}
		case '<':
			switch {
			case jsx && exprOK && (next == '>' || isIdentByte(next)):
				over = push(levelJSXTag)
			case !jsx && exprOK:
				over = bump() // <T>x, <T>(x) => …
			}
		case '>':
			if top() == levelJSXTag {
				stack[len(stack)-1].kind, stack[len(stack)-1].weight = levelJSXBody, 1
				if total++; total > limit {
					return i
				}
				prev = '>'
				i++
				continue
			}
		}
		if c == '/' && next == '>' && top() == levelJSXTag {
			pop()
			width = 2
			exprOK, prev = top() == levelJSXBody, '>'
			i += width
			continue
		}
		if over {
			return i
		}
		exprOK = !(c == ')' || c == ']' || c == '}')
		arrow = c == '=' && next == '>'
		prev = c
		i += width
	}
	return -1
}
