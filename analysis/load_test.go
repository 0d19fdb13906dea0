package analysis

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// loadArchive writes a txtar project into a temp dir and loads it.
func loadArchive(t *testing.T, archive string) (*project.Project, string) {
	t.Helper()
	return loadTxtar(t, txtar.Parse([]byte(archive)))
}

// loadArchiveFile is loadArchive for an archive file, such as a rule fixture.
func loadArchiveFile(t *testing.T, path string) *project.Project {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := loadTxtar(t, ar)
	return p
}

func loadTxtar(t *testing.T, ar *txtar.Archive) (*project.Project, string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := project.Load(project.Options{Base: dir, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return p, dir
}

func fileAt(t *testing.T, p *project.Project, dir, rel string) *project.File {
	t.Helper()
	f := p.File(filepath.Join(dir, filepath.FromSlash(rel)))
	if f == nil {
		t.Fatalf("no file %s", rel)
	}
	return f
}

func relOf(dir string, f *project.File) string {
	if f == nil {
		return "<nil>"
	}
	r, _ := filepath.Rel(dir, f.Path)
	return filepath.ToSlash(r)
}
