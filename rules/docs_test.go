package rules

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/rules/*.md and the README rule table from the registry")

const (
	tableStart = "<!-- rules:start (generated: go test ./rules -run TestGeneratedDocs -update) -->\n"
	tableEnd   = "<!-- rules:end -->"
)

// TestGeneratedDocs fails when docs/rules/*.md or the README's rule table differ from what the
// registry generates, so the docs can never drift from the code.
func TestGeneratedDocs(t *testing.T) {
	docsDir := filepath.Join("..", "docs", "rules")
	want := map[string]string{}
	for _, r := range All() {
		want[r.ID+".md"] = Markdown(r)
	}
	if *update {
		if err := os.MkdirAll(docsDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(docsDir)
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok && strings.HasSuffix(e.Name(), ".md") {
			if *update {
				os.Remove(filepath.Join(docsDir, e.Name()))
			} else {
				t.Errorf("docs/rules/%s documents no registered rule (run: go test ./rules -run TestGeneratedDocs -update)", e.Name())
			}
		}
	}
	for name, content := range want {
		path := filepath.Join(docsDir, name)
		if *update {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Errorf("docs/rules/%s is stale (run: go test ./rules -run TestGeneratedDocs -update)", name)
		}
	}

	readme := filepath.Join("..", "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, tableStart), strings.Index(s, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the rule table markers %q ... %q", tableStart, tableEnd)
	}
	fresh := s[:i+len(tableStart)] + Table() + s[j:]
	if *update {
		if err := os.WriteFile(readme, []byte(fresh), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if fresh != s {
		t.Errorf("README.md rule table is stale (run: go test ./rules -run TestGeneratedDocs -update)")
	}
}

// TestRegistry checks every rule's metadata is complete and consistent.
func TestRegistry(t *testing.T) {
	for _, r := range All() {
		if r.CheckFile == nil && r.CheckProject == nil && r.ID != ParseErrorID && r.ID != UnusedSuppressionID && r.ID != InternalErrorID {
			t.Errorf("%s: no check", r.ID)
		}
		if r.CheckFile != nil && r.Kinds == 0 {
			t.Errorf("%s: CheckFile without Kinds", r.ID)
		}
		if r.Doc.Bad == "" || r.Doc.Good == "" || r.Doc.Lang == "" {
			t.Errorf("%s: doc needs Bad, Good and Lang", r.ID)
		}
		if strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title ends with a period", r.ID)
		}
		if r.SecuritySeverity < 0 || r.SecuritySeverity > 10 {
			t.Errorf("%s: security severity %v out of range", r.ID, r.SecuritySeverity)
		}
	}
}
