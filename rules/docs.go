package rules

import (
	"fmt"
	"strings"
)

// Markdown renders a rule's documentation page (docs/rules/ID.md, `explain`).
func Markdown(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s.\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "- Default severity: %s\n", r.Severity)
	if r.SecuritySeverity > 0 {
		fmt.Fprintf(&b, "- Security severity: %.1f\n", r.SecuritySeverity)
	}
	if len(r.Tags) > 0 {
		fmt.Fprintf(&b, "- Tags: %s\n", strings.Join(r.Tags, ", "))
	}
	fixable := "no"
	if r.Fixable {
		fixable = "yes"
	}
	fmt.Fprintf(&b, "- Fixable: %s\n\n", fixable)
	fmt.Fprintf(&b, "## Why\n\n%s\n\n", strings.TrimSpace(r.Doc.Why))
	if r.Doc.Guide != "" {
		fmt.Fprintf(&b, "The guide: %s\n\n", strings.TrimSpace(r.Doc.Guide))
	}
	if r.Doc.Bad != "" {
		fmt.Fprintf(&b, "## Bad\n\n```%s\n%s\n```\n\n", r.Doc.Lang, strings.TrimRight(r.Doc.Bad, "\n"))
	}
	if r.Doc.Good != "" {
		fmt.Fprintf(&b, "## Good\n\n```%s\n%s\n```\n\n", r.Doc.Lang, strings.TrimRight(r.Doc.Good, "\n"))
	}
	fmt.Fprintf(&b, "## Suppress\n\n")
	off := fmt.Sprintf("`.convex-workos-lint.json`: `{\"rules\": {\"%s\": \"off\"}}`", r.ID)
	switch r.Doc.Lang {
	case "json":
		fmt.Fprintf(&b, "JSON files have no comments, so findings there can only be turned off in %s.\n", off)
	default:
		comment := "//"
		if r.Doc.Lang == "dotenv" {
			comment = "#"
		}
		fmt.Fprintf(&b, "```\n%s convex-workos-lint-disable-next-line %s -- reason\n```\n\nor turn it off in %s.\n", comment, r.ID, off)
	}
	return b.String()
}

// Table renders the README's rule table.
func Table() string {
	var b strings.Builder
	b.WriteString("| Rule | Severity | Fixable | What it catches |\n|---|---|---|---|\n")
	for _, r := range All() {
		fix := ""
		if r.Fixable {
			fix = "yes"
		}
		fmt.Fprintf(&b, "| [`%s`](docs/rules/%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, fix, r.Title)
	}
	return b.String()
}
