package rules

import (
	"fmt"
	"sort"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "hardcoded-client-id",
		Title:    "WorkOS client ID hardcoded in source",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Fixable:  true,
		Kinds:    KindJS,
		Triggers: []string{"client_"},
		Applies:  notTestPath,
		Doc: Doc{
			Why: "A literal WorkOS client ID ties the code to one WorkOS environment: development and " +
				"production then share it, or production validates tokens against the staging client. " +
				"Fallbacks such as `process.env.WORKOS_CLIENT_ID || \"client_01…\"` hide a missing " +
				"variable the same way. Read the ID from the environment: in `convex/auth.config.ts` from " +
				"`process.env.WORKOS_CLIENT_ID`, set per deployment with `npx convex env set WORKOS_CLIENT_ID`, " +
				"and in the browser from `VITE_WORKOS_CLIENT_ID` / the Next.js env files.\n\n" +
				"Placeholders that are not real ULIDs (`client_01...`, `client_01XXXXXXXX…`) and test files " +
				"are not reported. The fix, offered in the auth config, replaces a whole-string literal with " +
				"`process.env.WORKOS_CLIENT_ID`.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID ?? \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\n",
			Lang:  "ts",
			Guide: "DON'T: Hardcode the client ID (use env var).",
		},
		CheckFile: checkHardcodedClientID,
	})
}

// notTestPath rejects test files: client IDs in tests are fixtures.
func notTestPath(_ *project.Project, f *project.File) bool { return !analysis.IsTestPath(f.Path) }

func checkHardcodedClientID(c *FileContext) {
	comments := parser.ScanComments(c.Source)
	inComment := func(off int) bool {
		i := sort.Search(len(comments), func(i int) bool { return comments[i].End > off })
		return i < len(comments) && comments[i].Start <= off
	}
	isAuthConfig := c.File.Root != nil && c.File.Root.AuthConfig == c.File
	for _, m := range analysis.FindClientIDs(c.Source) {
		start, end := m[0], m[1]
		if inComment(start) {
			continue
		}
		id := c.Source[start:end]
		msg := fmt.Sprintf("WorkOS client ID %s is hardcoded: read it from the environment "+
			"(process.env.WORKOS_CLIENT_ID, set per deployment with `npx convex env set`)", id)
		var opts []Option
		if isAuthConfig && start > 0 && end < len(c.Source) {
			if q := c.Source[start-1]; (q == '"' || q == '\'') && c.Source[end] == q {
				opts = append(opts, WithFix("Read the client ID from process.env.WORKOS_CLIENT_ID",
					Replace(c.File, start-1, end+1, "process.env.WORKOS_CLIENT_ID")))
			}
		}
		c.Report(start, end, msg, opts...)
	}
}
