package report

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// JUnit prints JUnit XML (GitLab artifacts:reports:junit, Jenkins, Azure Pipelines, CircleCI):
// a <testsuite> per file and a failing <testcase> per finding, as ESLint's junit formatter does.
// A clean run is one passing test case, so that the CI shows the lint ran.
type JUnit struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (JUnit) Print(w io.Writer, diags []rules.Diagnostic) error {
	r := junitSuites{Name: "convex-workos-lint"}
	for _, group := range byFile(diags) {
		path := Clean(group[0].DisplayPath)
		s := junitSuite{Name: path, Tests: len(group), Failures: len(group)}
		for _, d := range group {
			msg := Clean(d.Message)
			s.Cases = append(s.Cases, junitCase{
				Name:      fmt.Sprintf("%s:%d:%d %s", path, d.Start.Line, d.Start.Column, d.Rule),
				Classname: path,
				Failure: &junitFailure{Message: msg, Type: d.Severity.String(),
					Text: fmt.Sprintf("%s:%d:%d: %s: %s [%s]", path, d.Start.Line, d.Start.Column, d.Severity, msg, d.Rule)},
			})
		}
		r.Suites = append(r.Suites, s)
		r.Tests += s.Tests
		r.Failures += s.Failures
	}
	if len(diags) == 0 {
		r.Tests = 1
		r.Suites = []junitSuite{{Name: "convex-workos-lint", Tests: 1,
			Cases: []junitCase{{Name: "no problems", Classname: "convex-workos-lint"}}}}
	}
	return writeXML(w, r)
}
