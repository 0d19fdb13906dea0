package analysis

import "testing"

func TestIsTestPath(t *testing.T) {
	for path, want := range map[string]bool{
		"/repo/src/a.ts": false, "/repo/src/a.test.ts": true, "/repo/src/a.spec.tsx": true,
		"/repo/tests/a.ts": true, "/repo/src/__tests__/deep/a.ts": true, "/repo/e2e/a.ts": true,
		"/repo/testdata/x/a.ts": true, "/repo/src/fixtures/a.ts": true, "/repo/src/testing/a.ts": false,
		"/repo/latest/a.ts": false, "a.ts": false, "tests/a.ts": true, "/test": false, "/test/a.ts": true,
	} {
		if got := IsTestPath(path); got != want {
			t.Errorf("IsTestPath(%q) = %v, want %v", path, got, want)
		}
	}
}
