package lint

import (
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// FuzzSuppressions scans any JS or env source for disable comments: never a panic; every
// reported problem and every suppression lies inside the file and names a real line; and a
// suppression matches a finding on its line for each rule it lists.
func FuzzSuppressions(f *testing.F) {
	f.Add("// convex-workos-lint-disable-next-line workos-api-key-in-source -- test fixture\nconst k = 1;\n", false)
	f.Add("{/* convex-workos-lint-disable-line hardcoded-client-id, parse-error -- why */}", false)
	f.Add("/* convex-workos-lint-disable-next-line\n */", false)
	f.Add("// convex-workos-lint-disablex nope\n// convex-workos-lint-disable-line --\n", false)
	f.Add("# convex-workos-lint-disable-next-line env-file-not-gitignored -- local only\nWORKOS_API_KEY=x\n", true)
	f.Add("A=\"# convex-workos-lint-disable-line x\" # convex-workos-lint-disable-line mixed-workos-environment -- y", true)
	f.Fuzz(func(t *testing.T, src string, env bool) {
		file := &project.File{Path: "/p/src/a.ts", Rel: "src/a.ts", Kind: project.KindJS}
		if env {
			file = &project.File{Path: "/p/.env", Rel: ".env", Kind: project.KindEnv}
		}
		file.SetContent(src)
		lines, _ := file.Lines().Position(len(src)) // \r, \u2028, \u2029 end lines too
		check := func(what string, d rules.Diagnostic) {
			if d.StartOffset < 0 || d.EndOffset > len(src) || d.StartOffset > d.EndOffset {
				t.Fatalf("%s [%d,%d) outside the %d-byte file", what, d.StartOffset, d.EndOffset, len(src))
			}
			if line, col := file.Lines().Position(d.StartOffset); line < 1 || line > lines || col < 1 {
				t.Fatalf("%s at %d:%d, the file has %d lines", what, line, col, lines)
			}
			if d.Rule != rules.UnusedSuppressionID || d.Message == "" {
				t.Fatalf("%s: rule %q, message %q", what, d.Rule, d.Message)
			}
		}
		sups := scanSuppressions(file, src, func(d rules.Diagnostic) { check("problem", d) })
		for _, s := range sups {
			if s.start < 0 || s.end > len(src) || s.start > s.end {
				t.Fatalf("suppression comment [%d,%d) outside the %d-byte file", s.start, s.end, len(src))
			}
			if s.line < 1 || s.line > lines+1 {
				t.Fatalf("suppression silences line %d of %d", s.line, lines)
			}
			if len(s.rules) == 0 {
				t.Fatal("a suppression that names no rule was kept")
			}
			for _, id := range s.rules {
				if _, ok := rules.Lookup(id); !ok {
					t.Fatalf("suppression kept unknown rule %q", id)
				}
				d := rules.Diagnostic{Rule: id, Location: rules.Location{Path: file.Path, Start: rules.Position{Line: s.line}}}
				if !s.matches(&d) {
					t.Fatalf("suppression of %s on line %d does not match a finding there", id, s.line)
				}
			}
			s.unused(func(string) bool { return true }, func(d rules.Diagnostic) { check("unused", d) })
		}
	})
}
