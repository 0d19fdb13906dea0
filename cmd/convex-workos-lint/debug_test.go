package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// debugTimeLine is --debug's last line; only its numbers vary from run to run.
var debugTimeLine = regexp.MustCompile(`(?m)^debug: time setup \d+\.\d\dms, walk \d+\.\d\dms, context \d+\.\d\dms, ` +
	`file pass \d+\.\d\dms \(read \d+\.\d\dms, parse and per-file rules \d+\.\d\dms, summed over \d+ workers\), ` +
	`project rules \d+\.\d\dms, finish \d+\.\d\dms(, report \d+\.\d\dms)?\n`)

// debugRun runs the CLI in dir and returns --debug's lines with the time line checked and cut.
func debugRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run(args, strings.NewReader(""), &out, &errb); code == exitError {
		t.Fatalf("exit 2: %s", errb.String())
	}
	if strings.Contains(out.String(), "debug:") {
		t.Errorf("debug output on stdout:\n%s", out.String())
	}
	var lines []string
	for _, l := range strings.SplitAfter(errb.String(), "\n") {
		if strings.HasPrefix(l, "debug:") {
			lines = append(lines, l)
		}
	}
	got := strings.Join(lines, "")
	want := 1
	if strings.Contains(got, "debug: no files to lint\n") {
		want = 0 // no run, nothing timed
	}
	if n := len(debugTimeLine.FindAllString(got, -1)); n != want {
		t.Fatalf("%d time lines, want %d:\n%s", n, want, got)
	}
	return debugTimeLine.ReplaceAllString(got, "debug: time …\n")
}

// TestDebugContext checks everything --debug says about a monorepo but the times: each app with
// the deployment it talks to, the deployments with their functions directory and auth config, the
// env files read (counted, never shown), and the file counts, for the whole tree and one file.
func TestDebugContext(t *testing.T) {
	dir := t.TempDir()
	password := "Vb8nQ2xL5kR9tW3zY7mC1dF4gH6jP0sA"
	writeFiles(t, dir, map[string]string{
		".gitignore":                             ".env*\n",
		"package.json":                           `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`,
		"apps/web/package.json":                  `{"name": "web", "dependencies": {"next": "15.0.0", "convex": "1.0.0", "@acme/backend": "*"}}`,
		"apps/web/app/page.tsx":                  "import { withAuth } from \"@workos-inc/authkit-nextjs\";\nexport default async function Page() { await withAuth(); return null; }\n",
		"apps/web/.env.local":                    "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\nWORKOS_COOKIE_PASSWORD=" + password + "\n",
		"packages/backend/package.json":          `{"name": "@acme/backend", "dependencies": {"convex": "1.0.0"}}`,
		"packages/backend/convex/messages.ts":    "export const list = 1;\n",
		"packages/backend/convex/auth.config.ts": "export default { providers: [] };\n",
		"packages/backend/.env.local":            "CONVEX_DEPLOYMENT=dev:happy-otter-123\n",
	})
	// The README's example is this project's output.
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```text\n(debug: config .*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no --debug example (a text block starting with `debug: config`)")
	}
	want := debugTimeLine.ReplaceAllString(string(m[1]), "debug: time …\n")
	got := debugRun(t, dir, "--debug")
	if got != want {
		t.Errorf("--debug:\n%s\nwant (README):\n%s", got, want)
	}
	if strings.Contains(got, password[:8]) || strings.Contains(got, "happy-otter") {
		t.Errorf("an env value is printed:\n%s", got)
	}

	// One named file (pre-commit, an editor): one file is linted, in the same context.
	got = debugRun(t, dir, "--debug", "apps/web/app/page.tsx")
	if !strings.Contains(got, "debug: files walked 8, linted 1, read 1, parsed 0\n") ||
		!strings.Contains(got, "debug: deployment packages/backend functions packages/backend/convex") {
		t.Errorf("--debug on one file:\n%s", got)
	}

	// Everything named is ignored: no run, and --debug says so.
	writeFiles(t, dir, map[string]string{".convex-workos-lint.json": `{"ignore": ["apps/web/app/**"]}`})
	got = debugRun(t, dir, "--debug", "--force-exclude", "apps/web/app/page.tsx")
	if want := "debug: config .convex-workos-lint.json\ndebug: no files to lint\n"; !strings.HasSuffix(strings.ReplaceAll(got, dir+"/", ""), want) {
		t.Errorf("--debug with every path ignored:\n%s\nwant:\n%s", got, want)
	}
}
