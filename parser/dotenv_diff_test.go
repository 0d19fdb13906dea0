package parser

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// dotenvVersion is the dotenv that @next/env bundles (its parse is unchanged through 17.4.2,
// which Vite uses). .ci/run installs it into .ci/.tools.
const dotenvVersion = "16.3.1"

// dotenvCases are the edge cases the differential test feeds to both parsers.
var dotenvCases = []string{
	"A=abc#def",
	"WORKOS_COOKIE_PASSWORD=Xq7#k2Lp9vR4tY8wZ1mN6bC3dF5gH0jK",
	"A=abc # def",
	"A=\"abc#def\"",
	"A='abc#def'",
	"A=`abc#def`",
	"A: v",
	"A:v",
	"A :v",
	"A:  spaced  ",
	"A=\"a\\tb\\\\c\\nd\\re\"",
	"A='a\\nb'",
	"A=`a\\nb`",
	"A=a\\nb",
	"A=\"q\"trailing",
	"A=\"q\" # c",
	"A='it\\'s'",
	"A=\"x\\\"y\"",
	"A=`x\\`y`",
	"export A=1",
	"export  A = 1",
	"exportA=1",
	"export A",
	"A=\"l1\nl2\"",
	"A='l1\nl2'\nB=2",
	"A=`l1\r\nl2`\r\nB=2",
	"A=\"unterminated\nB=2",
	"\ufeffA=1\nB=2",
	"\ufeff# c\nA=1",
	"A=1\r\nB=2\r\n",
	"A=1\rB=2",
	"A\n=b",
	"A=\n\"foo\"",
	"A=\nB=2",
	"A=",
	"A=   ",
	"  A  =  padded  ",
	"\tA=\ttab\t",
	"A.B-C_D=1",
	"1A=x",
	"A B=1",
	"A=1\nA=2",
	"# A=1\nB=2",
	"A=${B}\nB=x",
	"A=\"\"",
	"A=''",
	"A=\"'\"",
	"A='\"'",
	"A=\"",
	"A=a=b=c",
	"A=https://x.test/#frag",
	"A=\"a\" \"b\"",
	"A=\u00a0v\u00a0",
	"A=naïve ünïcode",
	"A=v # c\n  # indented comment\nB=w",
	"A=\"multi\n# inside\nline\" # after\nB=1",
}

type dotenvResult struct {
	Parsed map[string]string `json:"parsed"`
	// Spans: for each key, dotenv.parse of "K=" + the raw span the Go parser reports.
	Spans map[string]string `json:"spans"`
}

const dotenvScript = `
const dotenv = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = input.map(c => {
  const spans = {};
  for (const [k, raw] of Object.entries(c.spans)) spans[k] = dotenv.parse('K=' + raw).K ?? null;
  return {parsed: dotenv.parse(c.src), spans};
});
process.stdout.write(JSON.stringify(out));
`

func dotenvModule(t *testing.T) string {
	dir := os.Getenv("DOTENV_MODULE")
	if dir == "" {
		dir, _ = filepath.Abs(filepath.Join("..", ".ci", ".tools", "node_modules", "dotenv"))
	}
	_, errNode := exec.LookPath("node")
	pkg, errPkg := os.ReadFile(filepath.Join(dir, "package.json"))
	if errNode != nil || errPkg != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node or dotenv missing (%v, %v): .ci/run installs dotenv@%s into .ci/.tools", errNode, errPkg, dotenvVersion)
		}
		t.Skipf("node or %s missing (see .ci/run)", dir)
	}
	var meta struct{ Version string }
	if err := json.Unmarshal(pkg, &meta); err != nil || meta.Version != dotenvVersion {
		t.Fatalf("%s is dotenv %q, want %s", dir, meta.Version, dotenvVersion)
	}
	return dir
}

// TestDotenvDifferential runs the real dotenv.parse on every case and compares keys, values and
// the value spans the linter reports (re-parsed alone, a span must give dotenv's value).
func TestDotenvDifferential(t *testing.T) {
	if len(dotenvCases) < 40 {
		t.Fatalf("only %d cases", len(dotenvCases))
	}
	mod := dotenvModule(t)
	type input struct {
		Src   string            `json:"src"`
		Spans map[string]string `json:"spans"`
	}
	var in []input
	var parsed []*EnvFile
	for _, src := range dotenvCases {
		f := ParseEnv(src)
		parsed = append(parsed, f)
		spans := map[string]string{}
		for _, e := range f.Entries {
			spans[e.Key] = src[e.ValueStart:e.ValueEnd]
		}
		in = append(in, input{src, spans})
	}
	data, _ := json.Marshal(in)
	cmd := exec.Command("node", "-e", dotenvScript, mod)
	cmd.Stdin = strings.NewReader(string(data))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var results []dotenvResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("node output: %v", err)
	}
	for i, src := range dotenvCases {
		got := map[string]string{}
		for _, e := range parsed[i].Entries {
			got[e.Key] = e.Value
		}
		want := results[i].Parsed
		for k, v := range want {
			if g, ok := got[k]; !ok || g != v {
				t.Errorf("%q: %s = %q (%v), dotenv %q", src, k, g, ok, v)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%q: key %s that dotenv does not see", src, k)
			}
		}
		for _, e := range parsed[i].Entries {
			if src[e.KeyStart:e.KeyEnd] != e.Key {
				t.Errorf("%q: key span %q, key %s", src, src[e.KeyStart:e.KeyEnd], e.Key)
			}
			last, _ := parsed[i].Lookup(e.Key)
			if last != e {
				continue
			}
			raw := src[e.ValueStart:e.ValueEnd]
			if strings.TrimSpace(raw) != raw {
				t.Errorf("%q: %s value span %q is not trimmed", src, e.Key, raw)
			}
			if s := results[i].Spans[e.Key]; s != want[e.Key] {
				t.Errorf("%q: %s value span %q reads as %q, dotenv value %q", src, e.Key, raw, s, want[e.Key])
			}
		}
	}
}
