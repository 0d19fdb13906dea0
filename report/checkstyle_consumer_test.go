package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// tool finds a consumer that .ci/run installs: from the environment variable env, else in
// .ci/.tools (rel from there). Missing, the test skips locally and fails under CI=true.
func tool(t *testing.T, env, rel string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		p, _ = filepath.Abs(filepath.Join("..", ".ci", ".tools", rel))
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s missing (%v): .ci/run installs it into .ci/.tools", env, err)
		}
		t.Skipf("%s missing (see .ci/run)", p)
	}
	return p
}

// TestCheckstyleReadByReviewdog feeds --format checkstyle to reviewdog (the Go module
// github.com/reviewdog/reviewdog, v0.21.0, installed by .ci/run), whose -f=checkstyle parser is
// the one its GitHub/GitLab reporters use, and compares what it read, finding by finding, with
// what was printed: path, line, column, severity, message and rule.
func TestCheckstyleReadByReviewdog(t *testing.T) {
	bin := tool(t, "REVIEWDOG", filepath.Join("bin", "reviewdog"))
	diags := ciDiags()
	nested := diag("apps/web/convex/auth.config.ts", `issuer "https://api.workos.com/" ≠ 'x' & y`, rules.Error)
	nested.Rule = "auth-config-wrong-issuer"
	nested.Start = rules.Position{Line: 12, Column: 1}
	diags = append(diags, nested)

	// reviewdog resolves relative paths from its working directory: run it outside this repo.
	cmd := exec.Command(bin, "-f=checkstyle", "-reporter=rdjsonl", "-filter-mode=nofilter")
	cmd.Dir = t.TempDir()
	cmd.Stdin = strings.NewReader(print(t, Checkstyle{}, diags...))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("reviewdog: %v\n%s", err, stderr.Bytes())
	}
	type rdDiag struct {
		Message  string `json:"message"`
		Severity string `json:"severity"`
		Location struct {
			Path  string `json:"path"`
			Range struct {
				Start struct{ Line, Column int } `json:"start"`
			} `json:"range"`
		} `json:"location"`
		Code struct {
			Value string `json:"value"`
		} `json:"code"`
	}
	var got []rdDiag
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var d rdDiag
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%v: %s", err, sc.Bytes())
		}
		got = append(got, d)
	}
	if len(got) != len(diags) {
		t.Fatalf("reviewdog read %d findings, want %d:\n%s", len(got), len(diags), out)
	}
	// rdjsonl keeps the report's order: files as first seen, findings in file order.
	want := append([]rules.Diagnostic(nil), diags...)
	for i, d := range want {
		g := got[i]
		sev := strings.ToUpper(d.Severity.String())
		if g.Location.Path != Clean(d.DisplayPath) || g.Location.Range.Start.Line != d.Start.Line ||
			g.Location.Range.Start.Column != d.Start.Column || g.Severity != sev ||
			g.Message != Clean(d.Message) || g.Code.Value != "convex-workos-lint."+d.Rule {
			t.Errorf("finding %d read as %+v\nprinted as %s:%d:%d %s %q %s", i, g, d.DisplayPath,
				d.Start.Line, d.Start.Column, sev, Clean(d.Message), d.Rule)
		}
	}

	// A clean run is a report with no findings, not a parse error.
	cmd = exec.Command(bin, "-f=checkstyle", "-reporter=rdjsonl", "-filter-mode=nofilter", "-fail-level=any")
	cmd.Dir = t.TempDir()
	cmd.Stdin = strings.NewReader(print(t, Checkstyle{}))
	if out, err := cmd.CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) != 0 {
		t.Errorf("clean report: %v\n%s", err, out)
	}
}
