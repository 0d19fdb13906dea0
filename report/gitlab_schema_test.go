package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// gitlabSchemaPath is the JSON Schema of GitLab's documented Code Quality format, written for
// this repository (no consumer of the format is installable here: GitLab's own parser is part
// of the Rails application). Its $comment cites the documentation page.
const gitlabSchemaPath = "testdata/gitlab-code-quality.schema.json"

// validateGitLab checks a --format gitlab report the way GitLab reads one: the schema per
// issue, no byte order mark (GitLab's parser refuses it), and fingerprints unique in the
// array (GitLab keeps one issue per fingerprint and drops the rest).
func validateGitLab(report []byte) error {
	data, err := os.ReadFile(gitlabSchemaPath)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("gitlab.json", doc); err != nil {
		return err
	}
	s, err := c.Compile("gitlab.json")
	if err != nil {
		return err
	}
	if bytes.HasPrefix(report, []byte("\xef\xbb\xbf")) {
		return errString("byte order mark")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(report))
	if err != nil {
		return err
	}
	if err := s.Validate(inst); err != nil {
		return err
	}
	var issues []struct{ Fingerprint string }
	if err := json.Unmarshal(report, &issues); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] {
			return errString("fingerprint " + is.Fingerprint + " repeated: GitLab would show one issue")
		}
		seen[is.Fingerprint] = true
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

func TestGitLabSchema(t *testing.T) {
	nested := diag("apps/web/convex/auth.config.ts", "wrong issuer", rules.Error)
	nested.Start.Line = 1
	for name, diags := range map[string][]rules.Diagnostic{
		"findings": append(ciDiags(), nested),
		"clean":    nil,
	} {
		if err := validateGitLab([]byte(print(t, GitLab{}, diags...))); err != nil {
			t.Errorf("%s: GitLab would refuse the report: %v", name, err)
		}
	}

	// The schema bites: each of these is a report GitLab would drop or misplace.
	good := `{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "src/a.ts", "lines": {"begin": 3}}}`
	for _, bad := range []string{
		strings.Replace(good, `"severity": "minor"`, `"severity": "warning"`, 1),
		strings.Replace(good, `"check_name": "c", `, ``, 1),
		strings.Replace(good, `"src/a.ts"`, `"/abs/src/a.ts"`, 1),
		strings.Replace(good, `"src/a.ts"`, `"./src/a.ts"`, 1),
		strings.Replace(good, `"src/a.ts"`, `"src\\a.ts"`, 1),
		strings.Replace(good, `"begin": 3`, `"begin": 0`, 1),
		strings.Replace(good, `"lines": {"begin": 3}`, `"lines": {}`, 1),
		strings.Replace(good, `, "lines": {"begin": 3}`, ``, 1),
		"[" + good + ", " + good + "]", // same fingerprint twice
		"\xef\xbb\xbf[" + good + "]",
		good, // an object, not an array
	} {
		if validateGitLab([]byte(bad)) == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	if err := validateGitLab([]byte("[" + good + "]")); err != nil {
		t.Errorf("refused the documented shape: %v", err)
	}
	positions := strings.Replace(good, `"lines": {"begin": 3}`, `"positions": {"begin": {"line": 3, "column": 1}}`, 1)
	if err := validateGitLab([]byte("[" + positions + "]")); err != nil {
		t.Errorf("refused location.positions: %v", err)
	}
}
