package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// ciRepo is a git repository whose app lives in apps/web, linted from there as a monorepo's CI
// job does: one finding in a committed file's new line, one in an untracked file.
func ciRepo(t *testing.T) (app string, env []string) {
	t.Helper()
	tmp := t.TempDir()
	env = preCommitEnv(t, tmp)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = tmp, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	writeFiles(t, tmp, map[string]string{
		"apps/web/package.json": `{"dependencies": {"convex": "1.0.0"}}` + "\n",
		"apps/web/src/a.ts":     "export const ok = 1;\n",
	})
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "init")
	writeFiles(t, tmp, map[string]string{
		"apps/web/src/a.ts":   "export const ok = 1;\nexport const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		"apps/web/src/old.ts": "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
	})
	return filepath.Join(tmp, "apps", "web"), env
}

func lintIn(t *testing.T, dir string, env []string, args ...string) []byte {
	t.Helper()
	bin := filepath.Join(strings.SplitN(linterOnPath(t), string(os.PathListSeparator), 2)[0], "convex-workos-lint")
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("convex-workos-lint %s: %v (want exit 1)\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestGitLabReportFromSubdirectory validates a real run's --format gitlab against the schema
// of GitLab's documented format (report/testdata): paths from the repository root, as GitLab
// resolves them, even when the linter runs in apps/web.
func TestGitLabReportFromSubdirectory(t *testing.T) {
	app, env := ciRepo(t)
	out := lintIn(t, app, env, "--format", "gitlab")
	validateGitLab(t, out)
	var issues []struct {
		Fingerprint string
		Location    struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	json.Unmarshal(out, &issues)
	if len(issues) != 2 || issues[0].Location.Path != "apps/web/src/a.ts" || issues[0].Location.Lines.Begin != 2 ||
		issues[1].Location.Path != "apps/web/src/old.ts" || issues[0].Fingerprint == issues[1].Fingerprint {
		t.Errorf("issues %+v, want apps/web/src/a.ts:2 and apps/web/src/old.ts with distinct fingerprints\n%s", issues, out)
	}
}

// TestReadmeGitLabJob runs the README's .gitlab-ci.yml job script (the linter in place of npx)
// and checks that the file it writes is the one the job uploads as its Code Quality report, and
// a valid one.
func TestReadmeGitLabJob(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(convex-workos-lint:\n.*?)```").FindSubmatch(bytes.ReplaceAll(readme, []byte("\n  "), []byte("\n")))
	if m == nil {
		t.Fatal("README has no GitLab CI job (a yaml block starting with `convex-workos-lint:`)")
	}
	var jobs map[string]struct {
		Script    []string
		Artifacts struct {
			When    string
			Reports struct{ Codequality string }
		}
	}
	if err := yaml.Unmarshal(m[1], &jobs); err != nil {
		t.Fatalf("README's GitLab job: %v\n%s", err, m[1])
	}
	job := jobs["convex-workos-lint"]
	if len(job.Script) != 1 || job.Artifacts.When != "always" || job.Artifacts.Reports.Codequality == "" {
		t.Fatalf("job %+v: want one script line, artifacts.when always, reports.codequality", job)
	}
	args := strings.Fields(job.Script[0])
	if len(args) < 2 || args[0] != "npx" || args[1] != "convex-workos-lint" {
		t.Fatalf("script %q: want npx convex-workos-lint …", job.Script[0])
	}
	app, env := ciRepo(t)
	lintIn(t, app, env, args[2:]...)
	out, err := os.ReadFile(filepath.Join(app, job.Artifacts.Reports.Codequality))
	if err != nil {
		t.Fatalf("the script did not write the report the job uploads: %v", err)
	}
	validateGitLab(t, out)
}

func validateGitLab(t *testing.T, out []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "report", "testdata", "gitlab-code-quality.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("gitlab.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("gitlab.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("GitLab would refuse the report: %v\n%s", err, out)
	}
}

// TestCheckstyleThroughReviewdog pipes a real run's --format checkstyle into reviewdog the way
// a CI job does (`reviewdog -f=checkstyle -diff="git diff"`, installed by .ci/run): reviewdog
// must place the finding on the changed line of the git diff, from the linter's own directory.
func TestCheckstyleThroughReviewdog(t *testing.T) {
	bin := os.Getenv("REVIEWDOG")
	if bin == "" {
		bin = filepath.Join(repoRoot(t), ".ci", ".tools", "bin", "reviewdog")
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("reviewdog missing (%v): .ci/run installs it into .ci/.tools/bin", err)
		}
		t.Skipf("%s missing (see .ci/run)", bin)
	}
	app, env := ciRepo(t)
	report := lintIn(t, app, env, "--format", "checkstyle")
	cmd := exec.Command(bin, "-f=checkstyle", "-reporter=local", "-diff=git diff", "-fail-level=any")
	cmd.Dir, cmd.Env, cmd.Stdin = app, env, bytes.NewReader(report)
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("reviewdog: %v (want exit 1: a finding on a changed line)\n%s", err, out)
	}
	// old.ts is untracked, so not in the diff: reviewdog filters it out, as it would in a PR.
	want := "src/a.ts:2:20: error: WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded"
	if !strings.Contains(string(out), want) || strings.Contains(string(out), "old.ts") {
		t.Errorf("reviewdog printed:\n%s\nwant %q and nothing about old.ts", out, want)
	}
}
