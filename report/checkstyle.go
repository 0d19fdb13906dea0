package report

import (
	"encoding/xml"
	"io"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// Checkstyle prints Checkstyle XML, which Jenkins (warnings-ng), SonarQube, reviewdog and
// Danger read: one <file> per path, one <error> per finding.
type Checkstyle struct{}

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func (Checkstyle) Print(w io.Writer, diags []rules.Diagnostic) error {
	r := checkstyleReport{Version: "4.3"}
	for _, group := range byFile(diags) {
		f := checkstyleFile{Name: Clean(group[0].DisplayPath)}
		for _, d := range group {
			f.Errors = append(f.Errors, checkstyleError{Line: d.Start.Line, Column: d.Start.Column,
				Severity: d.Severity.String(), Message: Clean(d.Message), Source: "convex-workos-lint." + d.Rule})
		}
		r.Files = append(r.Files, f)
	}
	return writeXML(w, r)
}

// byFile groups diags by path, in the order the paths first appear.
func byFile(diags []rules.Diagnostic) [][]rules.Diagnostic {
	index := map[string]int{}
	var groups [][]rules.Diagnostic
	for _, d := range diags {
		i, ok := index[d.DisplayPath]
		if !ok {
			i = len(groups)
			index[d.DisplayPath] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], d)
	}
	return groups
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
