package sarif

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// FromResult builds the writer's options for a lint run; diags is the run's findings after
// the CLI's filtering (--quiet).
func FromResult(res *lint.Result, diags []rules.Diagnostic, cfg *lint.Config, version, category string) Options {
	var notices []Notice
	for _, n := range res.Notices {
		notices = append(notices, Notice{Path: n.Path, Message: n.Message})
	}
	// A file that did not parse was not fully analysed: say so where tools look for that,
	// besides the parse-error result itself.
	for _, d := range diags {
		if d.Rule == rules.ParseErrorID {
			notices = append(notices, Notice{Path: d.DisplayPath, Message: fmt.Sprintf("line %d: %s", d.Start.Line, d.Message)})
		}
	}
	return Options{
		ToolVersion: version,
		Rules:       rules.All(),
		Severity:    cfg.Severity,
		Diagnostics: diags,
		Notices:     notices,
		Category:    category,
		LineText:    res.LineText,
	}
}
