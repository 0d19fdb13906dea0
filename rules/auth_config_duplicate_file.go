package rules

import (
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "auth-config-duplicate-file",
		Title:    "Both auth.config.ts and auth.config.js in one Convex functions directory",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJS,
		Applies:  isDuplicateAuthConfig,
		Doc: Doc{
			Why: "The Convex CLI bundles the auth config from `auth.config.ts` or `auth.config.js` in the " +
				"functions directory, and when both exist it refuses to push: `Found both …/auth.config.js " +
				"and …/auth.config.ts, choose one.` (convex 1.45, `bundleAuthConfig` in the CLI's bundler). " +
				"A compiled or older copy left beside the TypeScript file stops every `npx convex dev` and " +
				"`npx convex deploy`, and which file your editor shows is not the one anyone reviewed.\n\n" +
				"Reported on `auth.config.js`; delete the one you do not mean to keep.",
			Bad:  "convex/\n  auth.config.ts\n  auth.config.js   // an old copy\n",
			Good: "convex/\n  auth.config.ts\n",
			Lang: "text",
		},
		CheckFile: checkAuthConfigDuplicateFile,
	})
}

// isDuplicateAuthConfig accepts auth.config.js in a functions directory that also holds
// auth.config.ts: the pair the CLI refuses (it looks at no other extension).
func isDuplicateAuthConfig(p *project.Project, f *project.File) bool {
	if filepath.Base(f.Path) != "auth.config.js" || f.Root == nil || !f.Root.HasConvex ||
		filepath.Dir(f.Path) != f.Root.FunctionsDir {
		return false
	}
	return p.File(strings.TrimSuffix(f.Path, ".js")+".ts") != nil
}

func checkAuthConfigDuplicateFile(c *FileContext) {
	ts := c.Project.File(strings.TrimSuffix(c.File.Path, ".js") + ".ts")
	if ts == nil {
		return
	}
	end := strings.IndexByte(c.Source, '\n')
	if end < 0 {
		end = len(c.Source)
	}
	c.Report(0, end, "the Convex CLI refuses to push when a functions directory holds both auth.config.js and "+
		"auth.config.ts (\"Found both …, choose one\"): delete the one you do not mean to keep",
		WithRelated(ts, 0, 0, "auth.config.ts is here"))
}
