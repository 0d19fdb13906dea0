package analysis

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// loadArchive writes a txtar project into a temp dir and loads it.
func loadArchive(t *testing.T, archive string) (*project.Project, string) {
	t.Helper()
	dir := fixture.Write(t, txtar.Parse([]byte(archive)))
	return loadDir(t, dir), dir
}

// loadArchiveFile is loadArchive for an archive file, such as a rule fixture.
func loadArchiveFile(t *testing.T, path string) *project.Project {
	t.Helper()
	dir, _ := fixture.Extract(t, path)
	return loadDir(t, dir)
}

func loadDir(t *testing.T, dir string) *project.Project {
	t.Helper()
	p, err := project.Load(project.Options{Base: dir, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return p
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
