package rules

// The engine reports syntax errors itself; this entry gives them an ID, docs and a severity
// that the config can change like any rule's.
func init() {
	Register(&Rule{
		ID:        ParseErrorID,
		Title:     "File could not be parsed",
		Severity:  Error,
		Tags:      []string{"correctness"},
		Precision: "very-high",
		Doc: Doc{
			Why: "The file has a syntax error, so no other rule could check it. The rest of the " +
				"project is still linted. Fix the syntax error (your compiler reports it too) and run again.",
			Bad:  "export default {\n  providers: [\n}\n",
			Good: "export default {\n  providers: [],\n};\n",
			Lang: "ts",
		},
	})
}
