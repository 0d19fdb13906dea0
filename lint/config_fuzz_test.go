package lint

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

var configErrPos = regexp.MustCompile(`^config [^:]*\.json:(\d+):(\d+): `)

// FuzzLoadConfig reads any text as .convex-workos-lint.json (parseConfig, LoadConfig after the read): never a panic; an error names
// the file (with a line and column inside the file when it gives one); a config that loads
// has only known severities and answers For and Ignored for any path.
func FuzzLoadConfig(f *testing.F) {
	f.Add(`{"rules": {"workos-api-key-in-source": "off", "hardcoded-client-id": "warn"}, "ignore": ["dist/**"]}`)
	f.Add(`{"rules": {"no-such-rule": "error"}}`)
	f.Add(`{"ignore": "not a list", "envFiles": [1, 2]}`)
	f.Add(`{"rules": {"hardcoded-client-id": "loud"}, // comment
}`)
	f.Add("{\"rules\": {\n\"a\": \"off\",,}\n")
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, src string) {
		dir := filepath.FromSlash("/p")
		path := filepath.Join(dir, ConfigFileName)
		cfg, err := parseConfig(path, path, src)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "config "+path) {
				t.Fatalf("error does not name the file: %q", msg)
			}
			if m := configErrPos.FindStringSubmatch(msg); m != nil {
				// \r, \u2028 and \u2029 end lines too, as in JavaScript.
				lastLine, _ := parser.NewLines(src).Position(len(src))
				line, _ := strconv.Atoi(m[1])
				col, _ := strconv.Atoi(m[2])
				if line < 1 || line > lastLine || col < 1 {
					t.Fatalf("error at %d:%d outside the file: %q", line, col, msg)
				}
			}
			return
		}
		for id, sev := range cfg.Rules {
			switch sev {
			case rules.Off, rules.Warning, rules.Error:
			default:
				t.Fatalf("rule %s has severity %v", id, sev)
			}
		}
		for _, p := range []string{filepath.Join(dir, "src", "a.ts"), filepath.Join(dir, ".env"), dir} {
			cfg.For(p)
			cfg.Ignored(p, p == dir)
		}
	})
}
