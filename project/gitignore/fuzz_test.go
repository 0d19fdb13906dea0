package gitignore

import "testing"

// FuzzWildmatch: any pattern against any path ends, bounded, without a panic; the .gitignore
// parser takes any bytes.
func FuzzWildmatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"**/node_modules/**", "a/node_modules/b.js"}, {"*.env", ".env"}, {"[!a-", "b"}, {"\\", "x"},
		{"**/**/**/**/x", "a/b/c/d/e/f/g/y"}, {"[[:alpha:]]*", "a"}, {"/a/**/b", "a/b"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pat, text string) {
		for _, pathname := range []bool{true, false} {
			budget := maxGlobSteps
			glob(pat, text, pathname, &budget)
			if budget < -len(pat)-1 {
				t.Fatalf("%q against %q: %d steps past the bound", pat, text, -budget)
			}
		}
		parse([]byte(pat+"\n"+text), "")
	})
}
