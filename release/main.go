// Command release cross-compiles convex-workos-lint for every release platform and writes the
// archives, a checksums file and, with -npm, the npm packages filled with the binaries.
//
// It is its own module so that `go install ./...` in the repository (pre-commit's golang hook)
// builds only the CLI. It is written in Go rather than shell so that it needs no zip or
// sha256sum on the release machine, and runs the same on every OS.
//
//	cd release && go run . -repo ..                       # version from the vX.Y.Z tag on HEAD
//	cd release && go run . -repo .. -version 0.2.0 -npm   # any version, plus dist/npm
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Target is one release platform, named both the Go way and the Node way.
type Target struct {
	GOOS, GOARCH string
	NodeOS       string // process.platform
	NodeCPU      string // process.arch
}

// Targets are the release platforms: what esbuild and Biome ship for, minus 32-bit.
var Targets = []Target{
	{"linux", "amd64", "linux", "x64"},
	{"linux", "arm64", "linux", "arm64"},
	{"darwin", "amd64", "darwin", "x64"},
	{"darwin", "arm64", "darwin", "arm64"},
	{"windows", "amd64", "win32", "x64"},
	{"windows", "arm64", "win32", "arm64"},
}

// NPMName is the npm package holding a target's binary.
func (t Target) NPMName() string { return "@convex-workos-lint/" + t.NodeOS + "-" + t.NodeCPU }

func (t Target) exe() string {
	if t.GOOS == "windows" {
		return "convex-workos-lint.exe"
	}
	return "convex-workos-lint"
}

// semver is a release version without the leading v: 1.2.3, 1.2.3-rc.1.
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$`)

func main() {
	repo := flag.String("repo", ".", "repository root")
	version := flag.String("version", "", "version to stamp (default: the vX.Y.Z tag on HEAD)")
	out := flag.String("out", "dist", "output directory (relative to -repo)")
	only := flag.String("targets", "", "comma-separated GOOS/GOARCH subset (default: all six)")
	npm := flag.Bool("npm", false, "also write the npm packages to <out>/npm")
	flag.Parse()
	if err := run(*repo, *version, *out, *only, *npm); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(repo, version, out, only string, npm bool) error {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return err
	}
	tagged := version == ""
	if tagged {
		if version, err = tagVersion(repo); err != nil {
			return err
		}
	}
	version = strings.TrimPrefix(version, "v")
	if !semver.MatchString(version) {
		return fmt.Errorf("version %q is not X.Y.Z (or X.Y.Z-pre)", version)
	}
	if tagged {
		if err := checkPins(repo, version); err != nil {
			return err
		}
	}
	targets, err := selectTargets(only)
	if err != nil {
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(repo, out)
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	var sums []string
	for _, t := range targets {
		bin := filepath.Join(out, "bin", t.GOOS+"-"+t.GOARCH, t.exe())
		if err := build(repo, version, t, bin); err != nil {
			return err
		}
		archive, err := writeArchive(out, version, t, bin)
		if err != nil {
			return err
		}
		sum, err := sha256File(archive)
		if err != nil {
			return err
		}
		sums = append(sums, sum+"  "+filepath.Base(archive))
		fmt.Println(filepath.Base(archive))
	}
	sort.Strings(sums)
	if err := os.WriteFile(filepath.Join(out, "checksums.txt"), []byte(strings.Join(sums, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if npm {
		return writeNPM(repo, out, version, targets)
	}
	return nil
}

// tagVersion is the vX.Y.Z tag on HEAD: releases are built from tags only.
func tagVersion(repo string) (string, error) {
	cmd := exec.Command("git", "describe", "--tags", "--exact-match", "--match", "v[0-9]*")
	cmd.Dir = repo
	b, err := cmd.Output()
	if err != nil {
		return "", errors.New("HEAD has no vX.Y.Z tag: tag the release commit, or pass -version")
	}
	return strings.TrimSpace(string(b)), nil
}

// pins are the places that name the release users should install; a tagged release must
// name itself in all of them, or the hooks and docs of that tag install another version.
var pins = []struct{ file, pattern string }{
	{".pre-commit-hooks.yaml", `"convex-workos-lint@%s"`},
	{"README.md", "rev: v%s"},
	{"docs/examples/code-scanning.yml", "convex-workos-lint/convex-workos-lint@v%s"},
}

func checkPins(repo, version string) error {
	for _, p := range pins {
		b, err := os.ReadFile(filepath.Join(repo, p.file))
		if err != nil {
			return err
		}
		if want := fmt.Sprintf(p.pattern, version); !bytes.Contains(b, []byte(want)) {
			return fmt.Errorf("%s does not pin this release (%s): update the pins before tagging (docs/releasing.md)", p.file, want)
		}
	}
	return nil
}

func selectTargets(only string) ([]Target, error) {
	if only == "" {
		return Targets, nil
	}
	var out []Target
	for _, name := range strings.Split(only, ",") {
		found := false
		for _, t := range Targets {
			if t.GOOS+"/"+t.GOARCH == strings.TrimSpace(name) {
				out, found = append(out, t), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown target %q (want GOOS/GOARCH, one of the six release platforms)", name)
		}
	}
	return out, nil
}

// build compiles a static, reproducible binary: no cgo, no local paths, version stamped.
func build(repo, version string, t Target, bin string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-s -w -X main.version="+version, "-o", bin, "./cmd/convex-workos-lint")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.GOOS, "GOARCH="+t.GOARCH, "GOFLAGS=")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build for %s/%s: %w", t.GOOS, t.GOARCH, err)
	}
	return nil
}

// modTime is fixed so that archives of the same binaries are byte-identical.
var modTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// writeArchive packs the binary: tar.gz on Unix, zip on Windows (what each OS opens natively).
func writeArchive(out, version string, t Target, bin string) (string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	base := fmt.Sprintf("convex-workos-lint_%s_%s_%s", version, t.GOOS, t.GOARCH)
	var buf bytes.Buffer
	if t.GOOS == "windows" {
		base += ".zip"
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: t.exe(), Method: zip.Deflate, Modified: modTime})
		if err != nil {
			return "", err
		}
		if _, err := w.Write(data); err != nil {
			return "", err
		}
		if err := zw.Close(); err != nil {
			return "", err
		}
	} else {
		base += ".tar.gz"
		gz := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gz)
		if err := tw.WriteHeader(&tar.Header{Name: t.exe(), Mode: 0o755, Size: int64(len(data)), ModTime: modTime, Format: tar.FormatPAX}); err != nil {
			return "", err
		}
		if _, err := tw.Write(data); err != nil {
			return "", err
		}
		if err := tw.Close(); err != nil {
			return "", err
		}
		if err := gz.Close(); err != nil {
			return "", err
		}
	}
	path := filepath.Join(out, base)
	return path, os.WriteFile(path, buf.Bytes(), 0o644)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeNPM fills <out>/npm: the main package from npm/convex-workos-lint (launcher, README),
// its version and optionalDependencies set, and one package per target with its binary.
func writeNPM(repo, out, version string, targets []Target) error {
	dir := filepath.Join(out, "npm")
	mainSrc := filepath.Join(repo, "npm", "convex-workos-lint")
	mainDst := filepath.Join(dir, "convex-workos-lint")
	if err := copyDir(mainSrc, mainDst); err != nil {
		return err
	}
	var pkg mainPackage
	b, err := os.ReadFile(filepath.Join(mainSrc, "package.json"))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a field added there but not here would be dropped silently
	if err := dec.Decode(&pkg); err != nil {
		return fmt.Errorf("npm/convex-workos-lint/package.json: %w (add new fields to mainPackage)", err)
	}
	pkg.Version = version
	// Every platform, not only the ones built now: npm installs just the one matching os/cpu.
	pkg.OptionalDependencies = map[string]string{}
	for _, t := range Targets {
		pkg.OptionalDependencies[t.NPMName()] = version
	}
	if err := writeJSON(filepath.Join(mainDst, "package.json"), pkg); err != nil {
		return err
	}
	for _, t := range targets {
		pdir := filepath.Join(dir, t.NodeOS+"-"+t.NodeCPU)
		data, err := os.ReadFile(filepath.Join(out, "bin", t.GOOS+"-"+t.GOARCH, t.exe()))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(pdir, "bin"), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(pdir, "bin", t.exe()), data, 0o755); err != nil {
			return err
		}
		readme := fmt.Sprintf("# %s\n\nThe %s/%s binary of [convex-workos-lint](https://www.npmjs.com/package/convex-workos-lint).\n"+
			"Install `convex-workos-lint` instead: it depends on this package on matching platforms.\n", t.NPMName(), t.NodeOS, t.NodeCPU)
		if err := os.WriteFile(filepath.Join(pdir, "README.md"), []byte(readme), 0o644); err != nil {
			return err
		}
		if err := writeJSON(filepath.Join(pdir, "package.json"), platformPackage{
			Name:        t.NPMName(),
			Version:     version,
			Description: fmt.Sprintf("The %s %s binary of convex-workos-lint.", t.NodeOS, t.NodeCPU),
			Repository:  pkg.Repository,
			OS:          []string{t.NodeOS},
			CPU:         []string{t.NodeCPU},
			Files:       []string{"bin/"},
			// Yarn PnP would otherwise keep the binary inside a zip archive, where it cannot run.
			PreferUnplugged: true,
		}); err != nil {
			return err
		}
	}
	return nil
}

// mainPackage is npm/convex-workos-lint/package.json, fields in the order npm writes them.
type mainPackage struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Description          string            `json:"description"`
	Keywords             []string          `json:"keywords,omitempty"`
	Repository           json.RawMessage   `json:"repository,omitempty"`
	Homepage             string            `json:"homepage,omitempty"`
	Bin                  map[string]string `json:"bin"`
	Files                []string          `json:"files"`
	Engines              map[string]string `json:"engines,omitempty"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
}

type platformPackage struct {
	Name            string          `json:"name"`
	Version         string          `json:"version"`
	Description     string          `json:"description"`
	Repository      json.RawMessage `json:"repository,omitempty"`
	OS              []string        `json:"os"`
	CPU             []string        `json:"cpu"`
	Files           []string        `json:"files"`
	PreferUnplugged bool            `json:"preferUnplugged"`
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // ">=18", not "\u003e=18"
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, info.Mode().Perm())
	})
}
