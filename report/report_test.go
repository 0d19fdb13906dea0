package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

func diag(path, msg string, sev rules.Severity) rules.Diagnostic {
	return rules.Diagnostic{Rule: "hardcoded-client-id", Severity: sev, Message: msg, Location: rules.Location{
		DisplayPath: path, Start: rules.Position{Line: 3, Column: 5}, End: rules.Position{Line: 3, Column: 9}}}
}

func print(t *testing.T, p Printer, ds ...rules.Diagnostic) string {
	t.Helper()
	var b bytes.Buffer
	if err := p.Print(&b, ds); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGitHubEscapes(t *testing.T) {
	got := print(t, GitHub{}, diag("a,b:c%.ts", "100% wrong\nsecond line", rules.Warning))
	want := "::warning file=a%2Cb%3Ac%25.ts,line=3,col=5,endLine=3,endColumn=9,title=hardcoded-client-id::100%25 wrong%0Asecond line\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestTextColorAndSummary(t *testing.T) {
	ds := []rules.Diagnostic{diag("a.ts", "m1", rules.Error), diag("b.ts", "m2\nmore", rules.Warning)}
	plain := print(t, Text{}, ds...)
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("colour without Color: %q", plain)
	}
	if !strings.Contains(plain, "b.ts:3:5: warning: m2 more [hardcoded-client-id]\n") {
		t.Errorf("message newlines must fold into one line: %q", plain)
	}
	if !strings.HasSuffix(plain, "2 problems (1 error, 1 warning)\n     2  hardcoded-client-id\n") {
		t.Errorf("summary: %q", plain)
	}
	if colored := print(t, Text{Color: true}, ds...); !strings.Contains(colored, "\x1b[31merror\x1b[0m") {
		t.Errorf("no colour with Color: %q", colored)
	}
	if empty := print(t, Text{}); empty != "" {
		t.Errorf("clean run prints %q", empty)
	}
}

func TestJSONEmptyIsArray(t *testing.T) {
	if got := print(t, JSON{}); got != "[]\n" {
		t.Errorf("got %q, want []", got)
	}
}
