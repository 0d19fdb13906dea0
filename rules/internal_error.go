package rules

// The engine reports a rule's crash itself; this entry gives it an ID, docs and a severity.
func init() {
	Register(&Rule{
		ID:        InternalErrorID,
		Title:     "A rule crashed on this file",
		Severity:  Error,
		Tags:      []string{"internal"},
		Precision: "very-high",
		Doc: Doc{
			Why: "A rule hit a bug in the linter while checking this file, so its findings for the file " +
				"may be missing. Every other rule and file was still checked, and the run exits with " +
				"code 2 so that CI does not pass on a partial result. Please report it with the rule " +
				"named in the message and, if you can, the shape of the code that triggers it; " +
				"`// convex-workos-lint-disable-next-line RULE -- reason` on the line, or turning the " +
				"rule off in the config, works around it meanwhile.",
			Bad:  "// any file a rule crashes on\n",
			Good: "// the same file, after the linter is fixed\n",
			Lang: "ts",
		},
	})
}
