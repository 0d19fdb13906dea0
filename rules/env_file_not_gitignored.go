package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
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
				"`.env.development` and `.env.test` (not their `.local` variants) are committed on purpose " +
				"in many Next.js apps, which the Next.js docs recommend for non-secret defaults: with " +
				"no `sk_live_` key they are at most a warning, with a message that says what such a file " +
				"exposes and where its secrets belong, and a file holding only a cookie password is not " +
				"reported when a comment says its values are dev-only (\"dev only\", \"not a real secret\") " +
				"or all its URLs are localhost or staging ones. " +
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
	live, apiKey := false, false
	for i, e := range c.Env.Parsed.Entries {
		if e.Interpolated {
			continue
		}
		desc := ""
		if keys := analysis.FindAPIKeys(e.Value); len(keys) > 0 {
			k := e.Value[keys[0][0]:keys[0][1]]
			desc = e.Key + "=" + analysis.Mask(k)
			apiKey = true
			live = live || analysis.APIKeyPrefix(k) == "sk_live_"
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
	if committedDevEnv(c.Env) && !live {
		if !apiKey && saysDevOnly(c.Env.Parsed) {
			return // a localhost cookie password, declared as such: it guards no real session
		}
		c.Report(first.KeyStart, first.KeyEnd, fmt.Sprintf("%s is not ignored by git, as Next.js's per-mode env "+
			"files often are on purpose, and it holds development secrets (%s): they reach only the development "+
			"WorkOS environment, but anyone who can read the repository can use them; if that is not intended, "+
			"move them to %s.local, which stays out of git", name, strings.Join(what, ", "), filepath.Base(c.File.Path)),
			AtMost(Warning))
		return
	}
	if c.Env.Template {
		c.Report(first.KeyStart, first.KeyEnd, fmt.Sprintf("template %s is committed but holds a real-looking "+
			"key (%s): replace it with a placeholder (sk_test_...) and rotate the key", name, strings.Join(what, ", ")))
		return
	}
	c.Report(first.KeyStart, first.KeyEnd, fmt.Sprintf("%s holds secrets (%s) but git does not ignore it: the next "+
		"`git add .` commits them; add it to .gitignore (e.g. `.env*` with `!.env.example`), and rotate the "+
		"secrets if the file was ever committed", name, strings.Join(what, ", ")))
}

// committedDevEnv reports `.env.development` and `.env.test`: Next.js documents committing
// them with defaults for development and tests (secrets going in the .local variants).
func committedDevEnv(f *project.EnvFile) bool {
	if f.Template {
		return false
	}
	switch filepath.Base(f.Path) {
	case ".env.development", ".env.test":
		return true
	}
	return false
}

// devOnlyWords are what a file committed on purpose says of its values.
var devOnlyWords = []string{"dev only", "dev-only", "development only", "local only", "test only",
	"testing only", "not a real secret", "not secret", "not a secret", "safe to commit", "not sensitive"}

// saysDevOnly reports an env file whose comments declare its values dev-only, or whose URLs
// all point at the developer's machine or a staging host.
func saysDevOnly(f *parser.EnvFile) bool {
	for _, cm := range f.Comments {
		l := strings.ToLower(cm.Text)
		for _, w := range devOnlyWords {
			if strings.Contains(l, w) {
				return true
			}
		}
	}
	urls, local := 0, 0
	for _, e := range f.Entries {
		if strings.HasPrefix(e.Value, "http://") || strings.HasPrefix(e.Value, "https://") {
			urls++
			if isLocalURL(e.Value) {
				local++
			}
		}
	}
	return urls > 0 && urls == local
}

func isLocalURL(u string) bool {
	_, host, _, ok := project.SplitURL(u)
	if !ok {
		return false
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	if host == "localhost" || host == "127.0.0.1" || host == "[::1]" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	for _, label := range strings.Split(host, ".") {
		if strings.Contains(label, "staging") {
			return true
		}
	}
	return false
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
