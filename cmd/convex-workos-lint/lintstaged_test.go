package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// readmeLintStaged is the README's lint-staged recipe: the "lint-staged" object of its
// package.json snippet.
func readmeLintStaged(t *testing.T) map[string]string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		body := strings.TrimSpace(m[1])
		if !strings.HasPrefix(body, `"lint-staged"`) {
			continue
		}
		var recipe struct {
			LintStaged map[string]string `json:"lint-staged"`
		}
		if err := json.Unmarshal([]byte("{"+body+"}"), &recipe); err != nil {
			t.Fatalf("README's lint-staged snippet: %v", err)
		}
		return recipe.LintStaged
	}
	t.Fatal(`README has no json block starting with "lint-staged"`)
	return nil
}

// TestLintStaged runs the README's recipe with the real lint-staged (npm, pinned in .ci/run) as
// the pre-commit hook husky or simple-git-hooks installs: which staged files its globs pass to
// the linter, and a commit refused with the linter's findings, then allowed once fixed.
func TestLintStaged(t *testing.T) {
	dir := os.Getenv("LINT_STAGED_MODULE")
	if dir == "" {
		dir = filepath.Join(repoRoot(t), ".ci", ".tools", "node_modules", "lint-staged")
	}
	script := filepath.Join(dir, "bin", "lint-staged.js")
	_, errNode := exec.LookPath("node")
	_, errPkg := os.Stat(script)
	if errNode != nil || errPkg != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node or lint-staged missing (%v, %v): .ci/run installs it into .ci/.tools", errNode, errPkg)
		}
		t.Skipf("node or %s missing (see .ci/run)", script)
	}
	recipe := readmeLintStaged(t)
	pkg, _ := json.Marshal(map[string]any{
		"dependencies": map[string]string{"convex": "1.0.0", "next": "15.0.0"},
		"lint-staged":  recipe,
	})

	tmp := t.TempDir()
	app := filepath.Join(tmp, "app")
	env := preCommitEnv(t, tmp)
	run := func(wantOK bool, path string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = app, append(env, "PATH="+path)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		if wantOK != (err == nil) {
			t.Fatalf("%s %s: %v, want success %v\n%s", name, strings.Join(args, " "), err, wantOK, out)
		}
		// Under CI=true lint-staged colours its tasks' output (FORCE_COLOR), and the linter follows.
		return ansi.ReplaceAllString(string(out), "")
	}
	writeFiles(t, app, map[string]string{
		"package.json":       string(pkg) + "\n",
		"convex/messages.ts": "export const list = 1;\n",
		"src/config.ts":      "export const siteName = \"demo\";\n",
		".git-hook":          "#!/bin/sh\nexec node " + shellQuote(script) + "\n",
	})
	sysPath := os.Getenv("PATH")
	run(true, sysPath, "git", "init", "-q")
	run(true, sysPath, "git", "add", "-A")
	run(true, sysPath, "git", "commit", "-q", "-m", "initial")
	hook := filepath.Join(app, ".git", "hooks", "pre-commit")
	if err := os.Rename(filepath.Join(app, ".git-hook"), hook); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(hook, 0o755); err != nil {
		t.Fatal(err)
	}

	// 1. Which staged files reach the linter, in how many runs: a stand-in linter records its
	// arguments. Every file kind the linter reads is passed, nothing else is, and all in one
	// run (lint-staged runs globs concurrently and kills the others when one fails, so a second
	// glob would hide its findings; one run also loads the project once).
	shim := t.TempDir()
	argsLog := filepath.Join(shim, "args")
	writeFiles(t, shim, map[string]string{"convex-workos-lint": "#!/bin/sh\nprintf '%s\\n' \"$@\" -- >> " + shellQuote(argsLog) + "\n"})
	os.Chmod(filepath.Join(shim, "convex-workos-lint"), 0o755)
	read := []string{"convex/auth.config.ts", "app/page.tsx", "lib/a.mts", "lib/b.cts", "src/c.js", "src/d.jsx",
		"src/e.mjs", "src/f.cjs", ".env", ".env.local", "apps/web/.env.production.local", "apps/web/package.json",
		"convex.json", "vercel.json", ".github/workflows/ci.yml", "fly.toml", "docker-compose.yaml"}
	skipped := []string{"README.md", "go.mod", "logo.png", "src/styles.css"}
	files := map[string]string{}
	for _, p := range append(slices.Clone(read), skipped...) {
		if _, ok := project.KindOf(p); ok != slices.Contains(read, p) {
			t.Fatalf("sample %s: project.KindOf says %v; fix the test", p, ok)
		}
		files[p] = "x\n"
	}
	writeFiles(t, app, files)
	run(true, sysPath, "git", "add", "-A")
	run(true, shim+string(os.PathListSeparator)+sysPath, "node", script)
	logged, err := os.ReadFile(argsLog)
	if err != nil {
		t.Fatalf("lint-staged ran no linter: %v", err)
	}
	runs := strings.Split(strings.TrimSuffix(string(logged), "--\n"), "--\n")
	if len(runs) != 1 {
		t.Errorf("lint-staged ran the linter %d times, want once for all staged files:\n%s", len(runs), logged)
	}
	var passed []string
	for _, a := range strings.Fields(string(logged)) {
		if a == "--" || a == "--force-exclude" {
			continue
		}
		rel, err := filepath.Rel(app, a)
		if err != nil || !filepath.IsAbs(a) {
			t.Errorf("argument %q: want the staged file's absolute path", a)
			continue
		}
		passed = append(passed, filepath.ToSlash(rel))
	}
	if !strings.Contains(string(logged), "--force-exclude\n") {
		t.Errorf("the recipe must pass --force-exclude (the config's ignore globs):\n%s", logged)
	}
	for _, p := range read {
		if !slices.Contains(passed, p) {
			t.Errorf("the recipe's globs %v skip %s, which the linter reads", keys(recipe), p)
		}
	}
	for _, p := range skipped {
		if slices.Contains(passed, p) {
			t.Errorf("the recipe's globs pass %s, which the linter does not read", p)
		}
	}
	run(true, sysPath, "git", "reset", "-q", "--hard")
	run(true, sysPath, "git", "clean", "-qfd")

	// 2. The real linter as the hook: a staged source file and a staged .env with mistakes in
	// both; git commit is refused, and every finding is shown.
	linter := linterOnPath(t)
	writeFiles(t, app, map[string]string{
		"src/config.ts": "export const clientId = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		".env":          "WORKOS_COOKIE_PASSWORD=Qz7pW2v\n",
	})
	run(true, sysPath, "git", "add", "src/config.ts", ".env")
	out := run(false, linter, "git", "commit", "-m", "hardcode the client ID")
	mustContain(t, out,
		"src/config.ts:1:26: error: WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded",
		".env:1:24: error: WORKOS_COOKIE_PASSWORD in .env is 7 characters long",
		"[env-file-not-gitignored]")
	if strings.Contains(out, "Qz7pW2v") {
		t.Errorf("the cookie password is printed:\n%s", out)
	}
	if n := strings.TrimSpace(run(true, sysPath, "git", "rev-list", "--count", "HEAD")); n != "1" {
		t.Fatalf("the commit with mistakes was made (%s commits)", n)
	}

	// 3. Fixed: the client ID from the environment, no secret in the committed .env.
	writeFiles(t, app, map[string]string{
		"src/config.ts": "export const clientId = process.env.WORKOS_CLIENT_ID ?? \"\";\n",
		".env":          "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n",
	})
	run(true, sysPath, "git", "add", "src/config.ts", ".env")
	run(true, linter, "git", "commit", "-m", "read the client ID from the environment")
	if n := strings.TrimSpace(run(true, sysPath, "git", "rev-list", "--count", "HEAD")); n != "2" {
		t.Fatalf("the fixed commit was not made (%s commits)", n)
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
