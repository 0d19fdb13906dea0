package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// GitLab prints a GitLab Code Quality report (artifacts:reports:codequality): a JSON array of
// issues with description, check_name, fingerprint, severity and location.path/lines.begin.
type GitLab struct{}

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

func (GitLab) Print(w io.Writer, diags []rules.Diagnostic) error {
	out := make([]gitlabIssue, 0, len(diags))
	seen := map[string]int{}
	for _, d := range diags {
		// GitLab tells new findings from old ones by fingerprint: leave the line out, so that
		// a finding moved by an edit above it is not reported as fixed and new; the count
		// keeps identical findings in one file apart.
		key := d.Rule + "\x00" + d.DisplayPath + "\x00" + d.Message
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		sev := "minor"
		if d.Severity == rules.Error {
			sev = "major"
		}
		out = append(out, gitlabIssue{
			Description: d.Message, CheckName: d.Rule, Fingerprint: hex.EncodeToString(sum[:16]),
			Severity: sev, Location: gitlabLocation{Path: d.DisplayPath, Lines: gitlabLines{Begin: d.Start.Line}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
