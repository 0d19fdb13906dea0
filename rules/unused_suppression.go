package rules

// The engine checks suppression comments itself; this entry documents what it reports.
func init() {
	Register(&Rule{
		ID:        UnusedSuppressionID,
		Title:     "Suppression comment is malformed or suppresses nothing",
		Severity:  Warning,
		Tags:      []string{"hygiene"},
		Precision: "very-high",
		Doc: Doc{
			Why: "A `convex-workos-lint-disable-next-line` or `convex-workos-lint-disable-line` comment " +
				"must name the rules it silences and say why after ` -- `. One that names an unknown " +
				"rule, gives no reason, or silences nothing (the problem was fixed, or the comment " +
				"sits on the wrong line) hides future findings and misleads readers, so it is reported.",
			Bad:  "// convex-workos-lint-disable-next-line hardcoded-client-id\nconst id = \"client_01HXYZABCDEFGHJKMNPQRSTVWX\";\n",
			Good: "// convex-workos-lint-disable-next-line hardcoded-client-id -- public demo ID, not a secret\nconst id = \"client_01HXYZABCDEFGHJKMNPQRSTVWX\";\n",
			Lang: "ts",
		},
	})
}
