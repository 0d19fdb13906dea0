package analysis

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// ContainsAnyKeyIn answers as ContainsAnyKey on the text, before and after ReleaseText
// dropped it: hook names from what was kept, other names by reading the file again.
func TestContainsAnyKeyInReleased(t *testing.T) {
	src := "const a = useuseCurrentUser(); // user0 useX9\nfunction f() { return use$Odd + reuse; }\n"
	path := filepath.Join(t.TempDir(), "a.ts")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	names := [][]string{
		{"useCurrentUser"}, {"useCurrent"}, {"useuseCurrentUser"}, {"useCurrentUserX"}, {"useX"},
		{"useX9"}, {"useX99"}, {"use"}, {"useOdd"}, {"useSession", "useX9"}, {"useSession"},
		{"user0"}, {"reuse"}, {"useSession", "reuse"}, {"use$Odd"}, {},
	}
	fresh := &project.File{Path: path, Kind: project.KindJS}
	released := &project.File{Path: path, Kind: project.KindJS}
	if !ReleaseText(released) || !released.Released() {
		t.Fatal("ReleaseText kept the text")
	}
	// Hook names are answered without the file: it is gone.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	check := func(f *project.File, what string, hooksOnly bool) {
		for _, ns := range names {
			words := map[string]bool{}
			hooks := true
			for _, n := range ns {
				words[n] = true
				hooks = hooks && IsHookName(n)
			}
			if hooks != hooksOnly {
				continue
			}
			if got, want := ContainsAnyKeyIn(f, words), ContainsAnyKey(src, words); got != want {
				t.Errorf("ContainsAnyKeyIn(%s, %q) = %v, want %v", what, ns, got, want)
			}
		}
	}
	check(released, "released, file removed", true)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	check(released, "released", false)
	check(released, "released, read again", true)
	check(fresh, "read", true)
	check(fresh, "read", false)
}
