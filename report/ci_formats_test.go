package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// Strict structural tests of what each consumer requires (GitLab's Code Quality fields and
// severities, the JUnit counts that CI dashboards sum, Checkstyle's attributes), decoding with
// unknown fields refused. The real readers run beside: junit2json (junit_consumer_test.go),
// reviewdog (checkstyle_consumer_test.go), and GitLab's documented format as a JSON Schema
// (gitlab_schema_test.go).

func ciDiags() []rules.Diagnostic {
	a := diag("src/a.ts", "first", rules.Error)
	b := diag("src/a.ts", "first", rules.Error) // the same finding twice in one file
	b.Start.Line = 9
	c := diag("src/b\x1b[31m.ts", "bad <&\"> \x07 \n next", rules.Warning)
	return []rules.Diagnostic{a, b, c}
}

func TestGitLabCodeQuality(t *testing.T) {
	out := print(t, GitLab{}, ciDiags()...)
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var issues []gitlabIssue
	if err := dec.Decode(&issues); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(issues) != 3 {
		t.Fatalf("%d issues, want 3", len(issues))
	}
	fps := map[string]bool{}
	for _, is := range issues {
		if is.Description == "" || is.CheckName == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 {
			t.Errorf("missing required field: %+v", is)
		}
		switch is.Severity {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %q is not one GitLab knows", is.Severity)
		}
		if fps[is.Fingerprint] || len(is.Fingerprint) != 32 {
			t.Errorf("fingerprint %q repeated or malformed", is.Fingerprint)
		}
		fps[is.Fingerprint] = true
	}
	if issues[0].Severity != "major" || issues[2].Severity != "minor" {
		t.Errorf("severities %q, %q; want major for errors, minor for warnings", issues[0].Severity, issues[2].Severity)
	}
	// A finding that moves down the file keeps its fingerprint (GitLab would call it new).
	moved := ciDiags()[:1]
	moved[0].Start.Line = 40
	var again []gitlabIssue
	json.Unmarshal([]byte(print(t, GitLab{}, moved...)), &again)
	if again[0].Fingerprint != issues[0].Fingerprint {
		t.Errorf("fingerprint changed with the line")
	}
	if got := print(t, GitLab{}); got != "[]\n" {
		t.Errorf("clean run: %q, want []", got)
	}
}

func TestJUnit(t *testing.T) {
	out := print(t, JUnit{}, ciDiags()...)
	var r junitSuites
	if err := xml.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Tests != 3 || r.Failures != 3 || len(r.Suites) != 2 {
		t.Fatalf("tests=%d failures=%d suites=%d, want 3, 3, 2\n%s", r.Tests, r.Failures, len(r.Suites), out)
	}
	sum := 0
	for _, s := range r.Suites {
		if s.Tests != len(s.Cases) || s.Failures != len(s.Cases) {
			t.Errorf("suite %s counts %d/%d for %d cases", s.Name, s.Tests, s.Failures, len(s.Cases))
		}
		for _, c := range s.Cases {
			if c.Failure == nil || c.Failure.Message == "" || c.Name == "" || c.Classname == "" {
				t.Errorf("incomplete case %+v", c)
			}
			sum++
		}
	}
	if sum != r.Tests {
		t.Errorf("%d cases, testsuites says %d", sum, r.Tests)
	}
	if strings.ContainsAny(out, "\x1b\x07") || !strings.HasPrefix(out, xml.Header) {
		t.Errorf("control characters or no XML header:\n%q", out)
	}
	var clean junitSuites
	if err := xml.Unmarshal([]byte(print(t, JUnit{})), &clean); err != nil || clean.Tests != 1 || clean.Failures != 0 {
		t.Errorf("clean run: %+v, %v; want one passing case", clean, err)
	}
}

func TestCheckstyle(t *testing.T) {
	out := print(t, Checkstyle{}, ciDiags()...)
	var r checkstyleReport
	dec := xml.NewDecoder(bytes.NewReader([]byte(out)))
	dec.Strict = true
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(r.Files) != 2 || len(r.Files[0].Errors) != 2 || len(r.Files[1].Errors) != 1 {
		t.Fatalf("files %+v", r.Files)
	}
	e := r.Files[1].Errors[0]
	if e.Severity != "warning" || e.Line != 3 || e.Column != 5 || e.Source != "convex-workos-lint.hardcoded-client-id" {
		t.Errorf("error %+v", e)
	}
	if !strings.HasPrefix(e.Message, `bad <&"> `) || strings.Contains(e.Message, "\n") {
		t.Errorf("message %q", e.Message)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("control characters in XML:\n%q", out)
	}
	if got := print(t, Checkstyle{}); !strings.Contains(got, `<checkstyle version="4.3"></checkstyle>`) {
		t.Errorf("clean run: %q", got)
	}
}
