package fix

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

func edit(path string, start, end int, text string) rules.Edit {
	return rules.Edit{Location: rules.Location{Path: path, StartOffset: start, EndOffset: end}, NewText: text}
}

func diag(edits ...rules.Edit) rules.Diagnostic {
	return rules.Diagnostic{Rule: "r", Fixes: []rules.Fix{{Message: "m", Edits: edits}}}
}

func TestSelectAndApply(t *testing.T) {
	src := "abcdefghij"
	all := func(string) bool { return true }
	size := func(string) (int, bool) { return len(src), true }
	diags := []rules.Diagnostic{
		diag(edit("f", 2, 4, "XY")),                      // taken
		diag(edit("f", 3, 5, "")),                        // overlaps the first: deferred
		diag(edit("f", 2, 4, "XY")),                      // the same repair again: taken, adds nothing
		diag(edit("f", 6, 6, "+")),                       // an insertion: taken
		diag(edit("f", 6, 6, "-")),                       // a second insertion at the same place: deferred
		diag(edit("f", 6, 8, "__")),                      // a replacement starting where the insertion is: taken, after it
		diag(edit("f", 9, 9, "!"), edit("f", 9, 9, "?")), // conflicting edits within one fix: deferred
		diag(edit("f", 0, 11, "")),                       // out of bounds: ignored
		{Rule: "no-fix"},
	}
	sel := Select(diags, all, size)
	if len(sel.Taken) != 4 || sel.Deferred != 3 {
		t.Fatalf("taken %d, deferred %d; want 4 and 3", len(sel.Taken), sel.Deferred)
	}
	got, err := Apply(src, sel.Edits["f"])
	if err != nil {
		t.Fatal(err)
	}
	if want := "abXYef+__ij"; got != want {
		t.Errorf("Apply = %q, want %q", got, want)
	}
	if sel := Select(diags[:1], func(string) bool { return false }, size); len(sel.Taken) != 0 {
		t.Error("a fix in a file outside the lint targets was taken")
	}
	if _, err := Apply(src, []rules.Edit{edit("f", 1, 3, ""), edit("f", 2, 4, "")}); err == nil {
		t.Error("Apply accepted overlapping edits")
	}
}

// TestDiffApplies checks that the diff reproduces the fixed bytes with git apply, CRLF line
// ends and a missing final newline included.
func TestDiffApplies(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	before := "line 1\r\nline 2\r\nline 3\r\nline 4\r\nline 5\r\nline 6\r\nline 7\r\nline 8\r\nlast"
	after := "line 1\r\nline 2\r\ninserted\r\nline 3\r\nline 4\r\nline 5\r\nline 6\r\nline 7\r\nline 8\r\nlast changed"
	dir := t.TempDir()
	rel := "src/a file.ts"
	path := filepath.Join(dir, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	d := Diff("src/a file.ts", before, after)
	patch := filepath.Join(t.TempDir(), "p.diff")
	os.WriteFile(patch, d, 0o644)
	cmd := exec.Command(git, "apply", "--unsafe-paths", "--directory=.", patch)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\n%s", err, out, d)
	}
	got, _ := os.ReadFile(path)
	if string(got) != after {
		t.Errorf("after git apply:\n%q\nwant\n%q\ndiff:\n%s", got, after, d)
	}
	if Diff("x", "same", "same") != nil {
		t.Error("a diff of equal texts")
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ts")
	os.WriteFile(path, []byte("old"), 0o640)
	os.Chmod(path, 0o640)
	if err := Write(path, "old", "new", nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(b) != "new" || info.Mode().Perm() != 0o640 {
		t.Errorf("after Write: %q, mode %v; want \"new\", 0640", b, info.Mode().Perm())
	}
	if err := Write(path, "old", "newer", nil); !errors.Is(err, ErrChanged) {
		t.Errorf("Write over a file that changed: %v, want ErrChanged", err)
	}
	err := Write(path, "new", "newer", func(p string) { os.WriteFile(p, []byte("saved meanwhile"), 0o640) })
	if !errors.Is(err, ErrChanged) {
		t.Errorf("Write over a file saved before the rename: %v, want ErrChanged", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "saved meanwhile" {
		t.Errorf("the save was lost: %q", b)
	}
	os.Chmod(path, 0o444)
	if err := Write(path, "saved meanwhile", "x", nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Write to a read-only file: %v, want ErrReadOnly", err)
	}
	link := filepath.Join(dir, "link.ts")
	os.Symlink(path, link)
	if err := Write(link, "saved meanwhile", "x", nil); err == nil {
		t.Error("Write replaced a symlink")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
