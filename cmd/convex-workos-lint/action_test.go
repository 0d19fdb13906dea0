package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type actionInput struct {
	Description string  `yaml:"description"`
	Required    bool    `yaml:"required"`
	Default     *string `yaml:"default"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Shell            string            `yaml:"shell"`
	Run              string            `yaml:"run"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

type action struct {
	Name        string                 `yaml:"name"`
	Description string                 `yaml:"description"`
	Author      string                 `yaml:"author"`
	Branding    map[string]string      `yaml:"branding"`
	Inputs      map[string]actionInput `yaml:"inputs"`
	Outputs     map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type workflow struct {
	Name        string            `yaml:"name"`
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		RunsOn      string            `yaml:"runs-on"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []actionStep      `yaml:"steps"`
	} `yaml:"jobs"`
}

func loadYAML(t *testing.T, rel string, v any) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true) // a misspelt key is an error, as it is for GitHub
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return b
}

var (
	exprRE        = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)
	inputRefRE    = regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`)
	stepOutputRE  = regexp.MustCompile(`\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`)
	githubOutputE = regexp.MustCompile(`echo "([A-Za-z0-9_-]+)=[^"]*" >>"\$GITHUB_OUTPUT"`)
)

// TestActionMetadata checks action.yml and the documented workflow against each other: every
// input the steps read is declared and every declared one is read; every output maps to a
// value a step writes; the workflow passes only declared inputs, reads only declared outputs,
// and has the permissions and upload step code scanning needs.
func TestActionMetadata(t *testing.T) {
	var a action
	raw := loadYAML(t, "action.yml", &a)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	wantInputs := []string{"category", "config", "fail-on-findings", "paths"}
	var got []string
	for k := range a.Inputs {
		got = append(got, k)
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(wantInputs, " ") {
		t.Errorf("inputs = %v, want %v", got, wantInputs)
	}
	for name, want := range map[string]string{"paths": ".", "fail-on-findings": "true"} {
		if in := a.Inputs[name]; in.Default == nil || *in.Default != want {
			t.Errorf("input %s: default must be %q", name, want)
		}
	}

	used := map[string]bool{}
	for _, m := range inputRefRE.FindAllStringSubmatch(string(raw), -1) {
		used[m[1]] = true
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
		if !used[name] {
			t.Errorf("input %s is declared but no step reads it", name)
		}
	}
	for name := range used {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("a step reads inputs.%s, which is not declared", name)
		}
	}

	steps := map[string]actionStep{}
	var setupGo, build, lint *actionStep
	for i, s := range a.Runs.Steps {
		if s.ID != "" {
			steps[s.ID] = s
		}
		if s.Run != "" {
			if s.Shell == "" {
				t.Errorf("step %q: a composite run step needs a shell", s.Name)
			}
			if exprRE.MatchString(s.Run) {
				t.Errorf("step %q: expressions belong in env:, not in the script (injection)", s.Name)
			}
		}
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			setupGo = &a.Runs.Steps[i]
		case strings.Contains(s.Run, "go build"):
			build = &a.Runs.Steps[i]
		case s.ID == "lint":
			lint = &a.Runs.Steps[i]
		}
	}
	if setupGo == nil || setupGo.With["go-version-file"] != "${{ github.action_path }}/go.mod" || setupGo.With["cache"] != "false" {
		t.Error("setup-go must read the Go version from the action's own go.mod, with its cache off (it never hits)")
	}
	if build == nil || build.WorkingDirectory != "" || !strings.Contains(build.Run, `cd "$GITHUB_ACTION_PATH"`) || !strings.Contains(build.Run, "./cmd/convex-workos-lint") {
		t.Error(`the build step must build ./cmd/convex-workos-lint after cd "$GITHUB_ACTION_PATH" (the expression is wrong in container jobs)`)
	}
	if r, ok := steps["release"]; !ok || r.Env["ACTION_REF"] != "${{ github.action_ref }}" {
		t.Error("the first step (id: release) must look for the release binary of the action's ref")
	}
	cache, ok := steps["cache"]
	if !ok || !strings.HasPrefix(cache.Uses, "actions/cache@") || !strings.Contains(cache.With["key"], "steps.release.outputs.source-hash") {
		t.Error("the build must be cached (id: cache) by the source hash the release step computes")
	}
	for _, s := range []*actionStep{setupGo, build} {
		if s != nil && s.If != "steps.release.outputs.bin == '' && steps.cache.outputs.cache-hit != 'true'" {
			t.Errorf("step %q runs only without a release binary or a cached build; if = %q", s.Name, s.If)
		}
	}
	if lint == nil || !strings.Contains(lint.Run, "--format sarif") || !strings.Contains(lint.Run, "--category") {
		t.Fatal("the lint step (id: lint) must write SARIF with --category")
	}
	for name, out := range a.Outputs {
		m := stepOutputRE.FindStringSubmatch(out.Value)
		if m == nil {
			t.Errorf("output %s: value %q is not a step output", name, out.Value)
			continue
		}
		s, ok := steps[m[1]]
		if !ok {
			t.Errorf("output %s: no step with id %s", name, m[1])
			continue
		}
		written := false
		for _, w := range githubOutputE.FindAllStringSubmatch(s.Run, -1) {
			written = written || w[1] == m[2]
		}
		if !written {
			t.Errorf("output %s: step %s never writes %s to $GITHUB_OUTPUT", name, m[1], m[2])
		}
	}
	for _, want := range []string{"sarif-file", "exit-code"} {
		if _, ok := a.Outputs[want]; !ok {
			t.Errorf("missing output %s", want)
		}
	}

	// The example workflow, and its copy in the docs.
	var wf workflow
	example := loadYAML(t, "docs/examples/code-scanning.yml", &wf)
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "github-code-scanning.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```yaml\n"+string(example)+"```\n") {
		t.Error("docs/github-code-scanning.md must show docs/examples/code-scanning.yml verbatim in a ```yaml block")
	}
	found := false
	for jobName, job := range wf.Jobs {
		var lintID string
		for _, s := range job.Steps {
			if strings.HasPrefix(s.Uses, "convex-workos-lint/convex-workos-lint@") {
				lintID = s.ID
				for k := range s.With {
					if _, ok := a.Inputs[k]; !ok {
						t.Errorf("job %s: with.%s is not an input of action.yml", jobName, k)
					}
				}
			}
			if !strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
				continue
			}
			found = true
			if !strings.HasSuffix(s.Uses, "@v3") {
				t.Errorf("job %s: upload-sarif should be @v3", jobName)
			}
			m := stepOutputRE.FindStringSubmatch(s.With["sarif_file"])
			if lintID == "" || m == nil || m[1] != lintID || m[2] != "sarif-file" {
				t.Errorf("job %s: sarif_file must be the lint step's sarif-file output, got %q", jobName, s.With["sarif_file"])
			}
			if !strings.Contains(s.If, "!cancelled()") && !strings.Contains(s.If, "always()") {
				t.Errorf("job %s: the upload must also run when the lint step failed on findings", jobName)
			}
		}
		perm := job.Permissions
		if perm == nil {
			perm = wf.Permissions
		}
		if lintID != "" && perm["security-events"] != "write" {
			t.Errorf("job %s: needs permissions security-events: write", jobName)
		}
	}
	if !found {
		t.Error("the example workflow has no github/codeql-action/upload-sarif step")
	}
}

// TestActionScript runs the action's bash steps the way the runner does (bash --noprofile
// --norc -eo pipefail, inputs through env, outputs through $GITHUB_OUTPUT): the build from
// the action's checkout, the lint step, and the fail-on-findings step.
func TestActionScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the linter")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	var a action
	loadYAML(t, "action.yml", &a)
	root := repoRoot(t)
	runnerTemp := t.TempDir()

	// step runs one step with the given inputs in dir; ctx holds the values of other
	// expressions (github.action_ref, steps.*.outputs.*) and env extra environment. It returns
	// the exit code, the outputs and the log.
	step := func(s actionStep, dir string, inputs, ctx map[string]string, env ...string) (int, map[string]string, string) {
		t.Helper()
		eval := func(v string) string {
			return exprRE.ReplaceAllStringFunc(v, func(e string) string {
				x := exprRE.FindStringSubmatch(e)[1]
				if x == "github.action_path" {
					return root
				}
				if v, ok := ctx[x]; ok {
					return v
				}
				if stepOutputRE.MatchString(x) {
					return "" // an output the step did not write
				}
				if m := inputRefRE.FindStringSubmatch(x); m != nil && m[0] == x {
					if v, ok := inputs[m[1]]; ok {
						return v
					}
					if d := a.Inputs[m[1]].Default; d != nil {
						return *d
					}
					return ""
				}
				t.Fatalf("step %q: the test cannot evaluate ${{ %s }}", s.Name, x)
				return ""
			})
		}
		outFile := filepath.Join(t.TempDir(), "github_output")
		script := filepath.Join(t.TempDir(), "step.sh")
		if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = dir
		if s.WorkingDirectory != "" {
			cmd.Dir = eval(s.WorkingDirectory)
		}
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runnerTemp, "GITHUB_OUTPUT="+outFile, "GITHUB_ACTION_PATH="+root,
			"RUNNER_OS="+runnerOS(), "RUNNER_ARCH="+runnerArch())
		cmd.Env = append(cmd.Env, env...)
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+eval(v))
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		outputs := map[string]string{}
		b, _ := os.ReadFile(outFile)
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outputs[k] = v
			}
		}
		return code, outputs, string(out)
	}
	byName := map[string]actionStep{}
	for _, s := range a.Runs.Steps {
		byName[s.Name] = s
	}
	releaseStep, buildStep := byName["Find the release binary"], byName["Build convex-workos-lint"]
	lintStep, failStep := byName["Run convex-workos-lint"], byName["Fail on findings"]
	if releaseStep.Run == "" || buildStep.Run == "" || lintStep.Run == "" || failStep.Run == "" {
		t.Fatal("action.yml: expected the steps Find the release binary, Build convex-workos-lint, Run convex-workos-lint, Fail on findings")
	}
	// The fail step's condition is evaluated here in Go; pin its text so the two cannot drift.
	if failStep.If != "inputs.fail-on-findings == 'true' && steps.lint.outputs.exit-code == '1'" {
		t.Fatalf("Fail on findings: if = %q; update this test with it", failStep.If)
	}
	failRuns := func(inputs, outputs map[string]string) bool {
		v, ok := inputs["fail-on-findings"]
		if !ok {
			v = *a.Inputs["fail-on-findings"].Default
		}
		return v == "true" && outputs["exit-code"] == "1"
	}

	// At a branch ref there is no release binary: the step computes the build's cache key.
	code, rel, out := step(releaseStep, root, nil, map[string]string{"github.action_ref": "main"})
	if code != 0 || rel["bin"] != "" || len(rel["source-hash"]) != 64 {
		t.Fatalf("release step at a branch: exit %d, outputs %v\n%s", code, rel, out)
	}
	if code, _, out := step(buildStep, root, nil, nil); code != 0 {
		t.Fatalf("build step: exit %d\n%s", code, out)
	}

	ws := t.TempDir() // the checked-out repository
	writeFiles(t, ws, map[string]string{
		"apps/web/package.json":     `{"dependencies": {"convex": "1.0.0"}}`,
		"apps/web/src/a.ts":         "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		"apps/api/package.json":     `{"dependencies": {"convex": "1.0.0"}}`,
		"apps/api/src/b.ts":         "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		"apps/clean/package.json":   `{"dependencies": {"convex": "1.0.0"}}`,
		"apps/clean/src/c.ts":       "export const x = 1;\n",
		"relaxed.json":              `{"rules": {"hardcoded-client-id": "warn"}}`,
		"bad.json":                  `{"rules": {"no-such-rule": "off"}}`,
		".convex-workos-lint.json":  `{}`,
		"apps/web/src/unrelated.md": "not linted\n",
	})

	type sarifLog struct {
		Version string `json:"version"`
		Runs    []struct {
			AutomationDetails *struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	readSARIF := func(path string) (sarifLog, []string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("sarif-file: %v", err)
		}
		var l sarifLog
		if err := json.Unmarshal(b, &l); err != nil || l.Version != "2.1.0" || len(l.Runs) != 1 {
			t.Fatalf("not a SARIF 2.1.0 log with one run (%v):\n%s", err, b)
		}
		var uris []string
		for _, r := range l.Runs[0].Results {
			uris = append(uris, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
		return l, uris
	}

	// Defaults: the whole repository, findings fail the action after the SARIF is written.
	code, outputs, log := step(lintStep, ws, nil, nil)
	if code != 0 || outputs["exit-code"] != "1" || outputs["sarif-file"] == "" {
		t.Fatalf("defaults: step exit %d, outputs %v\n%s", code, outputs, log)
	}
	mustContain(t, log, "apps/web/src/a.ts:1:20: error:", "apps/api/src/b.ts:1:20: error:") // the text log
	l, uris := readSARIF(outputs["sarif-file"])
	if strings.Join(uris, " ") != "apps/api/src/b.ts apps/web/src/a.ts" || l.Runs[0].AutomationDetails != nil {
		t.Errorf("defaults: results %v, automationDetails %v", uris, l.Runs[0].AutomationDetails)
	}
	if !failRuns(nil, outputs) {
		t.Error("defaults: findings must fail the action")
	}
	if code, _, out := step(failStep, ws, nil, nil); code != 1 || !strings.Contains(out, "::error title=convex-workos-lint::") {
		t.Errorf("Fail on findings: exit %d, want 1 with an error annotation\n%s", code, out)
	}
	first := outputs["sarif-file"]

	// Paths separated by newlines and spaces, a category, fail-on-findings off.
	in := map[string]string{"paths": "apps/web\napps/clean  ", "category": "web", "fail-on-findings": "false"}
	code, outputs, log = step(lintStep, ws, in, nil)
	if code != 0 || outputs["exit-code"] != "1" {
		t.Fatalf("paths: step exit %d, outputs %v\n%s", code, outputs, log)
	}
	if outputs["sarif-file"] == first {
		t.Error("two runs wrote the same SARIF file")
	}
	l, uris = readSARIF(outputs["sarif-file"])
	if strings.Join(uris, " ") != "apps/web/src/a.ts" || l.Runs[0].AutomationDetails == nil || l.Runs[0].AutomationDetails.ID != "web/" {
		t.Errorf("paths: results %v, automationDetails %+v", uris, l.Runs[0].AutomationDetails)
	}
	if failRuns(in, outputs) {
		t.Error(`fail-on-findings "false" must not fail the action`)
	}

	// A config that turns the errors into warnings: exit code 0, findings still in the SARIF.
	code, outputs, log = step(lintStep, ws, map[string]string{"config": "relaxed.json"}, nil)
	if code != 0 || outputs["exit-code"] != "0" {
		t.Fatalf("config: step exit %d, outputs %v\n%s", code, outputs, log)
	}
	if _, uris = readSARIF(outputs["sarif-file"]); len(uris) != 2 {
		t.Errorf("config: results %v, want the two findings as warnings", uris)
	}

	// A broken config: the step itself fails, and there is no SARIF to upload.
	code, outputs, log = step(lintStep, ws, map[string]string{"config": "bad.json", "fail-on-findings": "false"}, nil)
	if code != 2 || outputs["exit-code"] != "2" || outputs["sarif-file"] != "" {
		t.Errorf("bad config: step exit %d, outputs %v, want exit 2 and no sarif-file\n%s", code, outputs, log)
	}
	mustContain(t, log, `unknown rule "no-such-rule"`)

	// At a release ref, the release's binary for this platform is used, after its checksum.
	needRelease := runnerOS() != "" && runnerArch() != ""
	if !needRelease {
		return
	}
	const v = "9.8.7"
	releases := t.TempDir()
	dist := filepath.Join(releases, "v"+v)
	releaseVersion(t, v, dist, runtime.GOOS+"/"+runtime.GOARCH)
	env := "CWL_RELEASE_BASE_URL=file://" + releases
	code, rel, out = step(releaseStep, root, nil, map[string]string{"github.action_ref": "v" + v}, env)
	if code != 0 || rel["bin"] == "" || rel["source-hash"] != "" {
		t.Fatalf("release step at v%s: exit %d, outputs %v\n%s", v, code, rel, out)
	}
	code, outputs, log = step(lintStep, ws, nil, map[string]string{"steps.release.outputs.bin": rel["bin"]})
	if code != 0 || outputs["exit-code"] != "1" {
		t.Fatalf("lint with the release binary: step exit %d, outputs %v\n%s", code, outputs, log)
	}
	mustContain(t, log, "convex-workos-lint "+v+"\n", "apps/web/src/a.ts:1:20: error:")

	// A release with no binary for this ref: a notice, and the build from source.
	code, rel, out = step(releaseStep, root, nil, map[string]string{"github.action_ref": "v9.9.9"}, env)
	if code != 0 || rel["bin"] != "" || rel["source-hash"] == "" || !strings.Contains(out, "::notice") {
		t.Errorf("release step with no release: exit %d, outputs %v\n%s", code, rel, out)
	}
	// A binary that does not match checksums.txt is never run.
	sums := filepath.Join(dist, "checksums.txt")
	b, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sums, []byte(strings.Repeat("0", 64)+string(b[64:])), 0o644); err != nil {
		t.Fatal(err)
	}
	code, rel, out = step(releaseStep, root, nil, map[string]string{"github.action_ref": "v" + v}, env)
	if code != 2 || rel["bin"] != "" || !strings.Contains(out, "does not match") {
		t.Errorf("tampered release: exit %d, outputs %v, want exit 2 and no binary\n%s", code, rel, out)
	}
}

// runnerOS and runnerArch are what GitHub's runners set for this machine ("" where they have none).
func runnerOS() string {
	return map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
}

func runnerArch() string {
	return map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
}
