package rules

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
)

func init() {
	Register(&Rule{
		ID:               "workos-api-key-in-source",
		Title:            "WorkOS API key hardcoded in a committed file",
		Severity:         Error,
		Tags:             []string{"security", "secrets"},
		SecuritySeverity: 9.0,
		Kinds:            KindJS | KindJSON | KindText,
		Triggers:         []string{"sk_test_", "sk_live_"},
		Doc: Doc{
			Why: "A WorkOS API key (`sk_live_…`, `sk_test_…`) has full access to the WorkOS environment: " +
				"it lists and deletes users, creates organizations, issues sessions and reads directory " +
				"data. In source, JSON or YAML it is committed, so everyone with read access to the " +
				"repository, its forks, CI logs and any bundle that imports the file holds it, for as long " +
				"as git history exists. Removing the line does not help: revoke the key in the WorkOS " +
				"dashboard (API Keys), create a new one, keep it in a git-ignored env file or the " +
				"deployment's secret store, and read `process.env.WORKOS_API_KEY` on the server.\n\n" +
				"The key is recognised by its shape (a long random body; WorkOS keys are the base64 of " +
				"`key_<ULID>,…`); Stripe's keys share the `sk_` prefixes, so a key that is not WorkOS-shaped " +
				"is only reported when its line, the line before, or the file (with no mention of Stripe) " +
				"names WorkOS. Not reported: placeholders (`sk_test_...`, `sk_test_your_api_key_here`), " +
				"keys in comments, env files (see `env-file-not-gitignored`), and `sk_test_` keys in test " +
				"files. Every output shows the key masked (`sk_live_…abcd`). A file over the size cap " +
				"(`maxFileSize`, 4 MiB by default) is not read whole: it is scanned in windows for keys whose body is " +
				"WorkOS-shaped only, comments included.",
			Bad:   "import { WorkOS } from \"@workos-inc/node\";\n\nexport const workos = new WorkOS(\"sk_live_a2V5XzAx…\");\n",
			Good:  "import { WorkOS } from \"@workos-inc/node\";\n\nexport const workos = new WorkOS(process.env.WORKOS_API_KEY);\n",
			Lang:  "ts",
			Guide: "Environment Variables: `WORKOS_API_KEY=sk_test_...` goes in `.env.local`, never in code.",
		},
		CheckFile:  checkWorkOSAPIKeyInSource,
		RawText:    true,
		CheckLarge: checkWorkOSAPIKeyInLargeFile,
	})
}

// checkWorkOSAPIKeyInLargeFile scans a file over the size cap: only keys whose body is
// WorkOS-shaped, since the context the other checks read (comments, the line, the file's
// mention of Stripe) is not held; a key in a comment is reported there too.
func checkWorkOSAPIKeyInLargeFile(c *LargeFileContext) error {
	inTest := analysis.InTestTree(c.Project, c.File.Path)
	return analysis.StreamAPIKeys(c.Reader, func(k analysis.StreamedKey) {
		if inTest && analysis.APIKeyPrefix(k.Key) == "sk_test_" {
			return
		}
		kind := "live"
		if analysis.APIKeyPrefix(k.Key) == "sk_test_" {
			kind = "test"
		}
		c.Report(k.Offset, len(k.Key), k.Line, k.Column, fmt.Sprintf("WorkOS %s API key %s is hardcoded in %s, a file over the size cap "+
			"(scanned for keys only): revoke it in the WorkOS dashboard (it is in git history), keep the new key in a "+
			"git-ignored env file or the deployment's secrets, and read process.env.WORKOS_API_KEY on the server",
			kind, analysis.Mask(k.Key), filepath.Base(c.File.Path)))
	})
}

func checkWorkOSAPIKeyInSource(c *FileContext) {
	keys := analysis.FindAPIKeys(c.Source)
	if len(keys) == 0 {
		return
	}
	inTest := analysis.InTestTree(c.Project, c.File.Path)
	var comments []parser.Comment
	if c.File.Kind != KindText {
		comments = parser.ScanComments(c.Source)
	}
	inComment := func(off int) bool {
		if c.File.Kind == KindText {
			return inHashComment(c.Source, off)
		}
		i := sort.Search(len(comments), func(i int) bool { return comments[i].End > off })
		return i < len(comments) && comments[i].Start <= off
	}
	where := "in source"
	if c.File.Kind != KindJS {
		where = "in " + filepath.Base(c.File.Path) + ", a committed file"
	}
	for _, k := range keys {
		start, end := k[0], k[1]
		key := c.Source[start:end]
		if inTest && analysis.APIKeyPrefix(key) == "sk_test_" || inComment(start) || !analysis.IsWorkOSKeyContext(c.Source, start, end) {
			continue
		}
		kind := "live"
		if analysis.APIKeyPrefix(key) == "sk_test_" {
			kind = "test"
		}
		c.Report(start, end, fmt.Sprintf("WorkOS %s API key %s is hardcoded %s: revoke it in the WorkOS dashboard "+
			"(it is in git history), keep the new key in a git-ignored env file or the deployment's secrets, "+
			"and read process.env.WORKOS_API_KEY on the server", kind, analysis.Mask(key), where))
	}
}

// inHashComment reports whether off is inside a YAML/TOML `#` comment: a # at the start of
// the line or after whitespace, outside quotes.
func inHashComment(src string, off int) bool {
	lineStart := strings.LastIndexAny(src[:off], "\n\r") + 1
	var quote byte
	for i := lineStart; i < off; i++ {
		switch ch := src[i]; {
		case quote != 0:
			if ch == '\\' && quote == '"' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '#' && (i == lineStart || src[i-1] == ' ' || src[i-1] == '\t'):
			return true
		}
	}
	return false
}
