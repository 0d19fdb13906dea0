package project

import (
	"strconv"
	"strings"
)

// Edit helpers. They return offsets and text for rules to turn into fixes; the text keeps
// the file's indentation and comma style.

// LineIndent is the whitespace that starts the line holding off, and whether only
// whitespace precedes off on that line.
func (ac *AuthConfig) LineIndent(off int) (indent string, alone bool) {
	ls := strings.LastIndexByte(ac.Source[:off], '\n') + 1
	pre := ac.Source[ls:off]
	trimmed := strings.TrimLeft(pre, " \t")
	return pre[:len(pre)-len(trimmed)], trimmed == ""
}

// commaAfter returns the offset of a `,` that follows end (spaces and comments between), or -1.
func (ac *AuthConfig) commaAfter(end int) int {
	if j := skipSpaceAndComments(ac.Source, end); j < len(ac.Source) && ac.Source[j] == ',' {
		return j
	}
	return -1
}

// RemoveField is the range that deletes a property with its comma: the whole line(s) when the
// property sits alone on its line(s) (a trailing line comment goes with it), else the
// property, its comma and the spaces after it.
func (ac *AuthConfig) RemoveField(f Field) (start, end int) {
	src := ac.Source
	start, end = f.Start, f.End
	comma := ac.commaAfter(end)
	if comma >= 0 {
		end = comma + 1
	}
	_, alone := ac.LineIndent(start)
	eol := end
	for eol < len(src) && isSpace(src[eol]) {
		eol++
	}
	if eol+1 < len(src) && src[eol] == '/' && src[eol+1] == '/' {
		eol = skipComment(src, eol)
	}
	if alone && (eol >= len(src) || src[eol] == '\n') {
		start = strings.LastIndexByte(src[:start], '\n') + 1
		return start, min(eol+1, len(src))
	}
	if comma >= 0 {
		for end < len(src) && isSpace(src[end]) {
			end++
		}
		return start, end
	}
	// The last property on a shared line: take the comma before it instead.
	b := start - 1
	for b >= 0 && (isSpace(src[b]) || src[b] == '\n') {
		b--
	}
	if b >= 0 && src[b] == ',' {
		start = b
	}
	return start, end
}

// InsertAfter returns where and what to insert to add text (a property or an element) after
// the element or property ending at end in a list: on its own line with the given indent when
// the list is one per line, else inline. The list's comma style is kept: the new element
// gets a trailing comma when the previous one had one.
func (ac *AuthConfig) InsertAfter(elemStart, elemEnd int, text string) (at int, insert string) {
	at, insert = ac.insertAfter(elemStart, elemEnd, text)
	if strings.Contains(ac.Source, "\r\n") {
		insert = strings.ReplaceAll(insert, "\n", "\r\n")
	}
	return at, insert
}

func (ac *AuthConfig) insertAfter(elemStart, elemEnd int, text string) (at int, insert string) {
	src := ac.Source
	indent, alone := ac.LineIndent(elemStart)
	comma := ac.commaAfter(elemEnd)
	if !alone {
		if comma >= 0 {
			return comma + 1, " " + text + ","
		}
		return elemEnd, ", " + text
	}
	if comma < 0 {
		return elemEnd, ",\n" + indent + strings.ReplaceAll(text, "\n", "\n"+indent)
	}
	// After the comma and any line comment that follows it on the same line.
	at = comma + 1
	j := at
	for j < len(src) && isSpace(src[j]) {
		j++
	}
	if j+1 < len(src) && src[j] == '/' && src[j+1] == '/' {
		at = skipComment(src, j)
	} else if j < len(src) && src[j] != '\n' {
		return comma + 1, " " + text + ","
	}
	return at, "\n" + indent + strings.ReplaceAll(text, "\n", "\n"+indent) + ","
}

// ClientIDRef is the client ID expression the WorkOS providers use, for fixes to reuse.
type ClientIDRef struct {
	Text    string // the expression as written (`clientId`, `process.env.WORKOS_CLIENT_ID`)
	Literal bool   // a literal client ID: Str holds it and Text is not an expression
	Str     string
}

// DefaultClientID is what fixes use when no provider reads a client ID yet.
var DefaultClientID = ClientIDRef{Text: "process.env.WORKOS_CLIENT_ID"}

// ClientID returns the client ID expression that the WorkOS providers use most (first seen
// on a tie): the hole of an issuer or jwks template, or an applicationID; DefaultClientID
// when there is none.
func (ac *AuthConfig) ClientID() ClientIDRef {
	count := map[string]int{}
	var order []ClientIDRef
	for _, p := range ac.Providers {
		if !p.IsWorkOS() {
			continue
		}
		for _, u := range p.ClientIDs() {
			var r ClientIDRef
			switch {
			case u.Value.Kind == String:
				r = ClientIDRef{Text: strconv.Quote(u.Value.Str), Literal: true, Str: u.Value.Str}
			case u.Value.Kind == EnvVar || u.Value.Kind == Unknown:
				r = ClientIDRef{Text: strings.TrimSpace(ac.Text(u.Value.Start, u.Value.End))}
			default:
				continue // a template applicationID is not a client ID expression to copy
			}
			if r.Text == "" {
				continue
			}
			if count[r.Text] == 0 {
				order = append(order, r)
			}
			count[r.Text]++
		}
	}
	best := DefaultClientID
	for i, r := range order {
		if i == 0 || count[r.Text] > count[best.Text] {
			best = r
		}
	}
	return best
}

// Expr is the client ID as a value: the expression, or the literal quoted with q.
func (r ClientIDRef) Expr(q byte) string {
	if r.Literal {
		return quote(r.Str, q)
	}
	return r.Text
}

// URL is prefix followed by the client ID: a template literal, or a plain string (quoted
// with q) when the client ID is a literal.
func (r ClientIDRef) URL(prefix string, q byte) string {
	if r.Literal {
		return quote(prefix+r.Str, q)
	}
	esc := strings.NewReplacer("\\", "\\\\", "`", "\\`", "${", "\\${").Replace(prefix)
	return "`" + esc + "${" + r.Text + "}`"
}

func quote(s string, q byte) string {
	if q != '\'' {
		return strconv.Quote(s)
	}
	return "'" + strings.NewReplacer("\\", "\\\\", "'", "\\'", "\n", "\\n").Replace(s) + "'"
}

// Quote is the quote character of the file's string literals, judged from the providers'
// `type` or `algorithm` values; '"' by default.
func (ac *AuthConfig) Quote() byte {
	for _, p := range ac.Providers {
		for _, k := range []string{"type", "algorithm", "issuer"} {
			if f, ok := p.Field(k); ok && f.Value.Kind == String && f.Value.Start < len(ac.Source) {
				if c := ac.Source[f.Value.Start]; c == '\'' || c == '"' {
					return c
				}
			}
		}
	}
	return '"'
}

// KV is one property of an object literal to write: Key and its value as source text.
type KV struct{ Key, Value string }

// FormatObject writes an object literal in the style of the object like: one property per
// line (indented by like's own step, relative to the object's line) when multiline, a
// trailing comma when like's last property has one. InsertAfter indents the lines further.
func (ac *AuthConfig) FormatObject(like Value, props []KV, multiline bool) string {
	var parts []string
	for _, kv := range props {
		parts = append(parts, kv.Key+": "+kv.Value)
	}
	if !multiline {
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	step, trailing := "  ", false
	if like.Kind == Object && len(like.Fields) > 0 && like.Start < len(ac.Source) {
		own, _ := ac.LineIndent(like.Start)
		first, alone := ac.LineIndent(like.Fields[0].Start)
		if alone && len(first) > len(own) && strings.HasPrefix(first, own) {
			step = first[len(own):]
		}
		trailing = like.LastEnd >= 0 && ac.commaAfter(like.LastEnd) >= 0 && ac.commaAfter(like.LastEnd) < like.Close
	}
	end := ""
	if trailing {
		end = ","
	}
	return "{\n" + step + strings.Join(parts, ",\n"+step) + end + "\n}"
}
