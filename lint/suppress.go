package lint

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
	shim "github.com/evanw/esbuild/shim"
)

const (
	directivePrefix = "convex-workos-lint-"
	nextLine        = "convex-workos-lint-disable-next-line"
	sameLine        = "convex-workos-lint-disable-line"
)

// suppression is one disable comment of a file.
type suppression struct {
	file       *project.File
	start, end int // the comment
	line       int // the line it silences
	rules      []string
	used       map[string]bool
}

// scanSuppressions finds the disable comments of a file and reports malformed ones.
// JS files use // and /* */ (so {/* */} in JSX); env files use #.
func scanSuppressions(f *project.File, src string, report func(rules.Diagnostic)) []*suppression {
	if !strings.Contains(src, directivePrefix) {
		return nil
	}
	var comments []parser.Comment
	switch f.Kind {
	case project.KindJS:
		comments = parser.ScanComments(src)
	case project.KindEnv:
		comments = parser.ParseEnv(src).Comments
	default:
		return nil
	}
	lines := f.Lines()
	var out []*suppression
	var jsxText [][2]int // computed on the first directive: the JSX text of the file
	for _, c := range comments {
		text := strings.TrimSpace(c.Text)
		if !strings.HasPrefix(text, directivePrefix) {
			continue
		}
		bad := func(msg string) {
			report(rules.Diagnostic{Rule: rules.UnusedSuppressionID, Location: rules.At(f, c.Start, c.End), Message: msg})
		}
		if f.Kind == project.KindJS {
			if jsxText == nil {
				jsxText = jsxTextRanges(f)
			}
			if inRanges(jsxText, c.Start) {
				bad("this comment is JSX text, rendered on the page, not a comment: write it as {/* " + text + " */}")
				continue
			}
		}
		var rest string
		var line int
		startLine, _ := lines.Position(c.Start)
		endLine, _ := lines.Position(c.End)
		switch {
		case strings.HasPrefix(text, nextLine):
			rest, line = text[len(nextLine):], endLine+1
		case strings.HasPrefix(text, sameLine):
			rest, line = text[len(sameLine):], startLine
		default:
			bad(fmt.Sprintf("unknown directive %q: use %s or %s", firstWord(text), nextLine, sameLine))
			continue
		}
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			bad(fmt.Sprintf("unknown directive %q: use %s or %s", firstWord(text), nextLine, sameLine))
			continue
		}
		list, reason, hasReason := strings.Cut(rest, "--")
		s := &suppression{file: f, start: c.Start, end: c.End, line: line, used: map[string]bool{}}
		ids := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		if len(ids) == 0 {
			bad("suppression names no rule: list the rule IDs it silences")
			continue
		}
		for _, id := range ids {
			if _, ok := rules.Lookup(id); !ok {
				bad(fmt.Sprintf("suppression names unknown rule %q", id))
				continue
			}
			s.rules = append(s.rules, id)
		}
		if !hasReason || strings.TrimSpace(reason) == "" {
			bad("suppression gives no reason: add ` -- why` after the rule IDs")
		}
		if len(s.rules) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// matches reports whether s silences d, marking the rule used.
func (s *suppression) matches(d *rules.Diagnostic) bool {
	if d.Path != s.file.Path || d.Start.Line != s.line {
		return false
	}
	for _, id := range s.rules {
		if id == d.Rule {
			s.used[id] = true
			return true
		}
	}
	return false
}

// unused reports the rule IDs of s that silenced nothing; rules turned off are not counted.
func (s *suppression) unused(enabled func(id string) bool, report func(rules.Diagnostic)) {
	for _, id := range s.rules {
		if !s.used[id] && enabled(id) {
			report(rules.Diagnostic{Rule: rules.UnusedSuppressionID, Location: rules.At(s.file, s.start, s.end),
				Message: fmt.Sprintf("suppression of %s silences nothing on line %d: remove it", id, s.line)})
		}
	}
}

// jsxTextRanges are the byte ranges of a JS file's JSX text (element children), where // and
// /* */ are text that the comment scanner cannot tell from comments. Never nil.
func jsxTextRanges(f *project.File) [][2]int {
	out := [][2]int{}
	tree, _ := f.AST()
	if tree == nil {
		return out
	}
	parser.Inspect(tree, func(n parser.Node, _ *parser.Cursor) bool {
		if e, ok := n.(shim.Expr); ok {
			if t, ok := e.Data.(*shim.EJSXText); ok {
				out = append(out, [2]int{int(e.Loc.Start), int(e.Loc.Start) + len(t.Raw)})
			}
		}
		return true
	})
	return out
}

func inRanges(rs [][2]int, off int) bool {
	for _, r := range rs {
		if r[0] <= off && off < r[1] {
			return true
		}
	}
	return false
}
