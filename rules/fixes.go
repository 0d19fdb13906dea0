package rules

import "strings"

// Edit helpers shared by the rules' fixes: minimal edits that keep the file's layout.

// removalRange widens [start, end), an attribute or a list item, to what deleting it should
// take: its whole line when nothing else is on it (the line break too, CRLF included), the
// spaces after it when it starts its line, else the spaces before it.
func removalRange(src string, start, end int) (int, int) {
	ls := strings.LastIndexAny(src[:start], "\n") + 1
	before := strings.TrimLeft(src[ls:start], " \t") == ""
	after := end
	for after < len(src) && (src[after] == ' ' || src[after] == '\t') {
		after++
	}
	atEOL := after == len(src) || src[after] == '\n' || src[after] == '\r' && after+1 < len(src) && src[after+1] == '\n'
	switch {
	case before && atEOL && ls > 0:
		if after < len(src) && src[after] == '\r' {
			after++
		}
		return ls, min(after+1, len(src))
	case before:
		return start, after
	}
	b := start
	for b > ls && (src[b-1] == ' ' || src[b-1] == '\t') {
		b--
	}
	return b, end
}

// attrInsertion is where and what to insert to add attr to a JSX opening tag whose name ends
// at tagEnd: right after the name, on a line of its own with the indentation of the first
// attribute when that one starts its own line (firstAttr < 0: no attribute), else after a space.
func attrInsertion(src string, tagEnd, firstAttr int, attr string) (int, string) {
	if firstAttr > tagEnd && firstAttr <= len(src) {
		ls := strings.LastIndexByte(src[:firstAttr], '\n') + 1
		if indent := src[ls:firstAttr]; ls > tagEnd && strings.TrimLeft(indent, " \t") == "" {
			nl := "\n"
			if ls >= 2 && src[ls-2] == '\r' {
				nl = "\r\n"
			}
			return tagEnd, nl + indent + attr
		}
	}
	return tagEnd, " " + attr
}
