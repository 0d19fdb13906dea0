package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportsNameFilesFromTheRepoRoot: SARIF URIs and workflow annotations are relative to the
// repository root when the linter runs in a subdirectory; text output stays relative to the
// working directory.
func TestReportsNameFilesFromTheRepoRoot(t *testing.T) {
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{
		"apps/web/package.json": `{"dependencies": {"convex": "1.0.0"}}`,
		"apps/web/src/a.ts":     "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
		"apps/api/package.json": `{"dependencies": {"convex": "1.0.0"}}`,
		"apps/api/src/b.ts":     "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
	})
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(repo, "apps", "web"))
	lint := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(append([]string{"--no-color"}, args...), nil, &out, &errOut); code != exitFindings {
			t.Fatalf("%v: exit %d, stderr %s", args, code, errOut.String())
		}
		return out.String()
	}

	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(lint("--format", "sarif", ".", "../api")), &log); err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range log.Runs[0].Results {
		uris = append(uris, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	if got := strings.Join(uris, " "); got != "apps/api/src/b.ts apps/web/src/a.ts" {
		t.Errorf("SARIF URIs = %s, want them relative to the repository root", got)
	}
	if gh := lint("--format", "github", "."); !strings.Contains(gh, "file=apps/web/src/a.ts,") {
		t.Errorf("github annotations name files from the working directory:\n%s", gh)
	}
	if text := lint("."); !strings.HasPrefix(text, "src/a.ts:1:") {
		t.Errorf("text output should stay relative to the working directory:\n%s", text)
	}
}
