package main

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// testVersion is stamped into the test builds: a string no build contains by accident.
const testVersion = "9.8.7-test.4242"

// release runs the release tool (release/, its own module) for the given targets.
func release(t *testing.T, out string, targets ...string) {
	t.Helper()
	releaseVersion(t, testVersion, out, targets...)
}

func releaseVersion(t *testing.T, version, out string, targets ...string) {
	t.Helper()
	args := []string{"run", ".", "-repo", "..", "-version", version, "-out", out, "-npm"}
	if len(targets) > 0 {
		args = append(args, "-targets", strings.Join(targets, ","))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Join(repoRoot(t), "release")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func needNPM(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm", "npx"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; CI needs Node.js and npm", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// pathWithoutGo is $PATH less every directory holding a go binary: what a user without Go has.
func pathWithoutGo() string {
	var keep []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			continue
		}
		keep = append(keep, dir)
	}
	return strings.Join(keep, string(filepath.ListSeparator))
}

// packNPM builds the host's binary and packs the main and platform npm packages; it returns
// the two tarballs.
func packNPM(t *testing.T, tmp string) (mainTgz, platformTgz string) {
	t.Helper()
	dist := filepath.Join(tmp, "dist")
	release(t, dist, runtime.GOOS+"/"+runtime.GOARCH)
	platform := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	goos := map[string]string{"windows": "win32"}[runtime.GOOS]
	if goos == "" {
		goos = runtime.GOOS
	}
	tgz := filepath.Join(tmp, "tgz")
	if err := os.MkdirAll(tgz, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := func(dir string) string {
		cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", tgz)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("npm pack in %s: %v", dir, err)
		}
		return filepath.Join(tgz, strings.TrimSpace(string(out)))
	}
	return pack(filepath.Join(dist, "npm", "convex-workos-lint")), pack(filepath.Join(dist, "npm", goos+"-"+platform))
}

// npmInstall installs tarballs into a fresh project at dir, as a user would (--no-save: no lockfile).
func npmInstall(t *testing.T, dir string, extra []string, tarballs ...string) {
	t.Helper()
	writeFiles(t, dir, map[string]string{"package.json": `{"name": "app", "private": true}` + "\n"})
	args := append([]string{"install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"}, extra...)
	cmd := exec.Command("npm", append(args, tarballs...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install: %v\n%s", err, out)
	}
}

// TestNPMPackage installs the packed npm packages into a fresh project and runs the linter
// through npx with no Go on PATH: what a TypeScript developer does.
func TestNPMPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release binary and runs npm")
	}
	needNPM(t)
	tmp := t.TempDir()
	mainTgz, platformTgz := packNPM(t, tmp)

	app := filepath.Join(tmp, "app")
	npmInstall(t, app, nil, mainTgz, platformTgz)
	copyWorkingTree(t, filepath.Join(repoRoot(t), "examples", "nextjs-app"), filepath.Join(app, "examples", "nextjs-app"))

	npx := func(dir string, args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command("npx", append([]string{"--no-install", "convex-workos-lint"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+pathWithoutGo())
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("npx: %v", err)
		}
		return code, stdout.String(), stderr.String()
	}

	code, out, errOut := npx(app, "--version")
	if code != 0 || out != "convex-workos-lint "+testVersion+"\n" {
		t.Errorf("--version: exit %d, %q (stderr %q), want %q", code, out, errOut, "convex-workos-lint "+testVersion)
	}
	// The bundled example, exactly as the README's quick start shows it: findings, exit 1.
	want, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", "nextjs-app", "expected-findings.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut = npx(app, "--no-color", "examples/nextjs-app")
	if code != 1 || out != string(want) {
		t.Errorf("lint examples/nextjs-app through npx: exit %d (want 1), stderr %q, output:\n%s\nwant:\n%s", code, errOut, out, want)
	}
	// Usage errors keep their exit code through the launcher.
	if code, _, errOut = npx(app, "--no-such-flag"); code != 2 || errOut == "" {
		t.Errorf("bad flag through npx: exit %d, stderr %q, want exit 2 with a message", code, errOut)
	}

	// Without the platform package (optional dependencies omitted): a clear message, exit 2.
	bare := filepath.Join(tmp, "bare")
	npmInstall(t, bare, []string{"--omit=optional"}, mainTgz)
	code, _, errOut = npx(bare, "--version")
	if code != 2 || !strings.Contains(errOut, "is not installed") || !strings.Contains(errOut, "optional dependencies") {
		t.Errorf("no platform package: exit %d, stderr %q, want exit 2 naming the missing package", code, errOut)
	}
}

// TestNPMLauncherPlatforms keeps the launcher's platform table and the release targets in step.
func TestNPMLauncherPlatforms(t *testing.T) {
	js, err := os.ReadFile(filepath.Join(repoRoot(t), "npm", "convex-workos-lint", "bin", "convex-workos-lint.js"))
	if err != nil {
		t.Fatal(err)
	}
	var launcher []string
	for _, m := range regexp.MustCompile(`"(\w+) (\w+)": "@convex-workos-lint/(\w+)-(\w+)"`).FindAllStringSubmatch(string(js), -1) {
		if m[1] != m[3] || m[2] != m[4] {
			t.Errorf("launcher maps %s %s to the package of %s-%s", m[1], m[2], m[3], m[4])
		}
		launcher = append(launcher, "@convex-workos-lint/"+m[3]+"-"+m[4])
	}
	release := regexp.MustCompile(`\{"(\w+)", "(\w+)", "(\w+)", "(\w+)"\}`)
	src, err := os.ReadFile(filepath.Join(repoRoot(t), "release", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, m := range release.FindAllStringSubmatch(string(src), -1) {
		targets = append(targets, "@convex-workos-lint/"+m[3]+"-"+m[4])
	}
	sort.Strings(launcher)
	sort.Strings(targets)
	if len(targets) != 6 || strings.Join(launcher, " ") != strings.Join(targets, " ") {
		t.Errorf("launcher packages %v, release targets %v: want the same six", launcher, targets)
	}
}

// TestReleaseBuild builds all six release binaries and checks each one: its platform, no cgo,
// the stamped version, and the archives against checksums.txt. It cross-compiles the standard
// library six times, so it runs only with RELEASE_TEST=1: .ci/run runs it as a step of its own,
// which keeps the package's other tests well inside go test's per-binary timeout.
func TestReleaseBuild(t *testing.T) {
	if os.Getenv("RELEASE_TEST") == "" {
		t.Skip("cross-compiles six binaries: set RELEASE_TEST=1 (.ci/run does)")
	}
	dist := filepath.Join(t.TempDir(), "dist")
	release(t, dist)

	sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	if len(lines) != 6 {
		t.Fatalf("checksums.txt has %d lines, want 6:\n%s", len(lines), sums)
	}
	for _, line := range lines {
		sum, name, ok := strings.Cut(line, "  ")
		b, err := os.ReadFile(filepath.Join(dist, name))
		if !ok || err != nil {
			t.Fatalf("checksums.txt line %q: %v", line, err)
		}
		if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: checksum mismatch", name)
		}
	}
	for _, target := range []string{"linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64"} {
		goos, goarch, _ := strings.Cut(target, "-")
		exe := "convex-workos-lint"
		if goos == "windows" {
			exe += ".exe"
		}
		bin := filepath.Join(dist, "bin", target, exe)
		info, err := buildinfo.ReadFile(bin)
		if err != nil {
			t.Errorf("%s: %v", target, err)
			continue
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if settings["GOOS"] != goos || settings["GOARCH"] != goarch || settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
			t.Errorf("%s: build settings %v", target, settings)
		}
		// -trimpath leaves -ldflags out of the build info: look for the stamped string itself.
		if b, _ := os.ReadFile(bin); !bytes.Contains(b, []byte(testVersion)) {
			t.Errorf("%s: the version %s is not stamped in", target, testVersion)
		}
		if goos == runtime.GOOS && goarch == runtime.GOARCH {
			out, err := exec.Command(bin, "--version").Output()
			if err != nil || string(out) != "convex-workos-lint "+testVersion+"\n" {
				t.Errorf("%s --version: %q, %v", target, out, err)
			}
		}
	}
	var pkg struct {
		Version              string            `json:"version"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
	}
	b, err := os.ReadFile(filepath.Join(dist, "npm", "convex-workos-lint", "package.json"))
	if err != nil || json.Unmarshal(b, &pkg) != nil || pkg.Version != testVersion || len(pkg.OptionalDependencies) != 6 {
		t.Errorf("npm main package: %s (%v)", b, err)
	}
	for name, v := range pkg.OptionalDependencies {
		if v != testVersion {
			t.Errorf("optionalDependencies %s = %s, want %s", name, v, testVersion)
		}
	}
}
