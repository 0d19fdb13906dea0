package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	"gopkg.in/yaml.v3"
)

// repoRoot is the root of this repository (the test runs in cmd/convex-workos-lint).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

type preCommitHook struct {
	ID            string `yaml:"id"`
	Name          string `yaml:"name"`
	Language      string `yaml:"language"`
	Entry         string `yaml:"entry"`
	Files         string `yaml:"files"`
	Exclude       string `yaml:"exclude"`
	PassFilenames *bool  `yaml:"pass_filenames"`
	RequireSerial bool   `yaml:"require_serial"`
	// AdditionalDependencies pins the npm package of the node hooks.
	AdditionalDependencies []string `yaml:"additional_dependencies"`
}

func loadHooks(t *testing.T) map[string]preCommitHook {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	byID := map[string]preCommitHook{}
	for _, h := range hooks {
		byID[h.ID] = h
	}
	return byID
}

// TestPreCommitManifest checks the hook definitions without running pre-commit: the files
// regex selects exactly what the linter reads (project.KindOf), and the settings that make
// a per-file run correct are there.
func TestPreCommitManifest(t *testing.T) {
	hooks := loadHooks(t)
	h, ok := hooks["convex-workos-lint"]
	if !ok {
		t.Fatal(`no hook with id "convex-workos-lint"`)
	}
	if h.Language != "golang" {
		t.Errorf("language = %q, want golang", h.Language)
	}
	if f := strings.Fields(h.Entry); len(f) == 0 || f[0] != "convex-workos-lint" {
		t.Errorf("entry = %q, want the binary that `go install ./...` builds from cmd/convex-workos-lint", h.Entry)
	}
	if !h.RequireSerial {
		t.Error("require_serial must be true: one process loads the project context once")
	}
	if h.PassFilenames != nil && !*h.PassFilenames {
		t.Error("the per-file hook must pass filenames")
	}
	if all, ok := hooks["convex-workos-lint-all"]; !ok || all.PassFilenames == nil || *all.PassFilenames {
		t.Error(`hook "convex-workos-lint-all" must exist with pass_filenames: false`)
	}

	for id, h := range hooks {
		files, err := regexp.Compile(h.Files) // pre-commit uses Python's re.search; this subset is the same in RE2
		if err != nil {
			t.Fatalf("%s: files: %v", id, err)
		}
		exclude, err := regexp.Compile(h.Exclude)
		if err != nil {
			t.Fatalf("%s: exclude: %v", id, err)
		}
		selected := func(p string) bool { return files.MatchString(p) && (h.Exclude == "" || !exclude.MatchString(p)) }
		for _, p := range []string{
			"convex/auth.config.ts", "app/page.tsx", "lib/a.mts", "lib/b.cts", "src/c.js", "src/d.jsx",
			"src/e.mjs", "src/f.cjs", ".env", ".env.local", "apps/web/.env.production.local",
			"package.json", "apps/web/package.json", "convex.json", "vercel.json", ".github/workflows/ci.yml",
			"fly.toml", "docker-compose.yaml",
		} {
			if _, ok := project.KindOf(p); !ok {
				t.Errorf("%s: sample %s is not a file the linter reads; fix the test", id, p)
			}
			if !selected(p) {
				t.Errorf("%s: files/exclude skip %s, which the linter reads", id, p)
			}
		}
		for _, p := range []string{
			"README.md", "go.mod", "Makefile", "logo.png", ".envrc", "src/env.ts.snap",
			"convex/_generated/api.js", "node_modules/convex/package.json", "web/node_modules/x/index.ts",
		} {
			if selected(p) {
				t.Errorf("%s: files/exclude select %s, which the linter does not lint", id, p)
			}
		}
	}

	// The node hooks are the golang hooks run from the npm package: same settings, and one
	// exact, pinned package version, the release the README's snippet pins.
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rev := regexp.MustCompile(`(?m)^\s+rev: (v\d+\.\d+\.\d+)\b`).FindStringSubmatch(string(readme))
	if rev == nil {
		t.Fatal("README's pre-commit snippet pins no release tag (rev: vX.Y.Z)")
	}
	for goID, nodeID := range map[string]string{"convex-workos-lint": "convex-workos-lint-node", "convex-workos-lint-all": "convex-workos-lint-node-all"} {
		g, n := hooks[goID], hooks[nodeID]
		if n.Language != "node" {
			t.Errorf("%s: language = %q, want node", nodeID, n.Language)
		}
		if n.Entry != g.Entry || n.Files != g.Files || n.Exclude != g.Exclude || n.RequireSerial != g.RequireSerial ||
			(n.PassFilenames == nil) != (g.PassFilenames == nil) || n.PassFilenames != nil && *n.PassFilenames != *g.PassFilenames {
			t.Errorf("%s must run exactly like %s (entry, files, exclude, pass_filenames, require_serial)", nodeID, goID)
		}
		if want := "convex-workos-lint@" + strings.TrimPrefix(rev[1], "v"); len(n.AdditionalDependencies) != 1 || n.AdditionalDependencies[0] != want {
			t.Errorf("%s: additional_dependencies = %v, want [%s] (the release the README pins)", nodeID, n.AdditionalDependencies, want)
		}
	}

	if _, err := exec.LookPath("pre-commit"); err == nil {
		out, err := exec.Command("pre-commit", "validate-manifest", filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml")).CombinedOutput()
		if err != nil {
			t.Errorf("pre-commit validate-manifest: %v\n%s", err, out)
		}
	}
}

// TestGoInstallBuildsOnlyTheCLI: pre-commit's golang hooks run `go install ./...` in this
// repository, so the main module must hold exactly one command. The benchmark helper builds with
// -tags bench, and the release tool is a module of its own.
func TestGoInstallBuildsOnlyTheCLI(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, "./...")
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if got := strings.Fields(string(out)); len(got) != 1 || got[0] != "github.com/convex-workos-lint/convex-workos-lint/cmd/convex-workos-lint" {
		t.Errorf("commands that go install ./... builds: %v, want only cmd/convex-workos-lint", got)
	}
}

// TestPreCommit runs the real pre-commit with this repository as the hook repository: it
// builds the hook with `go install ./...` (language: golang), then lints a user repository's
// staged files from `pre-commit try-repo` and from `git commit` with the hook installed.
func TestPreCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: pre-commit builds the linter")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not installed (CI installs the Debian package pre-commit: see .ci/run)")
		}
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()

	tmp := t.TempDir()
	env := preCommitEnv(t, tmp)
	run := func(dir string, wantOK bool, name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if wantOK && err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		if !wantOK && err == nil {
			t.Fatalf("%s %s succeeded, want a failure\n%s", name, strings.Join(args, " "), out)
		}
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	// The hook repository: this working tree as it is (tracked files plus untracked files that
	// are not ignored), committed into a fresh repository. The real .git is only read.
	hookRepo := filepath.Join(tmp, "hook")
	copyWorkingTree(t, repoRoot(t), hookRepo)
	run(hookRepo, true, "git", "init", "-q")
	run(hookRepo, true, "git", "add", "-A")
	run(hookRepo, true, "git", "commit", "-q", "-m", "hook repository under test")
	rev := strings.TrimSpace(run(hookRepo, true, "git", "rev-parse", "HEAD"))

	// The user's repository: a Convex app with the hook configured.
	app := filepath.Join(tmp, "app")
	writeFiles(t, app, map[string]string{
		"package.json":       `{"dependencies": {"convex": "1.0.0", "next": "15.0.0"}}` + "\n",
		"convex/messages.ts": "export const list = 1;\n",
		"src/config.ts":      "export const siteName = \"demo\";\n",
		"src/other.ts":       "export const other = 1;\n",
		".pre-commit-config.yaml": "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n" +
			"    hooks:\n      - id: convex-workos-lint\n",
	})
	run(app, true, "git", "init", "-q")
	run(app, true, "git", "add", "-A")
	run(app, true, "git", "commit", "-q", "-m", "initial")
	commits := func() string { return strings.TrimSpace(run(app, true, "git", "rev-list", "--count", "HEAD")) }

	const finding = "src/config.ts:1:26: error: WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded"

	// 1. try-repo on the staged files (no --files: what a commit would check). The first run
	// installs the hook environment: one Go build, shared by everything below.
	writeFiles(t, app, map[string]string{"src/config.ts": "export const clientId = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n"})
	run(app, true, "git", "add", "src/config.ts")
	out := run(app, false, "pre-commit", "try-repo", hookRepo, "convex-workos-lint")
	mustContain(t, out, finding, "[hardcoded-client-id]", "- exit code: 1")

	// 2. A real commit with the hook installed is refused, with the finding.
	run(app, true, "pre-commit", "install")
	before := commits()
	out = run(app, false, "git", "commit", "-m", "hardcode the client ID")
	mustContain(t, out, finding)
	if commits() != before {
		t.Fatal("the commit with a mistake was made")
	}

	// 3. The fix is staged while the working tree still has the mistake unstaged: pre-commit
	// stashes unstaged changes, so the staged (clean) version is what gets linted and committed.
	writeFiles(t, app, map[string]string{"src/config.ts": "export const clientId = process.env.WORKOS_CLIENT_ID ?? \"\";\n"})
	run(app, true, "git", "add", "src/config.ts")
	writeFiles(t, app, map[string]string{"src/config.ts": "export const clientId = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n"})
	out = run(app, true, "git", "commit", "-m", "read the client ID from the environment")
	mustContain(t, out, "convex-workos-lint", "Passed")
	if got, _ := os.ReadFile(filepath.Join(app, "src/config.ts")); !strings.Contains(string(got), "client_01") {
		t.Fatal("pre-commit did not restore the unstaged change")
	}
	run(app, true, "git", "checkout", "--", "src/config.ts")

	// 4. Project context comes from disk: staging package.json that adds AuthKit, while the
	// functions directory has no auth.config.ts, is refused; adding the auth config passes.
	writeFiles(t, app, map[string]string{"package.json": `{"dependencies": {"convex": "1.0.0", "next": "15.0.0", "@workos-inc/authkit-nextjs": "2.0.0"}}` + "\n"})
	run(app, true, "git", "add", "package.json")
	out = run(app, false, "git", "commit", "-m", "add AuthKit")
	mustContain(t, out, "package.json:1:", "[missing-auth-config]")
	writeFiles(t, app, map[string]string{"convex/auth.config.ts": goodAuthConfig})
	run(app, true, "git", "add", "convex/auth.config.ts")
	run(app, true, "git", "commit", "-m", "add AuthKit with its Convex auth config")

	// 5. The per-file hook only reports staged files; the -all hook lints the whole repository.
	writeFiles(t, app, map[string]string{"src/legacy.ts": "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n"})
	run(app, true, "git", "add", "src/legacy.ts")
	run(app, true, "git", "commit", "-q", "--no-verify", "-m", "an old mistake, committed without the hook")
	writeFiles(t, app, map[string]string{"src/other.ts": "export const other = 2;\n"})
	run(app, true, "git", "add", "src/other.ts")
	out = run(app, true, "pre-commit", "try-repo", hookRepo, "convex-workos-lint")
	mustContain(t, out, "Passed")
	out = run(app, false, "pre-commit", "try-repo", hookRepo, "convex-workos-lint-all")
	mustContain(t, out, "src/legacy.ts:1:20: error:", "[hardcoded-client-id]")
}

// TestPreCommitNode runs the real pre-commit with the language: node hooks and no Go on PATH:
// pre-commit installs the npm package (here the packed tarballs, in place of the pinned
// registry version) and lints the staged files, as for a user without Go.
func TestPreCommitNode(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds the npm package and installs it with pre-commit")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not installed (CI installs the Debian package pre-commit: see .ci/run)")
		}
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	needNPM(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	mainTgz, platformTgz := packNPM(t, tmp)
	env := append(preCommitEnv(t, tmp), "PATH="+pathWithoutGo())
	run := func(dir string, wantCode int, name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		if code != wantCode {
			t.Fatalf("%s %s: exit %d, want %d\n%s", name, strings.Join(args, " "), code, wantCode, out)
		}
		return string(out)
	}

	hookRepo := filepath.Join(tmp, "hook")
	copyWorkingTree(t, repoRoot(t), hookRepo)
	run(hookRepo, 0, "git", "init", "-q")
	run(hookRepo, 0, "git", "add", "-A")
	run(hookRepo, 0, "git", "commit", "-q", "-m", "hook repository under test")
	rev := strings.TrimSpace(run(hookRepo, 0, "git", "rev-parse", "HEAD"))

	deps := "[" + mainTgz + ", " + platformTgz + "]"
	app := filepath.Join(tmp, "app")
	writeFiles(t, app, map[string]string{
		"package.json":  `{"dependencies": {"convex": "1.0.0", "next": "15.0.0"}}` + "\n",
		"src/config.ts": "export const clientId = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		"src/other.ts":  "export const other = 1;\n",
		".pre-commit-config.yaml": "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n    hooks:\n" +
			"      - id: convex-workos-lint-node\n        additional_dependencies: " + deps + "\n" +
			"      - id: convex-workos-lint-node-all\n        additional_dependencies: " + deps + "\n        stages: [manual]\n",
	})
	run(app, 0, "git", "init", "-q")
	run(app, 0, "git", "add", "src/other.ts", "package.json", ".pre-commit-config.yaml")
	run(app, 0, "git", "commit", "-q", "-m", "initial")

	// A staged file with a finding fails the hook; the first run installs the npm package.
	run(app, 0, "git", "add", "src/config.ts")
	out := run(app, 1, "pre-commit", "run", "convex-workos-lint-node")
	mustContain(t, out, "src/config.ts:1:26: error: WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded", "- exit code: 1")
	// A clean staged file passes.
	run(app, 0, "git", "reset", "-q", "src/config.ts")
	writeFiles(t, app, map[string]string{"src/other.ts": "export const other = 2;\n"})
	run(app, 0, "git", "add", "src/other.ts")
	mustContain(t, run(app, 0, "pre-commit", "run", "convex-workos-lint-node"), "Passed")
	// The whole-repository hook sees the unstaged-but-present file too.
	out = run(app, 1, "pre-commit", "run", "--hook-stage", "manual", "convex-workos-lint-node-all")
	mustContain(t, out, "src/config.ts:1:26: error:")
}

const goodAuthConfig = `const clientId = process.env.WORKOS_CLIENT_ID;

export default {
  providers: [
    {
      type: "customJwt",
      issuer: "https://api.workos.com/",
      algorithm: "RS256",
      applicationID: clientId,
      jwks: ` + "`https://api.workos.com/sso/jwks/${clientId}`" + `,
    },
    {
      type: "customJwt",
      issuer: ` + "`https://api.workos.com/user_management/${clientId}`" + `,
      algorithm: "RS256",
      jwks: ` + "`https://api.workos.com/sso/jwks/${clientId}`" + `,
    },
  ],
};
`

// preCommitEnv isolates git and pre-commit from the machine's configuration and keeps the Go
// module cache shared: pre-commit sets GOPATH to its environment directory, which would
// otherwise download every module again.
func preCommitEnv(t *testing.T, tmp string) []string {
	t.Helper()
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") || strings.HasPrefix(k, "PRE_COMMIT") || k == "GOMODCACHE" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"GOMODCACHE="+strings.TrimSpace(string(modcache)),
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=test", "GIT_COMMITTER_EMAIL=test@example.com",
	)
}

// copyWorkingTree copies the files git would see (tracked, plus untracked but not ignored).
func copyWorkingTree(t *testing.T, from, to string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = from
	out, err := cmd.Output()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("git ls-files in %s: %v (the test needs a git checkout)", from, err)
		}
		t.Skipf("not a git checkout: %v", err)
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(from, rel)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or a symlink/submodule
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := copyFile(src, dst, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

func copyFile(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustContain(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}
