package project

import (
	"os"
	"path/filepath"
	"testing"
)

type keptKey struct{}
type derivedKey struct{}

// ReleaseAST drops a tree nothing derived from it holds, and the next AST() parses again; a
// Memo entry other than the kept keys keeps the tree.
func TestReleaseAST(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ts")
	if err := os.WriteFile(path, []byte("export const a = 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &File{Path: path, Kind: KindJS}
	first, _ := f.AST()
	if first == nil {
		t.Fatal("no tree")
	}
	f.Memo(keptKey{}, func() any { return 1 })
	if !f.ReleaseAST(keptKey{}) {
		t.Fatal("ReleaseAST kept a tree only a kept key's entry could hold")
	}
	second, _ := f.AST()
	if second == nil || second == first {
		t.Fatalf("AST after ReleaseAST = %p, want a new tree (first %p)", second, first)
	}
	f.Memo(derivedKey{}, func() any { return second })
	if f.ReleaseAST(keptKey{}) {
		t.Fatal("ReleaseAST dropped a tree a derived fact may hold")
	}
	if again, _ := f.AST(); again != second {
		t.Fatal("the kept tree changed")
	}
	if (&File{Path: path, Kind: KindJS}).ReleaseAST() {
		t.Fatal("ReleaseAST of an unparsed file reported a release")
	}
}

// ReleaseContent drops text read from disk (the next Content reads it again), never an
// editor's buffer or an overlay, and nothing that was not read.
func TestReleaseContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ts")
	if err := os.WriteFile(path, []byte("export const a = 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &File{Path: path, Kind: KindJS}
	if f.ReleaseContent() || f.Released() {
		t.Fatal("released a file that was never read")
	}
	first, err := f.Content()
	if err != nil {
		t.Fatal(err)
	}
	if !f.ReleaseContent() || !f.Released() {
		t.Fatal("kept the text of a file read from disk")
	}
	if again, err := f.Content(); err != nil || again != first {
		t.Fatalf("Content after ReleaseContent = %q, %v; want %q", again, err, first)
	}
	buf := &File{Path: path, Kind: KindJS}
	buf.SetContent("export const unsaved = 2;\n")
	if buf.ReleaseContent() {
		t.Fatal("released an editor buffer")
	}
	if s, _ := buf.Content(); s != "export const unsaved = 2;\n" {
		t.Fatalf("buffer content = %q", s)
	}
	missing := &File{Path: filepath.Join(filepath.Dir(path), "missing.ts"), Kind: KindJS}
	if _, err := missing.Content(); err == nil || missing.ReleaseContent() {
		t.Fatal("released (or read) a file that could not be read")
	}
}
