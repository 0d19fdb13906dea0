package sarif

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official OASIS SARIF 2.1.0 schema (errata01, draft-04) is not copied into this repo: gosec's
// module ships it as test data, fetched through the Go module proxy (checked against the checksum
// database), and the SHA-256 below pins the file itself. SARIF_SCHEMA=path overrides (e.g. offline).
const (
	schemaModule = "github.com/securego/gosec/v2@v2.30.0"
	schemaFile   = "report/sarif/testdata/sarif-schema-2.1.0.json"
	schemaSHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
)

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() { schema, schemaErr = loadSchema() })
	if schemaErr != nil {
		t.Fatalf("loading the SARIF schema: %v", schemaErr)
	}
	return schema
}

func loadSchema() (*jsonschema.Schema, error) {
	path := os.Getenv("SARIF_SCHEMA")
	if path == "" {
		// Run outside the main module so that go.mod and go.sum stay untouched.
		cmd := exec.Command("go", "mod", "download", "-json", schemaModule)
		cmd.Dir = os.TempDir()
		out, err := cmd.Output()
		var mod struct{ Dir, Error string }
		if jerr := json.Unmarshal(out, &mod); jerr != nil || mod.Dir == "" {
			return nil, fmt.Errorf("go mod download %s: %v %s %s", schemaModule, err, mod.Error, out)
		}
		path = filepath.Join(mod.Dir, filepath.FromSlash(schemaFile))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != schemaSHA256 {
		return nil, fmt.Errorf("%s: SHA-256 %x, want %s", path, sum, schemaSHA256)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("sarif-schema-2.1.0.json")
}

func validate(t *testing.T, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sarifSchema(t).Validate(inst)
}

// fakeFiles stands in for the repository: display path -> content.
type fakeFiles map[string]string

const root = "/repo/"

func (f fakeFiles) lineText(path string, line int) string {
	lines := strings.Split(f[strings.TrimPrefix(path, root)], "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return lines[line-1]
}

// loc finds the n-th (0-based) occurrence of needle in file and fills a Location the way the
// engine does: byte offsets, 1-based line, 1-based UTF-16 column, exclusive end.
func (f fakeFiles) loc(t testing.TB, file, needle string, n int) rules.Location {
	t.Helper()
	src := f[file]
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(src[off+1:], needle)
		if j < 0 {
			t.Fatalf("%q not found %d times in %s", needle, n+1, file)
		}
		off += 1 + j
	}
	return rules.Location{
		Path: root + file, DisplayPath: file,
		StartOffset: off, EndOffset: off + len(needle),
		Start: position(src, off), End: position(src, off+len(needle)),
	}
}

func position(src string, off int) rules.Position {
	line := 1 + strings.Count(src[:off], "\n")
	lineStart := strings.LastIndex(src[:off], "\n") + 1
	return rules.Position{Line: line, Column: 1 + len(utf16.Encode([]rune(src[lineStart:off])))}
}

var (
	secretRule = &rules.Rule{
		ID:               "hardcoded-api-key",
		Title:            "WorkOS API key hardcoded in source",
		Severity:         rules.Error,
		Tags:             []string{"config"},
		SecuritySeverity: 9,
		Precision:        "high",
		Fixable:          true,
		Doc: rules.Doc{
			Why: "A `sk_` key in source is readable by **anyone** with the repo; see [the docs](https://workos.com/docs).\n" +
				"Rotate it.\n\nSecond paragraph, help only.",
			Bad:   "const key = \"sk_test_123\";\n",
			Good:  "const key = process.env.WORKOS_API_KEY;\n",
			Lang:  "ts",
			Guide: "DON'T: Commit `WORKOS_API_KEY`.",
		},
	}
	ssoRule = &rules.Rule{
		ID:        "missing-sso-provider",
		Title:     "Auth config has no WorkOS provider",
		Severity:  rules.Warning,
		Tags:      []string{"correctness"},
		Precision: "very-high",
		Doc:       rules.Doc{Why: "Without the provider Convex rejects every WorkOS token.", Good: "providers: [workos]\n", Lang: "ts"},
	}
	offRule = &rules.Rule{
		ID: "noisy-rule", Title: "Noisy", Severity: rules.Warning, Precision: "low",
		Doc: rules.Doc{Why: "Turned off in the config."},
	}
)

var sampleFiles = fakeFiles{
	"convex/auth.config.ts": "export default {\n  providers: [\n    { apiKey: \"sk_test_123\" },\n  ],\n};\n",
	".env.local":            "WORKOS_API_KEY=sk_test_123\n",
	"src/my app/ünï😀.tsx":   "const a = 1;\nconst 😀 = \"x\"; providers();\n",
}

func sampleOptions(t testing.TB) Options {
	f := sampleFiles
	key := f.loc(t, "convex/auth.config.ts", `"sk_test_123"`, 0)
	env := f.loc(t, ".env.local", "sk_test_123", 0)
	call := f.loc(t, "src/my app/ünï😀.tsx", "providers()", 0)
	del := f.loc(t, "src/my app/ünï😀.tsx", "const a = 1;\n", 0)
	ins := call
	ins.End, ins.EndOffset = ins.Start, ins.StartOffset
	return Options{
		ToolVersion: "v1.2.3",
		Rules:       []*rules.Rule{secretRule, ssoRule, offRule},
		Severity: func(r *rules.Rule) rules.Severity {
			if r == offRule {
				return rules.Off
			}
			return r.Severity
		},
		Diagnostics: []rules.Diagnostic{
			{
				Rule: secretRule.ID, Severity: rules.Error, Location: key,
				Message: "WorkOS API key sk_test_123 is hardcoded: read it from process.env.WORKOS_API_KEY",
				Related: []rules.Related{{Location: env, Message: "the same key is set here"}},
				Fixes: []rules.Fix{{Message: "Read the key from process.env.WORKOS_API_KEY",
					Edits: []rules.Edit{{Location: key, NewText: "process.env.WORKOS_API_KEY"}}}},
			},
			{
				Rule: ssoRule.ID, Severity: rules.Warning, Location: call,
				Message: "providers() is called without the WorkOS provider.",
				Fixes: []rules.Fix{{Message: "Add the provider", Edits: []rules.Edit{
					{Location: del},
					{Location: ins, NewText: "workos, "},
				}}},
			},
		},
		Notices:  []Notice{{Path: "assets/logo 1.png", Message: "binary file skipped"}},
		Category: "convex-workos-lint",
		LineText: f.lineText,
	}
}

func write(t testing.TB, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decode(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// at walks a decoded document along a dotted path such as "runs.0.tool.driver".
func at(t testing.TB, v any, path string) any {
	t.Helper()
	for _, k := range strings.Split(strings.TrimSuffix(path, "."), ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i >= len(x) {
				t.Fatalf("%s: bad index %s", path, k)
			}
			v = x[i]
		default:
			t.Fatalf("%s: cannot step into %T at %s", path, v, k)
		}
	}
	return v
}

func TestSchemaValid(t *testing.T) {
	data := write(t, sampleOptions(t))
	if err := validate(t, data); err != nil {
		t.Fatalf("sample log does not match the SARIF schema: %v\n%s", err, data)
	}
	if err := validate(t, write(t, Options{})); err != nil {
		t.Fatalf("empty log does not match the SARIF schema: %v", err)
	}
}

func TestSchemaRejectsInvalid(t *testing.T) {
	for name, mutate := range map[string]func(m map[string]any){
		"fatal level": func(m map[string]any) {
			at(t, m, "runs.0.results.0").(map[string]any)["level"] = "fatal"
		},
		"no version": func(m map[string]any) { delete(m, "version") },
		"string line": func(m map[string]any) {
			at(t, m, "runs.0.results.0.locations.0.physicalLocation.region").(map[string]any)["startLine"] = "3"
		},
	} {
		m := decode(t, write(t, sampleOptions(t)))
		mutate(m)
		data, _ := json.Marshal(m)
		err := validate(t, data)
		if err == nil {
			t.Errorf("%s: schema accepted an invalid log", name)
			continue
		}
		t.Logf("%s: rejected: %s", name, strings.ReplaceAll(err.Error(), "\n", " "))
	}
}

func TestShape(t *testing.T) {
	data := write(t, sampleOptions(t))
	if !bytes.HasSuffix(data, []byte("}\n")) || !bytes.Contains(data, []byte("\n  \"version\"")) {
		t.Errorf("want 2-space indent and a trailing newline")
	}
	if !bytes.Equal(data, write(t, sampleOptions(t))) {
		t.Errorf("output is not deterministic")
	}
	m := decode(t, data)
	noEmpty(t, m, "")

	check := func(path string, want any) {
		t.Helper()
		if got := at(t, m, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	check("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
	check("version", "2.1.0")
	if n := len(m["runs"].([]any)); n != 1 {
		t.Fatalf("%d runs, want 1", n)
	}
	check("runs.0.columnKind", "utf16CodeUnits")
	check("runs.0.automationDetails.id", "convex-workos-lint/")
	check("runs.0.tool.driver.name", "convex-workos-lint")
	check("runs.0.tool.driver.semanticVersion", "1.2.3")
	check("runs.0.tool.driver.informationUri", "https://github.com/convex-workos-lint/convex-workos-lint")
	check("runs.0.invocations.0.executionSuccessful", true)
	check("runs.0.invocations.0.toolExecutionNotifications.0.level", "warning")
	check("runs.0.invocations.0.toolExecutionNotifications.0.message.text", "binary file skipped.")
	check("runs.0.invocations.0.toolExecutionNotifications.0.locations.0.physicalLocation.artifactLocation.uri", "assets/logo%201.png")

	drv := "runs.0.tool.driver.rules."
	if n := len(at(t, m, "runs.0.tool.driver.rules").([]any)); n != 3 {
		t.Fatalf("%d rules, want 3", n)
	}
	check(drv+"0.id", "hardcoded-api-key")
	check(drv+"0.name", "HardcodedApiKey")
	check(drv+"1.name", "MissingSsoProvider")
	check(drv+"0.shortDescription.text", "WorkOS API key hardcoded in source.")
	check(drv+"0.fullDescription.text", "A sk_ key in source is readable by anyone with the repo; see the docs. Rotate it.")
	// A release links the docs at its tag.
	check(drv+"0.helpUri", "https://github.com/convex-workos-lint/convex-workos-lint/blob/v1.2.3/docs/rules/hardcoded-api-key.md")
	check(drv+"0.defaultConfiguration.level", "error")
	check(drv+"1.defaultConfiguration.level", "warning")
	check(drv+"2.defaultConfiguration.level", "none")
	check(drv+"0.properties.tags", []any{"config", "security"})
	check(drv+"0.properties.precision", "high")
	check(drv+"0.properties.security-severity", "9.0")
	check(drv+"1.properties.tags", []any{"correctness"})
	for i := 1; i < 3; i++ {
		if _, ok := at(t, m, fmt.Sprintf("%s%d.properties", drv, i)).(map[string]any)["security-severity"]; ok {
			t.Errorf("rule %d is not a security rule but has security-severity", i)
		}
	}
	md := at(t, m, drv+"0.help.markdown").(string)
	for _, want := range []string{"**anyone**", "Second paragraph", "Bad:\n\n```ts\nconst key = \"sk_test_123\";\n```",
		"Good:\n\n```ts\nconst key = process.env.WORKOS_API_KEY;\n```", "The guide: DON'T: Commit `WORKOS_API_KEY`."} {
		if !strings.Contains(md, want) {
			t.Errorf("help.markdown lacks %q:\n%s", want, md)
		}
	}
	if txt := at(t, m, drv+"0.help.text").(string); strings.ContainsAny(txt, "`*") || !strings.Contains(txt, "Bad:") {
		t.Errorf("help.text is not plain text with examples:\n%s", txt)
	}

	r0, r1 := "runs.0.results.0.", "runs.0.results.1."
	check(r0+"ruleId", "hardcoded-api-key")
	check(r0+"ruleIndex", 0)
	check(r1+"ruleIndex", 1)
	check(r0+"level", "error")
	check(r1+"level", "warning")
	check(r0+"message.text", "WorkOS API key sk_test_123 is hardcoded: read it from process.env.WORKOS_API_KEY.")
	check(r1+"message.text", "providers() is called without the WorkOS provider.")
	check(r0+"locations.0.physicalLocation.artifactLocation.uri", "convex/auth.config.ts")
	check(r0+"locations.0.physicalLocation.artifactLocation.uriBaseId", "%SRCROOT%")
	check(r0+"locations.0.physicalLocation.region", map[string]any{"startLine": 3, "startColumn": 15, "endLine": 3, "endColumn": 28})
	// "😀" is two UTF-16 code units and its bytes are escaped as UTF-8.
	check(r1+"locations.0.physicalLocation.artifactLocation.uri", "src/my%20app/%C3%BCn%C3%AF%F0%9F%98%80.tsx")
	check(r1+"locations.0.physicalLocation.region", map[string]any{"startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 28})
	check(r0+"relatedLocations.0.id", 1)
	check(r0+"relatedLocations.0.message.text", "the same key is set here.")
	check(r0+"relatedLocations.0.physicalLocation.artifactLocation.uri", ".env.local")
	check(r0+"fixes.0.description.text", "Read the key from process.env.WORKOS_API_KEY.")
	check(r0+"fixes.0.artifactChanges.0.replacements.0.insertedContent.text", "process.env.WORKOS_API_KEY")
	check(r1+"fixes.0.artifactChanges.0.replacements.0.deletedRegion", map[string]any{"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 1})
	if _, ok := at(t, m, r1+"fixes.0.artifactChanges.0.replacements.0").(map[string]any)["insertedContent"]; ok {
		t.Errorf("a deletion has insertedContent")
	}
	check(r1+"fixes.0.artifactChanges.0.replacements.1.deletedRegion", map[string]any{"startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 17})
	if _, ok := at(t, m, r1).(map[string]any)["relatedLocations"]; ok {
		t.Errorf("relatedLocations present without related locations")
	}
	for _, r := range []string{r0, r1} {
		if fp := at(t, m, r+"partialFingerprints.primaryLocationLineHash").(string); len(fp) != 18 || !strings.HasSuffix(fp, ":1") {
			t.Errorf("primaryLocationLineHash = %q, want 16 hex digits and :1", fp)
		}
	}
	if bytes.Contains(data, []byte(root)) {
		t.Errorf("output contains the absolute path %s", root)
	}
}

func TestEmptyRun(t *testing.T) {
	m := decode(t, write(t, Options{ToolVersion: "(devel)"}))
	noEmpty(t, m, "")
	if r, ok := at(t, m, "runs.0").(map[string]any)["results"].([]any); !ok || len(r) != 0 {
		t.Errorf("results = %v, want an empty array (absent means the tool did not run)", r)
	}
	if r, ok := at(t, m, "runs.0.tool.driver").(map[string]any)["rules"].([]any); !ok || len(r) != 0 {
		t.Errorf("driver.rules = %v, want an empty array (GitHub requires it)", r)
	}
	for _, k := range []string{"automationDetails", "originalUriBaseIds"} {
		if _, ok := at(t, m, "runs.0").(map[string]any)[k]; ok {
			t.Errorf("%s present", k)
		}
	}
	if v := at(t, m, "runs.0.tool.driver.semanticVersion"); v != "0.0.0-devel" {
		t.Errorf("driver.semanticVersion = %v, want 0.0.0-devel", v)
	}
}

// noEmpty fails on empty strings, arrays and objects, except run.results (empty means "ran and
// found nothing", absent means "did not run") and driver.rules, which GitHub requires.
func noEmpty(t *testing.T, v any, path string) {
	t.Helper()
	switch x := v.(type) {
	case string:
		if x == "" {
			t.Errorf("%s: empty string", path)
		}
	case []any:
		if len(x) == 0 && path != ".runs.0.results" && path != ".runs.0.tool.driver.rules" {
			t.Errorf("%s: empty array", path)
		}
		for i, e := range x {
			noEmpty(t, e, fmt.Sprintf("%s.%d", path, i))
		}
	case map[string]any:
		if len(x) == 0 {
			t.Errorf("%s: empty object", path)
		}
		for k, e := range x {
			noEmpty(t, e, path+"."+k)
		}
	}
}

func TestTruncation(t *testing.T) {
	const n = MaxResults + 10
	o := Options{ToolVersion: "1.0.0", Rules: []*rules.Rule{ssoRule}}
	for i := 0; i < n; i++ {
		o.Diagnostics = append(o.Diagnostics, rules.Diagnostic{
			Rule: ssoRule.ID, Severity: rules.Warning, Message: fmt.Sprintf("finding %d", i),
			Location: rules.Location{Path: root + "a.ts", DisplayPath: "a.ts",
				Start: rules.Position{Line: i + 1, Column: 1}, End: rules.Position{Line: i + 1, Column: 2}},
		})
	}
	data := write(t, o)
	var log Log
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != MaxResults {
		t.Fatalf("%d results, want %d", len(res), MaxResults)
	}
	if res[0].Message.Text != "finding 0." || res[MaxResults-1].Message.Text != fmt.Sprintf("finding %d.", MaxResults-1) {
		t.Errorf("did not keep the first %d results in order", MaxResults)
	}
	notes := log.Runs[0].Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "warning" || !strings.HasPrefix(notes[0].Message.Text, "10 results were dropped") {
		t.Errorf("notifications = %+v, want one saying 10 results were dropped", notes)
	}
	if err := validate(t, data); err != nil {
		t.Errorf("truncated log does not match the schema: %v", err)
	}
}

func fingerprints(t *testing.T, files fakeFiles, needles ...string) []string {
	t.Helper()
	o := Options{Rules: []*rules.Rule{secretRule}, LineText: files.lineText}
	seen := map[string]int{}
	for _, nd := range needles {
		o.Diagnostics = append(o.Diagnostics, rules.Diagnostic{Rule: secretRule.ID, Severity: rules.Error,
			Message: "m", Location: files.loc(t, "a.ts", nd, seen[nd])})
		seen[nd]++
	}
	var log Log
	if err := json.Unmarshal(write(t, o), &log); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range log.Runs[0].Results {
		out = append(out, r.PartialFingerprints["primaryLocationLineHash"])
	}
	return out
}

func TestFingerprintStable(t *testing.T) {
	src := "import x from \"y\";\nconst k = \"sk_1\";\n\nfunction f() {\n    const k = \"sk_1\";\n  g(\"sk_2\");\n}\n"
	needles := []string{`"sk_1"`, `"sk_1"`, `"sk_2"`}
	before := fingerprints(t, fakeFiles{"a.ts": src}, needles...)
	// Three unrelated lines above, and the findings re-indented.
	shifted := "// header\n\nimport z from \"z\";\n" + strings.ReplaceAll(src, "\n    const", "\n\tconst")
	after := fingerprints(t, fakeFiles{"a.ts": shifted}, needles...)
	if strings.Join(before, " ") != strings.Join(after, " ") {
		t.Errorf("fingerprints moved with unrelated lines:\nbefore %v\nafter  %v", before, after)
	}
	// Same rule and same normalised line text: told apart by the occurrence counter.
	if before[0][:16] != before[1][:16] || before[0] == before[1] || !strings.HasSuffix(before[1], ":2") {
		t.Errorf("duplicate lines: %v, want same hash with :1 and :2", before[:2])
	}
	if before[2][:16] == before[0][:16] {
		t.Errorf("different lines share a hash: %v", before)
	}
	edited := strings.Replace(src, "g(\"sk_2\");", "g(\"sk_2\", 1);", 1)
	if e := fingerprints(t, fakeFiles{"a.ts": edited}, needles...); e[2] == before[2] || e[0] != before[0] {
		t.Errorf("editing the finding's line: before %v, after %v; want only the third to change", before, e)
	}
}

func TestSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "1.2.3", "1.0.0-rc.1+meta": "1.0.0-rc.1+meta",
		"v0.0.0-20250101000000-abcdef123456": "0.0.0-20250101000000-abcdef123456",
		"(devel)":                            "0.0.0-devel", "": "0.0.0-unknown", "v1.2": "0.0.0-v1.2",
	} {
		if got := semanticVersion(in); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"convex/auth.config.ts": "convex/auth.config.ts",
		"a b/c#d?e%f.ts":        "a%20b/c%23d%3Fe%25f.ts",
		"c:x/[id].tsx":          "c%3Ax/%5Bid%5D.tsx",
		"../up/ü.ts":            "../up/%C3%BC.ts",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriteSample writes the sample log to $SARIF_OUT for external validators (CI runs Microsoft's
// SARIF Multitool on it).
func TestWriteSample(t *testing.T) {
	out := os.Getenv("SARIF_OUT")
	if out == "" {
		t.Skip("SARIF_OUT not set")
	}
	if err := os.WriteFile(out, write(t, sampleOptions(t)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDocsRef(t *testing.T) {
	for v, want := range map[string]string{
		"1.2.3":                  "v1.2.3",
		"0.2.0":                  "v0.2.0",
		"0.0.0-dev+0123456789ab": "main",
		"0.0.0-devel":            "main",
		"1.0.0-rc.1":             "main",
	} {
		if got := docsRef(v); got != want {
			t.Errorf("docsRef(%q) = %q, want %q", v, got, want)
		}
	}
}
