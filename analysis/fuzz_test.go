package analysis

import "testing"

// FuzzNextMatcher: a middleware matcher (path-to-regexp syntax, then a JavaScript regexp)
// from any config text compiles or errors, never panics or hangs.
func FuzzNextMatcher(f *testing.F) {
	for _, seed := range []string{
		"/((?!_next/static|_next/image|favicon.ico).*)", "/dashboard/:path*", "/:locale(en|fr)?/x",
		"/api/(.*)", "(", "/:a{-:b}?", "\\(", "/[id]", "/((?<n>a)|b)",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tokens, err := ptrParse(s); err == nil {
			if src, err := ptrTokensToRegexp(tokens); err == nil {
				if re, err := compileJSRegexp(src); err == nil {
					re.MatchString("/dashboard/a")
				}
			}
		}
		if re, err := compileJSRegexp(s); err == nil {
			re.MatchString("/x/y")
		}
	})
}
