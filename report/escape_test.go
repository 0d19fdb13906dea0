package report

import "testing"

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"src/app.ts":                  "src/app.ts",
		"café/ünïcode.ts":             "café/ünïcode.ts",
		"a\nb":                        "a b",
		"a\r\n::error file=x::forged": `a\r ::error file=x::forged`,
		"\x1b[2Jvalue":                `\x1b[2Jvalue`,
		"tab\there":                   `tab\there`,
		"\xff\xfe":                    `\xff\xfe`,
		"bidi\u202eevil":              `bidi\u202eevil`,
		"sep\u2028x":                  `sep\u2028x`,
		"c1\u0085x":                   `c1\x85x`,
		"emoji 😀":                     "emoji 😀",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubCannotBeForged(t *testing.T) {
	if got := escapeProperty("a\n::error file=x::y\x1b[31m"); got != `a%0A%3A%3Aerror file=x%3A%3Ay\x1b[31m` {
		t.Errorf("file property: %q", got)
	}
	if got := escapeData("line\r\nnext \x1b]8;;evil\x07"); got != `line%0D%0Anext \x1b]8;;evil\x07` {
		t.Errorf("message: %q", got)
	}
}
