//go:build unix

package lint_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// copyTree copies the regular files under src (dotfiles included) into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// hostileNeighbours plants, next to the app's own files, every bad input docs/robustness.md
// lists that can sit in a tree, and returns a cleanup that makes them removable again.
func hostileNeighbours(t *testing.T, dir string) {
	t.Helper()
	put := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conv := `import { useQuery } from "convex/react";` + "\n"
	put("components/Broken.tsx", []byte(conv+"export function B( { return useQuery(\n"))
	put("components/Binary.ts", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	utf16 := []byte{0xff, 0xfe}
	for _, r := range conv {
		utf16 = append(utf16, byte(r), 0)
	}
	put("components/Utf16.ts", utf16)
	put("components/Deep.ts", []byte(conv+"export const x = "+strings.Repeat("[", 30000)+strings.Repeat("]", 30000)+";\n"))
	put("components/Huge.ts", []byte(conv+strings.Repeat("// filler line of a generated bundle\n", 5<<20/37)))
	put("components/Empty.tsx", nil)
	put("components/Crlf.tsx", []byte(strings.ReplaceAll(conv, "\n", "\r\n")+"export const a = 1;\r\rexport const b = 2;\r"))
	put("components/long.ts", []byte("export const s = \""+strings.Repeat("x", 2<<20)+"\";\n"))
	put("components/we ird\nnämé\x1b.tsx", []byte(conv+"export const c = 1;\n"))
	put("components/bad-utf8.ts", []byte(conv+"export const d = \"\xff\xfe\xc3\";\n"))
	for link, target := range map[string]string{
		"components/loop.ts":  "loop.ts",
		"components/zero.ts":  "/dev/zero",
		"components/gone.ts":  "nowhere.ts",
		"components/outer.ts": "/etc/hostname",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "components", "fifo.ts"), 0o644); err != nil {
		t.Logf("no FIFO: %v", err)
	}
	put("components/locked.ts", []byte("export const e = 1;\n"))
	put("components/locked/inner.ts", []byte("export const f = 1;\n"))
	for _, name := range []string{"components/locked.ts", "components/locked"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
	}
}

// TestFindingsSameWithHostileNeighbours: the bundled Next.js example's findings are the same,
// message for message, when its folders also hold every kind of bad file.
func TestFindingsSameWithHostileNeighbours(t *testing.T) {
	clean, hostile := t.TempDir(), t.TempDir()
	for _, dir := range []string{clean, hostile} {
		copyTree(t, "../examples/nextjs-app", dir)
	}
	hostileNeighbours(t, hostile)

	want, _ := findings(t, clean, true, clean)
	if len(want) < 5 {
		t.Fatalf("the example reports %d findings; the comparison would prove little: %q", len(want), want)
	}
	got, res := findings(t, hostile, true, hostile)
	own := map[string]bool{}
	filepath.WalkDir(clean, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(clean, path)
			own[rel] = true
		}
		return nil
	})
	rebase := func(keys []string, dir string) []string {
		var out []string
		for _, k := range keys {
			rel, _ := filepath.Rel(dir, k[:strings.Index(k, ":")])
			if own[rel] {
				out = append(out, rel+k[strings.Index(k, ":"):])
			}
		}
		return out
	}
	sameList(t, "the example's findings with hostile neighbours", rebase(got, hostile), rebase(want, clean))

	// The neighbours are not silently dropped either: each one read is named in a notice. (The
	// syntax error and the deep nesting are in files no rule needs, so they are not parsed.)
	var said []string
	for _, n := range res.Notices {
		said = append(said, n.Path+": "+n.Message)
	}
	for _, k := range got {
		said = append(said, k)
	}
	all := strings.Join(said, "\n")
	for _, name := range []string{"Binary.ts", "Utf16.ts", "Huge.ts", "loop.ts", "zero.ts"} {
		if !strings.Contains(all, name) {
			t.Errorf("nothing names the hostile %s:\n%s", name, all)
		}
	}
}

// TestFileVanishesMidRun: a file removed between the walk and its read (a checkout or a build
// running beside the linter) is a notice; the other files' findings stand and the run succeeds.
func TestFileVanishesMidRun(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../examples/nextjs-app", dir)
	want, _ := findings(t, dir, true, dir)
	victim := filepath.Join(dir, "app", "page.tsx")
	defer lint.SetAfterWalk(func() { os.Remove(victim) })()
	got, res := findings(t, dir, true, dir)
	var rest []string
	for _, k := range want {
		if !strings.HasPrefix(k, victim+":") {
			rest = append(rest, k)
		}
	}
	if len(rest) == len(want) || len(rest) == 0 {
		t.Fatalf("the vanishing file should hold some, not all, of the findings: %q", want)
	}
	var after []string
	for _, k := range got {
		if !strings.Contains(k, "page.tsx") {
			after = append(after, k)
		}
	}
	if !slices.Equal(after, rest) {
		t.Errorf("findings of the files that stayed:\n got  %q\n want %q", after, rest)
	}
	if !slices.ContainsFunc(res.Notices, func(n project.Notice) bool { return strings.Contains(n.Path, "page.tsx") }) {
		t.Errorf("no notice names the vanished file: %v", res.Notices)
	}
}
