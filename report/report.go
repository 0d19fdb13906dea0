// Package report prints diagnostics: one printer per format behind one interface.
// SARIF lives in its own package (sarif/) because of its size; it plugs in here the same way.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// Printer writes a run's diagnostics in one format.
type Printer interface {
	Print(w io.Writer, diags []rules.Diagnostic) error
}

// Text is `path:line:col: severity: message [rule]`, the shape Vim's default errorformat and
// VS Code problem matchers read without configuration.
type Text struct {
	Color bool
}

func (t Text) Print(w io.Writer, diags []rules.Diagnostic) error {
	var b strings.Builder
	errors, warnings := 0, 0
	for _, d := range diags {
		sev := d.Severity.String()
		if d.Severity == rules.Error {
			errors++
		} else {
			warnings++
		}
		if t.Color {
			code := "33" // yellow
			if d.Severity == rules.Error {
				code = "31"
			}
			sev = "\x1b[" + code + "m" + sev + "\x1b[0m"
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", Clean(d.DisplayPath), d.Start.Line, d.Start.Column, sev, Clean(d.Message), d.Rule)
		for _, r := range d.Related {
			fmt.Fprintf(&b, "    %s:%d:%d: note: %s\n", Clean(r.DisplayPath), r.Start.Line, r.Start.Column, Clean(r.Message))
		}
	}
	if len(diags) > 0 {
		fmt.Fprintf(&b, "%s (%s, %s)\n", plural(len(diags), "problem"), plural(errors, "error"), plural(warnings, "warning"))
		writeRuleCounts(&b, diags)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRuleCounts is the summary's per-rule tally, most frequent first: which rule to read
// about, or to configure, first.
func writeRuleCounts(b *strings.Builder, diags []rules.Diagnostic) {
	counts := map[string]int{}
	for _, d := range diags {
		counts[d.Rule]++
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if counts[ids[i]] != counts[ids[j]] {
			return counts[ids[i]] > counts[ids[j]]
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		fmt.Fprintf(b, "  %4d  %s\n", counts[id], id)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// JSONFinding is one element of the --format json array. Field names are a stable interface:
// add fields, never rename or remove them.
type JSONFinding struct {
	Rule      string        `json:"rule"`
	Severity  string        `json:"severity"`
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"endLine"`
	EndColumn int           `json:"endColumn"`
	Message   string        `json:"message"`
	Related   []JSONRelated `json:"related"`
	Fixes     []JSONFix     `json:"fixes"`
}

// JSONRelated is a secondary location of a finding.
type JSONRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONFix is a suggested fix: edits replace [offset, endOffset) byte ranges of a file.
type JSONFix struct {
	Message string     `json:"message"`
	Edits   []JSONEdit `json:"edits"`
}

// JSONEdit is one text replacement.
type JSONEdit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"endOffset"`
	Text      string `json:"text"`
}

// JSON prints a JSON array of JSONFinding (an empty array when clean).
type JSON struct{}

func (JSON) Print(w io.Writer, diags []rules.Diagnostic) error {
	out := make([]JSONFinding, 0, len(diags))
	for _, d := range diags {
		f := JSONFinding{
			Rule: d.Rule, Severity: d.Severity.String(), File: d.DisplayPath,
			Line: d.Start.Line, Column: d.Start.Column, EndLine: d.End.Line, EndColumn: d.End.Column,
			Message: d.Message, Related: []JSONRelated{}, Fixes: []JSONFix{},
		}
		for _, r := range d.Related {
			f.Related = append(f.Related, JSONRelated{File: r.DisplayPath, Line: r.Start.Line, Column: r.Start.Column, Message: r.Message})
		}
		for _, fx := range d.Fixes {
			jf := JSONFix{Message: fx.Message, Edits: []JSONEdit{}}
			for _, e := range fx.Edits {
				jf.Edits = append(jf.Edits, JSONEdit{File: e.DisplayPath, Line: e.Start.Line, Column: e.Start.Column,
					EndLine: e.End.Line, EndColumn: e.End.Column, Offset: e.StartOffset, EndOffset: e.EndOffset, Text: e.NewText})
			}
			f.Fixes = append(f.Fixes, jf)
		}
		out = append(out, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// GitHub prints workflow commands that GitHub Actions turns into annotations in plain CI logs.
type GitHub struct{}

func (GitHub) Print(w io.Writer, diags []rules.Diagnostic) error {
	var b strings.Builder
	for _, d := range diags {
		level := "warning"
		if d.Severity == rules.Error {
			level = "error"
		}
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n", level,
			escapeProperty(d.DisplayPath), d.Start.Line, d.Start.Column, d.End.Line, d.End.Column,
			escapeProperty(d.Rule), escapeData(d.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Escaping as the Actions toolkit does (core/command.ts).
// escapeData and escapeProperty are the workflow-command escapes; Clean first, so that no
// control character of a file name or message reaches the log (GitHub renders ANSI codes).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(cleanControls(s))
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(cleanControls(s))
}
