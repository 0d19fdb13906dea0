package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/report"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

type problemPattern struct {
	Regexp   string `json:"regexp"`
	File     int    `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity int    `json:"severity"`
	Message  int    `json:"message"`
	Code     int    `json:"code"`
}

// vscodePatterns reads the problem-matcher patterns out of the tasks.json block of
// docs/editors.md, so the documented regexp is the one tested.
func vscodePatterns(t *testing.T) []problemPattern {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "editors.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```jsonc\n// .vscode/tasks.json\n(.*?)```").FindSubmatch(doc)
	if block == nil {
		t.Fatal("docs/editors.md: no ```jsonc block starting with // .vscode/tasks.json")
	}
	var tasks struct {
		Tasks []struct {
			Label          string `json:"label"`
			ProblemMatcher struct {
				FileLocation []string       `json:"fileLocation"`
				Pattern      problemPattern `json:"pattern"`
			} `json:"problemMatcher"`
			Options struct {
				Cwd string `json:"cwd"`
			} `json:"options"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal(block[1], &tasks); err != nil {
		t.Fatalf("docs/editors.md tasks.json: %v", err)
	}
	if len(tasks.Tasks) == 0 {
		t.Fatal("docs/editors.md tasks.json: no tasks")
	}
	var out []problemPattern
	for _, task := range tasks.Tasks {
		pm := task.ProblemMatcher
		if len(pm.FileLocation) != 2 || pm.FileLocation[0] != "relative" || pm.FileLocation[1] != task.Options.Cwd {
			t.Errorf("task %q: fileLocation must be relative to the task's cwd (paths are printed relative to it)", task.Label)
		}
		out = append(out, pm.Pattern)
	}
	for _, p := range out[1:] {
		if p != out[0] {
			t.Errorf("the tasks' problem matchers differ: %+v vs %+v", p, out[0])
		}
	}
	return out
}

// TestEditorsProblemMatcher applies the documented VS Code problem matcher (JavaScript regexp
// syntax; this one is also valid RE2) to real text output.
func TestEditorsProblemMatcher(t *testing.T) {
	p := vscodePatterns(t)[0]
	re, err := regexp.Compile(p.Regexp)
	if err != nil {
		t.Fatalf("regexp %q: %v", p.Regexp, err)
	}

	// Output of the CLI on a small project: an error, and a warning.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json":      `{"dependencies": {"convex": "1.0.0"}}`,
		"src/a.ts":          "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		"my app/src/b:c.ts": "// convex-workos-lint-disable-next-line hardcoded-client-id\nexport const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
	})
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--no-color", "."}, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, &stderr)
	}
	// And the printer on a finding with a related location (a note line) and a message that
	// itself contains brackets and colons.
	d := rules.Diagnostic{
		Rule: "shared-dev-prod-client-id", Severity: rules.Warning,
		Location: rules.Location{DisplayPath: "convex/auth.config.ts", Start: rules.Position{Line: 12, Column: 7}},
		Message:  "client ID [client_01…] is the same: in .env.local and .env.production",
		Related: []rules.Related{{Location: rules.Location{DisplayPath: ".env.production", Start: rules.Position{Line: 2, Column: 1}},
			Message: "defined here"}},
	}
	if err := (report.Text{}).Print(&stdout, []rules.Diagnostic{d}); err != nil {
		t.Fatal(err)
	}

	type want struct{ file, line, col, sev, msgPrefix, code string }
	wants := []want{
		{"my app/src/b:c.ts", "1", "1", "warning", "suppression gives no reason", "unused-suppression"},
		{"src/a.ts", "1", "20", "error", "WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded", "hardcoded-client-id"},
		{"convex/auth.config.ts", "12", "7", "warning", "client ID [client_01…] is the same: in .env.local", "shared-dev-prod-client-id"},
	}
	var matched []want
	for _, line := range strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n") {
		m := re.FindStringSubmatch(line)
		finding := strings.Contains(line, ": error: ") || strings.Contains(line, ": warning: ")
		if m == nil {
			if finding {
				t.Errorf("finding line not matched: %q", line)
			}
			continue
		}
		if !finding {
			t.Errorf("non-finding line matched: %q", line)
			continue
		}
		matched = append(matched, want{m[p.File], m[p.Line], m[p.Column], m[p.Severity], m[p.Message], m[p.Code]})
	}
	if len(matched) != len(wants) {
		t.Fatalf("matched %d lines, want %d:\n%s", len(matched), len(wants), &stdout)
	}
	for i, w := range wants {
		g := matched[i]
		if g.file != w.file || g.line != w.line || g.col != w.col || g.sev != w.sev || !strings.HasPrefix(g.msgPrefix, w.msgPrefix) || g.code != w.code {
			t.Errorf("line %d: got %+v, want %+v", i, g, w)
		}
		if strings.HasSuffix(g.msgPrefix, "]") {
			t.Errorf("line %d: the rule ID leaked into the message: %q", i, g.msgPrefix)
		}
	}
	if !strings.Contains(stdout.String(), "    .env.production:2:1: note: defined here\n") {
		t.Errorf("no note line in:\n%s", &stdout)
	}
}

// The editor setups below run in the real editors when they are installed (apt-get install
// neovim emacs-nox elpa-flycheck); CI installs neovim only, so the Emacs ones skip there.

// linterOnPath builds the linter and returns a PATH that has it first.
func linterOnPath(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	buildLinter(t, dir)
	return dir + string(os.PathListSeparator) + os.Getenv("PATH")
}

// buildLinter builds the linter into dir and returns its path.
func buildLinter(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "convex-workos-lint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// docBlock returns the body of the first ```lang block of docs/editors.md that contains marker.
func docBlock(t *testing.T, lang, marker string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "editors.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?s)```"+lang+"\n(.*?)```").FindAllStringSubmatch(string(doc), -1) {
		if strings.Contains(m[1], marker) {
			return m[1]
		}
	}
	t.Fatalf("docs/editors.md: no ```%s block with %q", lang, marker)
	return ""
}

// editorProject is a project whose src/page.tsx is clean on disk; the editor buffer adds two
// mistakes after non-ASCII text, so columns in UTF-16 units, bytes and characters differ. The
// client ID is the same twice: two distinct IDs would be an allow-list, which is not reported.
func editorProject(t *testing.T) (dir, file string) {
	dir = t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json": `{"dependencies": {"convex": "1.0.0"}}`,
		"src/page.tsx": "export const x = 1;\n",
	})
	return dir, filepath.Join(dir, "src", "page.tsx")
}

const editorBuffer = "// café 🎉\n" +
	"const label = \"🎉é\"; export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n" +
	"// convex-workos-lint-disable-next-line hardcoded-client-id\n" +
	"export const other = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n"

// TestEditorsRunOnSave checks the documented Run on Save match/notMatch regexps (JavaScript
// syntax; these are also valid RE2) against absolute paths on Unix and Windows.
func TestEditorsRunOnSave(t *testing.T) {
	block := docBlock(t, "jsonc", "emeraldwalk.runonsave")
	block = regexp.MustCompile(`(?m)^\s*//.*$`).ReplaceAllString(block, "")
	var settings struct {
		RunOnSave struct {
			Commands []struct{ Match, NotMatch, Cmd string } `json:"commands"`
		} `json:"emeraldwalk.runonsave"`
	}
	if err := json.Unmarshal([]byte(block), &settings); err != nil {
		t.Fatalf("settings.json block: %v", err)
	}
	c := settings.RunOnSave.Commands[0]
	match, notMatch := regexp.MustCompile(c.Match), regexp.MustCompile(c.NotMatch)
	runs := func(p string) bool { return match.MatchString(p) && !notMatch.MatchString(p) }
	for _, p := range []string{"/home/me/app/convex/auth.config.ts", "/home/me/app/app/page.tsx", "/w/a.mts",
		"/w/.env", "/w/.env.local", `C:\w\app\.env.production`, "/w/package.json", `C:\w\convex.json`} {
		if !runs(p) {
			t.Errorf("Run on Save skips %s", p)
		}
	}
	for _, p := range []string{"/w/README.md", "/w/.envrc", "/w/tsconfig.json", "/w/node_modules/x/index.js",
		"/w/convex/_generated/api.js", `C:\w\node_modules\x\a.ts`, "/w/my-package.json"} {
		if runs(p) {
			t.Errorf("Run on Save runs on %s", p)
		}
	}
	if !strings.Contains(c.Cmd, "--force-exclude") || !strings.Contains(c.Cmd, `"${file}"`) {
		t.Errorf("cmd %q: want --force-exclude and the quoted saved file", c.Cmd)
	}
}

func TestEditorsNeovim(t *testing.T) {
	if _, err := exec.LookPath("nvim"); err != nil {
		t.Skip("nvim is not installed")
	}
	path := linterOnPath(t)
	dir, file := editorProject(t)
	setup := filepath.Join(t.TempDir(), "setup.lua")
	if err := os.WriteFile(setup, []byte(docBlock(t, "lua", "lint.linters.convex_workos_lint")), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "diagnostics.json")
	// A stand-in for nvim-lint's runner: the documented linter table is used as nvim-lint uses
	// it (args evaluated, the buffer on stdin, stdout to the parser).
	script := `
package.loaded["lint"] = { linters = {}, linters_by_ft = {}, try_lint = function() end }
dofile(` + luaString(setup) + `)
local l = require("lint").linters.convex_workos_lint
vim.cmd("edit " .. vim.fn.fnameescape(` + luaString(file) + `))
vim.api.nvim_buf_set_lines(0, 0, -1, false, vim.split(` + luaString(strings.TrimSuffix(editorBuffer, "\n")) + `, "\n"))
local cmd = { l.cmd }
for _, a in ipairs(l.args) do
  if type(a) == "function" then a = a() end
  table.insert(cmd, a)
end
assert(l.stdin and not l.append_fname)
local output = vim.fn.system(cmd, vim.api.nvim_buf_get_lines(0, 0, -1, false))
local diagnostics = l.parser(output, vim.api.nvim_get_current_buf())
vim.fn.writefile({ vim.json.encode(diagnostics) }, ` + luaString(out) + `)
`
	scriptFile := filepath.Join(t.TempDir(), "run.lua")
	if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("nvim", "--headless", "--clean", "-n", "-c", "luafile "+scriptFile, "-c", "qa!")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no diagnostics: %v", err)
	}
	var diags []struct {
		Lnum, Col, EndLnum, EndCol, Severity int
		Message, Code, Source                string
	}
	if err := json.Unmarshal(bytes.ReplaceAll(b, []byte("end_"), []byte("End")), &diags); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	// The parser promises no order of diagnostics.
	sort.Slice(diags, func(i, j int) bool { return diags[i].Lnum < diags[j].Lnum })
	line := strings.Split(editorBuffer, "\n")[1]
	start := strings.Index(line, `"client_`) + 1 // the finding starts inside the quotes, in bytes
	if len(diags) != 2 {
		t.Fatalf("got %d diagnostics, want the finding and the unused-reason warning: %s", len(diags), b)
	}
	d := diags[0]
	if d.Lnum != 1 || d.Col != start || d.EndLnum != 1 || d.EndCol != start+len("client_01HXYZ7K2M3N4P5Q6R7S8T9VWX") ||
		d.Severity != 1 || d.Code != "hardcoded-client-id" || !strings.HasPrefix(d.Message, "WorkOS client ID") {
		t.Errorf("diagnostic %+v; want line 1 (0-based), byte columns %d..%d, severity ERROR", d, start, start+33)
	}
	if diags[1].Lnum != 2 || diags[1].Severity != 2 || diags[1].Code != "unused-suppression" {
		t.Errorf("diagnostic %+v; want the unused-suppression warning on line 2 (0-based)", diags[1])
	}
}

func luaString(s string) string {
	return "\"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + "\""
}

// emacsRun loads setup, visits the project file, replaces its text with the editor buffer
// (unsaved), runs check (an Elisp form that leaves diagnostics in `result` as a list of
// (LINE COLUMN TYPE MESSAGE)), and returns what it printed.
func emacsRun(t *testing.T, setup, check string) string {
	t.Helper()
	if _, err := exec.LookPath("emacs"); err != nil {
		t.Skip("emacs is not installed")
	}
	path := linterOnPath(t)
	dir, file := editorProject(t)
	setupFile := filepath.Join(t.TempDir(), "setup.el")
	if err := os.WriteFile(setupFile, []byte(setup), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
(setq debug-on-error t)
(load ` + elString(setupFile) + ` nil t)
(find-file ` + elString(file) + `)
(js-mode)
(erase-buffer)
(insert ` + elString(editorBuffer) + `)
(let (result)
  ` + check + `
  (dolist (d (sort result (lambda (a b) (< (car a) (car b)))))
    (princ (format "%d:%d %s %s\n" (nth 0 d) (nth 1 d) (nth 2 d) (nth 3 d)))))
(set-buffer-modified-p nil)
`
	scriptFile := filepath.Join(t.TempDir(), "run.el")
	if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("emacs", "--batch", "-Q", "-l", scriptFile)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path)
	b, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("emacs: %v\n%s\n%s", err, b, stderr)
	}
	return string(b)
}

func elString(s string) string {
	return "\"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + "\""
}

func TestEditorsEmacsFlymake(t *testing.T) {
	out := emacsRun(t, docBlock(t, "elisp", "convex-workos-lint-flymake"), `
  (convex-workos-lint-flymake-setup)
  (flymake-start)
  (let ((deadline (+ (float-time) 20)))
    (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
      (accept-process-output nil 0.05)))
  (dolist (d (flymake-diagnostics))
    (let ((beg (flymake-diagnostic-beg d)))
      (push (list (line-number-at-pos beg)
                  (save-excursion (goto-char beg) (1+ (- beg (line-beginning-position))))
                  (flymake-diagnostic-type d) (flymake-diagnostic-text d))
            result)))`)
	// The finding is at UTF-16 column 41, character 40: Emacs counts 🎉 as one character, the
	// linter as two code units, so the highlight starts one character late (documented).
	mustContain(t, out,
		"2:41 :error WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded",
		"[hardcoded-client-id]\n",
		"3:1 :warning suppression gives no reason",
		"[unused-suppression]\n")
}

func TestEditorsEmacsFlycheck(t *testing.T) {
	// Debian's elpa-flycheck, found the way its site-start file would (emacs -Q skips it).
	setup := `(dolist (d (append (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*")
                         (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa-src/*")))
  (add-to-list 'load-path d))
(unless (locate-library "flycheck") (error "flycheck-not-installed"))
` + docBlock(t, "elisp", "flycheck-define-checker")
	out := emacsRun(t, setup, `
  (setq flycheck-checkers '(convex-workos-lint))
  (flycheck-mode 1)
  (flycheck-buffer)
  (let ((deadline (+ (float-time) 20)))
    (while (and (< (float-time) deadline) (or (flycheck-running-p) (not (eq flycheck-last-status-change 'finished))))
      (accept-process-output nil 0.05)))
  (unless (eq flycheck-last-status-change 'finished)
    (error "flycheck status: %s" flycheck-last-status-change))
  (dolist (e flycheck-current-errors)
    (push (list (flycheck-error-line e) (flycheck-error-column e) (flycheck-error-level e)
                (format "%s [%s]" (flycheck-error-message e) (flycheck-error-id e)))
          result))`)
	// Flycheck keeps the linter's column (UTF-16 code units: 41; character 40, as above).
	mustContain(t, out,
		"2:41 error WorkOS client ID client_01HXYZ7K2M3N4P5Q6R7S8T9VWX is hardcoded",
		"[hardcoded-client-id]\n",
		"3:1 warning suppression gives no reason",
		"[unused-suppression]\n")
}
