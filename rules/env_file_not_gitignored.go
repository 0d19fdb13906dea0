package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project/gitignore"
)

func init() {
	Register(&Rule{
		ID:       "env-file-not-gitignored",
		Title:    "Env file with a real secret is not ignored by git",
		Severity: Error,
		Tags:     []string{"security", "secrets", "env"},
		// 7.5 (high): the secret is one `git add .` away from history, not there yet (a key in
		// source is, 9.0) and not shipped to every visitor (8.0); once committed, the API key
		// controls the WorkOS environment and the cookie password forges sessions.
		SecuritySeverity: 7.5,
		Kinds:            KindEnv,
		Triggers:         []string{"sk_test_", "sk_live_", "COOKIE_PASSWORD"},
		Applies:          notInTestTree,
		Doc: Doc{
			Why: "Env files such as `.env` and `.env.local` hold the WorkOS API key and the cookie " +
				"password. If git does not ignore the file, the next `git add .` commits them, and every " +
				"clone, fork and CI log has them for as long as history exists: the API key controls the " +
				"WorkOS environment, the cookie password forges AuthKit sessions. Ignore env files " +
				"(`.env*` and `!.env.example` in `.gitignore`) and keep only templates with placeholders " +
				"in git. If the file was ever committed, ignoring it is not enough: rotate the key and the " +
				"password, and remove the file from the index (`git rm --cached`).\n\n" +
				"Secrets are real-looking `sk_test_`/`sk_live_` keys (any variable) and non-placeholder " +
				"`*COOKIE_PASSWORD` values. Ignore rules are git's own: nested `.gitignore` files, " +
				"negation, `.git/info/exclude`, evaluated from the repository root (the lint root outside " +
				"a git checkout), with the answers of `git check-ignore --no-index`. Templates " +
				"(`.env.example`, `.env.local.sample`, …) are meant to be committed and are exempt, unless " +
				"they hold a real-looking API key. Env files of test fixtures are not reported. " +
				"Security severity 7.5 (high): the secret is one command away from git history, below a " +
				"key already in source (9.0) or shipped to browsers (8.0).",
			Bad:   "# .gitignore\nnode_modules\n\n# .env.local (not ignored)\nWORKOS_API_KEY=sk_live_…\n",
			Good:  "# .gitignore\nnode_modules\n.env*\n!.env.example\n",
			Lang:  "dotenv",
			Guide: "Environment Variables: `WORKOS_API_KEY` and `WORKOS_COOKIE_PASSWORD` live in `.env.local`, which must stay out of git.",
		},
		CheckFile: checkEnvFileNotGitignored,
	})
}

func checkEnvFileNotGitignored(c *FileContext) {
	if c.Env == nil {
		return
	}
	var first *parser.EnvEntry
	var what []string
	for i, e := range c.Env.Parsed.Entries {
		if e.Interpolated {
			continue
		}
		desc := ""
		if keys := analysis.FindAPIKeys(e.Value); len(keys) > 0 {
			k := e.Value[keys[0][0]:keys[0][1]]
			desc = e.Key + "=" + analysis.Mask(k)
		} else if !c.Env.Template && analysis.IsCookiePasswordVar(e.Key) && strings.TrimSpace(e.Value) != "" && !analysis.IsPlaceholder(e.Value) {
			desc = e.Key + "=…"
		}
		if desc == "" {
			continue
		}
		if first == nil {
			first = &c.Env.Parsed.Entries[i]
		}
		what = append(what, desc)
	}
	if first == nil || envFileIgnored(c) {
		return
	}
	name := analysis.EnvDisplayName(c.Env)
	if c.Env.Template {
		c.Report(first.KeyStart, first.KeyEnd, fmt.Sprintf("template %s is committed but holds a real-looking "+
			"key (%s): replace it with a placeholder (sk_test_...) and rotate the key", name, strings.Join(what, ", ")))
		return
	}
	c.Report(first.KeyStart, first.KeyEnd, fmt.Sprintf("%s holds secrets (%s) but git does not ignore it: the next "+
		"`git add .` commits them; add it to .gitignore (e.g. `.env*` with `!.env.example`), and rotate the "+
		"secrets if the file was ever committed", name, strings.Join(what, ", ")))
}

// envFileIgnored asks git's ignore rules about the env file, from its repository's root, or
// from the lint root when it is not in a git checkout.
func envFileIgnored(c *FileContext) bool {
	dir := filepath.Dir(c.File.Path)
	root, ok := gitignore.FindRepoRoot(dir)
	if !ok {
		if root = analysis.TopRootDir(c.Project, c.File.Path); root == "" {
			root = dir
		}
	}
	rel, err := filepath.Rel(root, c.File.Path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	return gitignore.New(root).Ignored(filepath.ToSlash(rel), false)
}
