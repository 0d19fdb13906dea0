package sarif_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/sarif"
)

// exampleSARIF lints the bundled example app and returns the SARIF the CLI would print.
func exampleSARIF(t *testing.T) []byte {
	t.Helper()
	base, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &lint.Config{Dir: base}
	res, err := lint.Run(lint.Options{Base: base, Paths: []string{filepath.Join(base, "examples", "nextjs-app")}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) == 0 {
		t.Fatal("the example app produced no findings")
	}
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sarif.FromResult(res, res.Diagnostics, cfg, "1.2.3", "example")); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExampleSchema validates the linter's real output against the SARIF 2.1.0 schema. The
// example's fixes are in it (an insertion, a replacement and a deletion), so the schema test
// and the Multitool judge fixes too.
func TestExampleSchema(t *testing.T) {
	b := exampleSARIF(t)
	if err := sarif.ValidateSchema(t, b); err != nil {
		t.Fatalf("SARIF output does not match the schema: %v", err)
	}
	var log sarif.Log
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	inserts, deletes := 0, 0
	for _, r := range log.Runs[0].Results {
		for _, f := range r.Fixes {
			for _, c := range f.ArtifactChanges {
				for _, rep := range c.Replacements {
					if rep.InsertedContent != nil {
						inserts++
					} else {
						deletes++
					}
				}
			}
		}
	}
	if inserts == 0 || deletes == 0 {
		t.Errorf("the example's SARIF should carry fixes with and without insertedContent: %d and %d", inserts, deletes)
	}
}

// TestExampleMultitool runs Microsoft's SARIF Multitool (`validate --rule-kind "Sarif;Gh"`) on
// the real output: no error and no warning allowed. .ci/run installs it and sets SARIF_MULTITOOL;
// locally the test skips without it, under CI it fails.
func TestExampleMultitool(t *testing.T) {
	tool := os.Getenv("SARIF_MULTITOOL")
	if tool == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SARIF_MULTITOOL is not set: .ci/run installs @microsoft/sarif-multitool and sets it")
		}
		t.Skip("SARIF_MULTITOOL not set (see .ci/run)")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.sarif"), filepath.Join(dir, "out.sarif")
	if err := os.WriteFile(in, exampleSARIF(t), 0o644); err != nil {
		t.Fatal(err)
	}
	// The Multitool's exit code does not reflect findings: read its own SARIF report instead.
	cmd := exec.Command(tool, "validate", "--rule-kind", "Sarif;Gh", "--output", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	for _, run := range report.Runs {
		for _, r := range run.Results {
			if r.Level != "note" { // notes are advice such as "add a snippet"
				t.Errorf("Multitool %s %s: %s", r.Level, r.RuleID, r.Message.Text)
			}
		}
		for _, inv := range run.Invocations {
			if !inv.ExecutionSuccessful {
				t.Error("Multitool run did not succeed")
			}
			for _, n := range inv.ToolExecutionNotifications {
				if n.Level != "note" {
					t.Errorf("Multitool notification (%s): %s", n.Level, n.Message.Text)
				}
			}
		}
	}
}
