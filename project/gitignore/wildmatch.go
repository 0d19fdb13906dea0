package gitignore

import "strings"

// outcome of matching a pattern tail against a text tail. giveUp means no suffix of the
// text can match either, so enclosing stars stop sliding; without it patterns such as
// "*a*a*a*b" take exponential time.
type outcome int8

const (
	noMatch outcome = iota
	matched
	giveUp
)

// wildmatch reports whether text matches the glob pat with git's wildmatch rules.
// With pathname set, only a "**" that forms a whole path segment may match '/'.
func wildmatch(pat, text string, pathname bool) bool {
	budget := maxGlobSteps
	return glob(pat, text, pathname, &budget) == matched
}

// maxGlobSteps bounds one match: each "**/" can double the work (git's wildmatch is
// exponential there too), and the linter reads every .gitignore of the trees it walks. A
// match that runs out counts as no match, so the file is linted rather than skipped.
const maxGlobSteps = 100_000

func glob(p, t string, pathname bool, budget *int) outcome {
	if *budget--; *budget < 0 {
		return giveUp
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '*' {
			return star(p, i, t, pathname, budget)
		}
		if t == "" {
			return giveUp
		}
		switch c {
		case '\\':
			i++
			if i == len(p) || p[i] != t[0] {
				return noMatch
			}
		case '?':
			if pathname && t[0] == '/' {
				return noMatch
			}
		case '[':
			end, in, ok := bracket(p, i, t[0])
			if !ok {
				return giveUp // git: a malformed class matches nothing at all
			}
			if !in || pathname && t[0] == '/' {
				return noMatch
			}
			i = end
		default:
			if c != t[0] {
				return noMatch
			}
		}
		t = t[1:]
	}
	if t == "" {
		return matched
	}
	return noMatch
}

// star matches the run of '*' starting at p[i] followed by the rest of p.
func star(p string, i int, t string, pathname bool, budget *int) outcome {
	j := i
	for j < len(p) && p[j] == '*' {
		j++
	}
	crossSlash := !pathname
	// "**" is special only as a whole segment: at the start or after '/', and at the end
	// or before '/'. git also accepts an escaped "\/" after it.
	if pathname && j-i >= 2 && (i == 0 || p[i-1] == '/') {
		switch {
		case j == len(p):
			crossSlash = true
		case p[j] == '/':
			// "**/" may stand for no directories at all.
			if glob(p[j+1:], t, pathname, budget) == matched {
				return matched
			}
			crossSlash = true
		case p[j] == '\\' && j+1 < len(p) && p[j+1] == '/':
			crossSlash = true
		}
	}
	rest := p[j:]
	if rest == "" {
		if crossSlash || !strings.Contains(t, "/") {
			return matched
		}
		return noMatch
	}
	// Only try offsets where a plain literal that follows the star can match.
	lit, plain := rest[0], !isGlobSpecial(rest[0])
	for k := 0; k <= len(t); k++ {
		if !plain || k < len(t) && t[k] == lit {
			if r := glob(rest, t[k:], pathname, budget); r != noMatch {
				return r
			}
		}
		if !crossSlash && k < len(t) && t[k] == '/' {
			return noMatch
		}
	}
	return giveUp
}

func isGlobSpecial(c byte) bool {
	return c == '*' || c == '?' || c == '[' || c == '\\'
}

// bracket matches c against the bracket expression opening at p[i]. It returns the index
// of the closing ']', whether c is selected, and ok=false for a malformed expression.
// Like git: a ']' right after the opening (or after '!'/'^') is literal, a range
// runs from the previous single character, and "[:name:]" classes are ASCII-only.
func bracket(p string, i int, c byte) (end int, in bool, ok bool) {
	j := i + 1
	negate := j < len(p) && (p[j] == '!' || p[j] == '^')
	if negate {
		j++
	}
	var prev byte
	hasPrev := false
	for first := true; ; first = false {
		if j >= len(p) {
			return 0, false, false
		}
		ch := p[j]
		if ch == ']' && !first {
			return j, in != negate, true
		}
		switch {
		case ch == '\\':
			j++
			if j >= len(p) {
				return 0, false, false
			}
			ch = p[j]
			in = in || c == ch
			prev, hasPrev = ch, true
		case ch == '-' && hasPrev && j+1 < len(p) && p[j+1] != ']':
			j++
			hi := p[j]
			if hi == '\\' {
				j++
				if j >= len(p) {
					return 0, false, false
				}
				hi = p[j]
			}
			in = in || prev <= c && c <= hi
			hasPrev = false
		case ch == '[' && j+1 < len(p) && p[j+1] == ':':
			k := strings.IndexByte(p[j+2:], ']')
			if k < 0 {
				return 0, false, false
			}
			if k == 0 || p[j+2+k-1] != ':' {
				// Not "[:name:]": the '[' is an ordinary member.
				in = in || c == '['
				prev, hasPrev = '[', true
				break
			}
			is, known := charClasses[p[j+2:j+2+k-1]]
			if !known {
				return 0, false, false
			}
			in = in || is(c)
			hasPrev = false
			j += 2 + k
		default:
			in = in || c == ch
			prev, hasPrev = ch, true
		}
		j++
	}
}

// charClasses follows git's own ASCII ctype (its "space" omits \v and \f).
var charClasses = map[string]func(byte) bool{
	"alnum":  func(c byte) bool { return isAlpha(c) || isDigit(c) },
	"alpha":  isAlpha,
	"blank":  func(c byte) bool { return c == ' ' || c == '\t' },
	"cntrl":  func(c byte) bool { return c < 0x20 || c == 0x7f },
	"digit":  isDigit,
	"graph":  func(c byte) bool { return c > 0x20 && c < 0x7f },
	"lower":  func(c byte) bool { return 'a' <= c && c <= 'z' },
	"print":  func(c byte) bool { return c >= 0x20 && c < 0x7f },
	"punct":  func(c byte) bool { return c > 0x20 && c < 0x7f && !isAlpha(c) && !isDigit(c) },
	"space":  func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' },
	"upper":  func(c byte) bool { return 'A' <= c && c <= 'Z' },
	"xdigit": func(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' },
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
