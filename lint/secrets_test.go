package lint_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/report"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
	"github.com/convex-workos-lint/convex-workos-lint/sarif"
)

// Real-looking secrets (WorkOS-shaped keys, random passwords) made up for these tests.
const (
	rawLiveKey     = "sk_live_a2V5XzAxSFhZWjdLMk0zTjRQNVE2UjdTOFQ5VldYLExxM3ZUbTlaelIycFc4a0Q0c0Y2aEoxbkI1Y0c3eQ"
	rawTestKey     = "sk_test_a2V5XzAxSjBRV1JURTdLMk0zTjRQNVE2UjdTOFQ5LFByN2JOMnhLcTh3RTV0WTN1STlvQTZzRDFmR2hKaw"
	rawShortPass   = "Tr0ub4dor-3-shortpw"
	rawLongPass    = "Zq8vN3kT7wR2mX5pL9cB4hJ6fD1sG0yA-long"
	fixtureClient  = "client_01HXYZ7K2M3N4P5Q6R7S8T9VWX"
	maskedLiveTail = "c3eQ"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSecretsMaskedInEveryFormat lints a project that holds a live key and cookie passwords in
// source, env files, JSON and YAML, and checks that no output format carries them whole.
func TestSecretsMaskedInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"package.json": `{"dependencies": {"next": "15.0.0", "@workos-inc/node": "7.0.0"}}`,
		"src/workos.ts": "import { WorkOS } from \"@workos-inc/node\";\n" +
			"export const workos = new WorkOS(\"" + rawLiveKey + "\");\n" +
			"export const session = { cookiePassword: \"" + rawLongPass + "\" };\n",
		"app/provider.tsx": "'use client';\nexport const k = process.env.WORKOS_API_KEY;\n",
		".env": "WORKOS_API_KEY=" + rawLiveKey + "\n" +
			"WORKOS_COOKIE_PASSWORD=" + rawShortPass + "\n" +
			"NEXT_PUBLIC_WORKOS_API_KEY=" + rawLiveKey + "\n" +
			"NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=" + rawLongPass + "\n" +
			"WORKOS_REDIRECT_URI=http://localhost:3000/callback\n",
		".env.local":         "WORKOS_API_KEY=" + rawLiveKey + "\nWORKOS_CLIENT_ID=" + fixtureClient + "\n",
		".env.production":    "WORKOS_API_KEY=" + rawTestKey + "\nWORKOS_CLIENT_ID=" + fixtureClient + "\n",
		".env.example":       "WORKOS_API_KEY=" + rawLiveKey + "\n",
		"config/workos.json": `{"workos": {"apiKey": "` + rawLiveKey + `", "cookiePassword": "` + rawLongPass + `"}}`,
		"deploy.yml":         "env:\n  WORKOS_API_KEY: " + rawTestKey + "\n  WORKOS_COOKIE_PASSWORD: " + rawShortPass + "\n",
	})
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}

	fired := map[string]bool{}
	for _, d := range res.Diagnostics {
		fired[d.Rule] = true
	}
	for _, id := range []string{"workos-api-key-in-source", "workos-secret-exposed-to-client", "cookie-password-too-short",
		"mixed-workos-environment", "env-file-not-gitignored", "shared-dev-prod-client-id"} {
		if !fired[id] {
			t.Errorf("%s did not fire: the check would prove nothing about its messages", id)
		}
	}

	outputs := map[string]*bytes.Buffer{"text": {}, "json": {}, "github": {}, "sarif": {}}
	for name, p := range map[string]report.Printer{"text": report.Text{}, "json": report.JSON{}, "github": report.GitHub{}} {
		if err := p.Print(outputs[name], res.Diagnostics); err != nil {
			t.Fatal(err)
		}
	}
	err = sarif.Write(outputs["sarif"], sarif.Options{
		ToolVersion: "0.0.0-test", Rules: rules.All(), Diagnostics: res.Diagnostics, LineText: res.LineText,
	})
	if err != nil {
		t.Fatal(err)
	}

	secrets := map[string]string{
		"live key": rawLiveKey, "test key": rawTestKey, "live key body": rawLiveKey[len("sk_live_"):],
		"test key body": rawTestKey[len("sk_test_"):], "short password": rawShortPass, "long password": rawLongPass,
	}
	for format, out := range outputs {
		s := out.String()
		if !strings.Contains(s, "sk_live_…"+maskedLiveTail) {
			t.Errorf("%s output has no masked key (sk_live_…%s); did the printer run?", format, maskedLiveTail)
		}
		for what, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%s output contains the raw %s", format, what)
			}
		}
	}
}

// TestEnvFileNotGitignoredAgreesWithGit builds a real git repository with nested .gitignore
// files, negation, anchoring and info/exclude, and checks that env-file-not-gitignored reports
// exactly the env files that `git check-ignore` says are not ignored.
func TestEnvFileNotGitignoredAgreesWithGit(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) error {
		cmd := exec.Command(gitBin, append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "XDG_CONFIG_HOME="+dir)
		return cmd.Run()
	}
	if err := git("init", "-q"); err != nil {
		t.Fatalf("git init: %v", err)
	}
	secret := "WORKOS_API_KEY=" + rawTestKey + "\n"
	envFiles := []string{
		".env", ".env.local", ".env.production",
		"apps/web/.env", "apps/web/.env.local", "apps/web/.env.production", "apps/web/.env.development",
		"apps/api/.env", "apps/api/.env.local", "apps/api/.env.test",
		"keep/.env.local", "secrets/.env", "nested/deep/.env.staging", "nested/.env.development.local",
	}
	files := map[string]string{
		"package.json":           `{"name": "repo"}`,
		".gitignore":             "# root rules\n/.env\n.env*.local\nsecrets/\n!keep/.env.local\n",
		"apps/web/package.json":  `{"name": "web"}`,
		"apps/web/.gitignore":    "!.env.local\n.env.production\n",
		"nested/deep/.gitignore": "*\n!.gitignore\n",
	}
	for _, f := range envFiles {
		files[f] = secret
	}
	writeTree(t, dir, files)
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), []byte("apps/api/.env.test\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	rule, ok := rules.Lookup("env-file-not-gitignored")
	if !ok {
		t.Fatal("env-file-not-gitignored is not registered")
	}
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}, Rules: []*rules.Rule{rule}})
	if err != nil {
		t.Fatal(err)
	}
	reported := map[string]bool{}
	for _, d := range res.Diagnostics {
		if d.Rule == rule.ID {
			reported[d.DisplayPath] = true
		}
	}

	var ignored, notIgnored []string
	for _, f := range envFiles {
		err := git("check-ignore", "-q", f)
		var exit *exec.ExitError
		switch {
		case err == nil:
			ignored = append(ignored, f)
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			notIgnored = append(notIgnored, f)
		default:
			t.Fatalf("git check-ignore %s: %v", f, err)
		}
		if got, want := reported[f], err != nil; got != want {
			t.Errorf("%s: reported=%v, but git check-ignore says ignored=%v", f, got, err == nil)
		}
	}
	sort.Strings(ignored)
	sort.Strings(notIgnored)
	if len(ignored) == 0 || len(notIgnored) == 0 {
		t.Fatalf("vacuous repository: ignored %v, not ignored %v", ignored, notIgnored)
	}
	t.Logf("ignored: %v; reported: %v", ignored, notIgnored)
}
