package report

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestJUnitReadByJunit2json feeds --format junit to junit2json (npm), a real JUnit XML reader
// (BigQuery/CI dashboards), and checks what it read back. .ci/run installs it into .ci/.tools.
func TestJUnitReadByJunit2json(t *testing.T) {
	dir := os.Getenv("JUNIT2JSON_MODULE")
	if dir == "" {
		dir, _ = filepath.Abs(filepath.Join("..", ".ci", ".tools", "node_modules", "junit2json"))
	}
	_, errNode := exec.LookPath("node")
	_, errPkg := os.Stat(filepath.Join(dir, "package.json"))
	if errNode != nil || errPkg != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node or junit2json missing (%v, %v): .ci/run installs it into .ci/.tools", errNode, errPkg)
		}
		t.Skipf("node or %s missing (see .ci/run)", dir)
	}
	xmlFile := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(xmlFile, []byte(print(t, JUnit{}, ciDiags()...)), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `import { parse } from ` + jsString(filepath.Join(dir, "dist", "esm", "index.js")) + `;
import { readFileSync } from "node:fs";
const r = await parse(readFileSync(process.argv[1], "utf8"));
console.log(JSON.stringify(r));`
	cmd := exec.Command("node", "--input-type=module", "-e", script, xmlFile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("junit2json: %v\n%s", err, out)
	}
	var got struct {
		Name       string  `json:"name"`
		Tests      float64 `json:"tests"`
		Failures   float64 `json:"failures"`
		TestSuites []struct {
			Name      string  `json:"name"`
			Tests     float64 `json:"tests"`
			TestCases []struct {
				Name    string `json:"name"`
				Failure []struct {
					Message string `json:"message"`
					Inner   string `json:"inner"`
				} `json:"failure"`
			} `json:"testcase"`
		} `json:"testsuite"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Name != "convex-workos-lint" || got.Tests != 3 || got.Failures != 3 || len(got.TestSuites) != 2 {
		t.Fatalf("junit2json read %s", out)
	}
	s := got.TestSuites[0]
	if s.Name != "src/a.ts" || s.Tests != 2 || len(s.TestCases) != 2 || len(s.TestCases[0].Failure) != 1 ||
		s.TestCases[0].Failure[0].Message != "first" {
		t.Errorf("first suite read as %+v", s)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
