package lint_test

import (
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// TestRuleCrashIsAFinding: a rule that panics on one file costs only its findings there. The
// crash is an internal-error finding naming the rule and the file, the other rules and files
// still report, and Result.Internal makes the CLI exit 2.
func TestRuleCrashIsAFinding(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"package.json": `{"dependencies": {"convex": "1.0.0"}}`,
		"src/boom.ts":  "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\"; // BOOM\n",
		"src/ok.ts":    "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
	})
	hardcoded, _ := rules.Lookup("hardcoded-client-id")
	boom := &rules.Rule{ID: "test-boom", Severity: rules.Error, Kinds: rules.KindJS, Triggers: []string{"BOOM"},
		CheckFile: func(c *rules.FileContext) { var m map[string]int; m["x"]++ }}
	projectBoom := &rules.Rule{ID: "test-project-boom", Severity: rules.Error, CheckProject: func(*rules.ProjectContext) { panic("project check bug") }}
	res, err := lint.Run(lint.Options{Base: dir, Rules: []*rules.Rule{hardcoded, boom, projectBoom}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.DisplayPath+" "+d.Rule)
	}
	want := "src/boom.ts internal-error|src/boom.ts hardcoded-client-id|src/ok.ts hardcoded-client-id"
	if strings.Join(got, "|") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
	if len(res.Internal) != 2 || !strings.Contains(strings.Join(res.Internal, " "), "rule test-boom panicked: assignment to entry in nil map") ||
		!strings.Contains(strings.Join(res.Internal, " "), "rule test-project-boom panicked: project check bug") {
		t.Errorf("Internal = %v", res.Internal)
	}
	var noticed bool
	for _, n := range res.Notices {
		noticed = noticed || strings.Contains(n.Message, "test-project-boom")
	}
	if !noticed {
		t.Errorf("a project check's crash should be a notice: %v", res.Notices)
	}

}

// TestKeyInFileWithSyntaxError: the key rules read raw text, so a syntax error elsewhere in
// the file does not hide a leaked API key.
func TestKeyInFileWithSyntaxError(t *testing.T) {
	dir := t.TempDir()
	key := "sk_test_" + strings.Repeat("a1B2c3D4", 6)
	writeTree(t, dir, map[string]string{
		"package.json":  `{"dependencies": {"convex": "1.0.0", "@workos-inc/node": "7.0.0"}}`,
		"src/broken.ts": "import { WorkOS } from \"@workos-inc/node\";\nexport const workos = new WorkOS(\"" + key + "\");\nexport const x = ;\n",
	})
	res, err := lint.Run(lint.Options{Base: dir})
	if err != nil {
		t.Fatal(err)
	}
	var rulesSeen []string
	for _, d := range res.Diagnostics {
		rulesSeen = append(rulesSeen, d.Rule)
	}
	if strings.Join(rulesSeen, " ") != "workos-api-key-in-source parse-error" && strings.Join(rulesSeen, " ") != "parse-error workos-api-key-in-source" {
		t.Errorf("findings %v, want the key and the syntax error", rulesSeen)
	}

}
