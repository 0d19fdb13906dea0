package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// workosKey makes a key shaped like a real WorkOS one: prefix + base64("key_<ULID>,<secret>").
func workosKey(prefix string) string {
	b := make([]byte, 26+40)
	rand.Read(b)
	ulid := make([]byte, 26)
	for i := range ulid {
		ulid[i] = crockford[int(b[i])%len(crockford)]
	}
	ulid[0] = "01"[b[0]%2] // a ULID's first character is at most 7
	secret := base64.RawURLEncoding.EncodeToString(b[26:])
	return prefix + base64.RawStdEncoding.EncodeToString([]byte("key_"+string(ulid)+","+secret))
}

func randomPassword(n int) string {
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alpha[int(b[i])%len(alpha)]
	}
	return string(b)
}

// formats reads the registered output formats from the linter's own error message, so a new
// format is checked without editing this test.
func formats(t *testing.T) []string {
	var out, errb bytes.Buffer
	run([]string{"--format", "no-such-format", "."}, strings.NewReader(""), &out, &errb)
	m := regexp.MustCompile(`\(want ([a-z, ]+) or ([a-z]+)\)`).FindStringSubmatch(errb.String())
	if m == nil {
		t.Fatalf("cannot read the format list from %q", errb.String())
	}
	list := append(strings.Split(m[1], ", "), m[2])
	if len(list) < 4 {
		t.Fatalf("format list %v is too short", list)
	}
	return list
}

// TestNoKeyFragmentInAnyOutput plants freshly generated WorkOS-shaped keys and cookie passwords
// in every kind of place the linter reads, runs every output format (a directory and stdin), and
// fails if any output, stdout or stderr, holds any 8-character run of a key body or password.
func TestNoKeyFragmentInAnyOutput(t *testing.T) {
	live, test := workosKey("sk_live_"), workosKey("sk_test_")
	live2, test2 := workosKey("sk_live_"), workosKey("sk_test_")
	short, long := randomPassword(20), randomPassword(40)
	dir := t.TempDir()
	files := map[string]string{
		"package.json": `{"dependencies": {"next": "15.0.0", "@workos-inc/node": "7.0.0", "@workos-inc/authkit-nextjs": "2.0.0", "convex": "1.17.0"}}`,
		"src/workos.ts": "import { WorkOS } from \"@workos-inc/node\";\n" +
			"export const workos = new WorkOS(\"" + live + "\");\n" +
			"// the old key was " + test + "\n" +
			"/* and " + live2 + " */\n" +
			"export const tpl = `Bearer " + test2 + "`;\n" +
			"export const session = { cookiePassword: \"" + long + "\" };\n" +
			"export const weak = { cookiePassword: \"" + short + "\" };\n",
		"app/page.tsx": "'use client';\nexport default function P() {\n" +
			"  return <div data-key=\"" + live + "\" title={`" + test + "`}>{\"" + live2 + "\"}</div>;\n}\n",
		"src/broken.ts": "const key = \"" + live + "\";\nconst pw = \"" + long + "\";\nfunction ( {\n",
		".env": "WORKOS_API_KEY=" + live + "\nWORKOS_COOKIE_PASSWORD=" + short + "\n" +
			"NEXT_PUBLIC_WORKOS_API_KEY=" + test + "\nNEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=" + long + "\n",
		".env.production":    "WORKOS_API_KEY=" + test2 + "\n",
		"config/workos.json": `{"workos": {"apiKey": "` + live2 + `", "cookiePassword": "` + long + `"}}`,
		"deploy.yml":         "env:\n  WORKOS_API_KEY: " + test + "\n  WORKOS_COOKIE_PASSWORD: " + short + "\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdinBuf := "// unsaved\nexport const k = \"" + live + "\"; const t = `" + test2 + "`;\nexport const c = { cookiePassword: \"" + short + "\" };\n"
	brokenStdin := "const k = \"" + test + "\";\nconst pw = \"" + long + "\";\n}}} (\n"
	t.Chdir(dir)

	secrets := map[string]string{
		"live key": live[len("sk_live_"):], "test key": test[len("sk_test_"):],
		"second live key": live2[len("sk_live_"):], "second test key": test2[len("sk_test_"):],
		"short cookie password": short, "long cookie password": long,
	}
	type runSpec struct {
		name  string
		args  []string
		stdin string
	}
	var runs []runSpec
	for _, f := range formats(t) {
		runs = append(runs,
			runSpec{f + " (tree)", []string{"--format", f, "."}, ""},
			runSpec{f + " (stdin)", []string{"--format", f, "--stdin-filename", "src/unsaved.ts"}, stdinBuf},
			runSpec{f + " (stdin, syntax error)", []string{"--format", f, "--stdin-filename", "src/broken2.ts"}, brokenStdin},
		)
	}
	// --debug's context on stderr: env files are counted, never shown.
	runs = append(runs, runSpec{"--debug (tree)", []string{"--debug", "."}, ""})
	sawFinding := false
	for _, r := range runs {
		var out, errb bytes.Buffer
		code := run(r.args, strings.NewReader(r.stdin), &out, &errb)
		if code == 2 {
			t.Errorf("%s: exit 2: %s", r.name, errb.String())
		}
		if code == 1 {
			sawFinding = true
		}
		all := out.String() + errb.String()
		masked := false
		for _, k := range []string{live, test, live2, test2} {
			masked = masked || strings.Contains(all, "…"+k[len(k)-4:])
		}
		if !masked {
			t.Errorf("%s: no masked key in the output; the check proves nothing:\n%s", r.name, all)
		}
		for what, s := range secrets {
			// A key body's first 8 characters encode "key_0" and one more ULID character: shared
			// by one key in 32 with the key in workos-api-key-in-source's doc example, not secret.
			start := 0
			if strings.Contains(what, "key") {
				start = 8
			}
			for i := start; i+8 <= len(s); i++ {
				if run := s[i : i+8]; strings.Contains(all, run) {
					t.Errorf("%s: output holds %q, 8 characters of the %s", r.name, run, what)
					break
				}
			}
		}
	}
	if !sawFinding {
		t.Error("no run reported a finding")
	}
}
