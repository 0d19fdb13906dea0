package project

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestModuleSpecs(t *testing.T) {
	src := `import a from "./a";
import { b } from '../b';
import "./side-effect.css";
export * from "@acme/ui";
const c = require("../../packages/c");
const d = await import ( "./d" );
// from "./in-comment" is listed too
const e = "not a spec";
const f = fromage("./not-after-from");
const g = "@acme/backend/convex/_generated/api";
`
	got := ModuleSpecs(src)
	want := []string{"./a", "../b", "./side-effect.css", "@acme/ui", "../../packages/c", "./d", "./in-comment", "@acme/backend/convex/_generated/api"}
	if !slices.Equal(got, want) {
		t.Errorf("ModuleSpecs:\n got  %q\n want %q", got, want)
	}
}

// packagesRead are the package directories (relative, slash-separated) with a file in p
// other than package.json and convex.json.
func packagesRead(p *Project, dir string) []string {
	seen := map[string]bool{}
	for _, f := range p.Files {
		if b := filepath.Base(f.Path); b == "package.json" || b == "convex.json" {
			continue
		}
		if r := p.RootOf(f.Path); r != nil {
			rel, _ := filepath.Rel(dir, r.Dir)
			seen[filepath.ToSlash(rel)] = true
		}
	}
	var out []string
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// TestBoundedWalk: what naming a path inside a workspace member reads.
func TestBoundedWalk(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    map[string]string
		path     string
		want     []string // packages whose files are read
		unloaded []string // deployments found and not read
	}{
		{"dependency by name only: package.json alone", map[string]string{
			"package.json":               `{"workspaces": ["apps/*", "packages/*"]}`,
			"apps/web/package.json":      `{"name": "web", "dependencies": {"next": "15.0.0"}}`,
			"apps/web/page.tsx":          `import Link from "next/link";`,
			"packages/next/package.json": `{"name": "next"}`,
			"packages/next/index.js":     `export {};`,
		}, "apps/web/page.tsx", []string{".", "apps/web"}, nil},
		{"relative import out of the package, then on", map[string]string{
			"package.json":              `{"workspaces": ["apps/*", "packages/*"]}`,
			"apps/web/package.json":     `{"name": "web"}`,
			"apps/web/page.tsx":         `import { B } from "../../packages/ui/src/b";`,
			"packages/ui/package.json":  `{"name": "ui"}`,
			"packages/ui/src/b.tsx":     `export { C } from "@lib/c";`,
			"packages/ui/tsconfig.json": `{"compilerOptions": {"paths": {"@lib/*": ["../lib/*"]}}}`,
			"packages/lib/package.json": `{"name": "lib"}`,
			"packages/lib/c.ts":         `export const C = 1;`,
			"packages/far/package.json": `{"name": "far"}`,
			"packages/far/x.ts":         `export const X = 1;`,
		}, "apps/web", []string{".", "apps/web", "packages/lib", "packages/ui"}, nil},
		{"dependents, with what they import", map[string]string{
			"package.json":                `{"workspaces": ["apps/*", "packages/*"]}`,
			"packages/ui/package.json":    `{"name": "@acme/ui"}`,
			"packages/ui/b.tsx":           `export const B = 1;`,
			"apps/web/package.json":       `{"name": "web", "dependencies": {"@acme/ui": "*"}}`,
			"apps/web/page.tsx":           `import { S } from "../../packages/shell/s";`,
			"packages/shell/package.json": `{"name": "shell"}`,
			"packages/shell/s.tsx":        `export const S = 1;`,
			"apps/admin/package.json":     `{"name": "admin", "dependencies": {"convex": "1.0.0"}}`,
			"apps/admin/convex/tasks.ts":  `export {};`,
			"apps/ops/package.json":       `{"name": "ops"}`,
			"apps/ops/convex/jobs.ts":     `export {};`,
		}, "packages/ui/b.tsx", []string{".", "apps/web", "packages/shell", "packages/ui"}, []string{"apps/admin", "apps/ops"}},
		{"root convex.json functions in a member", map[string]string{
			"package.json":                           `{"workspaces": ["apps/*", "packages/*"]}`,
			"convex.json":                            `{"functions": "packages/backend/convex"}`,
			"apps/web/package.json":                  `{"name": "web"}`,
			"apps/web/page.tsx":                      `export const P = 1;`,
			"packages/backend/package.json":          `{"name": "backend"}`,
			"packages/backend/convex/auth.config.ts": `export default { providers: [] };`,
		}, "apps/web", []string{".", "apps/web", "packages/backend"}, nil},
		{"the root's own files import the package: everything", map[string]string{
			"package.json":            `{"workspaces": ["apps/*"]}`,
			"scripts/seed.ts":         `import { x } from "../apps/web/x";`,
			"apps/web/package.json":   `{"name": "web"}`,
			"apps/web/x.ts":           `export const x = 1;`,
			"apps/other/package.json": `{"name": "other"}`,
			"apps/other/y.ts":         `export const y = 1;`,
		}, "apps/web", []string{".", "apps/other", "apps/web"}, nil},
		{"a tsconfig baseUrl at the root: every package can import every other", map[string]string{
			"package.json":             `{"workspaces": ["apps/*"]}`,
			"tsconfig.base.json":       `{"compilerOptions": {"baseUrl": "."}}`,
			"apps/web/package.json":    `{"name": "web"}`,
			"apps/web/tsconfig.json":   `{"extends": "../../tsconfig.base.json"}`,
			"apps/web/x.ts":            `export const x = 1;`,
			"apps/other/package.json":  `{"name": "other"}`,
			"apps/other/tsconfig.json": `{"extends": "../../tsconfig.base.json"}`,
			"apps/other/y.ts":          `export const y = 1;`,
			"apps/far/package.json":    `{"name": "far"}`,
			"apps/far/z.ts":            `export const z = 1;`,
		}, "apps/web", []string{".", "apps/other", "apps/web"}, nil},
		{"two backends elsewhere are counted, not read", map[string]string{
			"package.json":          `{"workspaces": ["apps/*"]}`,
			"apps/web/package.json": `{"name": "web"}`,
			"apps/web/page.tsx":     `export const P = 1;`,
			"apps/a/package.json":   `{"name": "a"}`,
			"apps/a/convex/x.ts":    `export {};`,
			"apps/b/package.json":   `{"name": "b"}`,
			"apps/b/convex/x.ts":    `export {};`,
		}, "apps/web", []string{".", "apps/web"}, []string{"apps/a", "apps/b"}},
		{"the only backend of the workspace is read", map[string]string{
			"package.json":          `{"workspaces": ["apps/*"]}`,
			"apps/web/package.json": `{"name": "web"}`,
			"apps/web/page.tsx":     `export const P = 1;`,
			"apps/a/package.json":   `{"name": "a"}`,
			"apps/a/convex/x.ts":    `export {};`,
		}, "apps/web", []string{".", "apps/a", "apps/web"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{}
			for k, v := range tc.files {
				files[k] = v
			}
			files["README.md"] = "root's own files are read"
			files["tools.ts"] = "export const t = 1;"
			writeFiles(t, dir, files)
			p, err := Load(Options{Base: dir, Paths: []string{filepath.Join(dir, filepath.FromSlash(tc.path))}})
			if err != nil {
				t.Fatal(err)
			}
			if got := packagesRead(p, dir); !slices.Equal(got, tc.want) {
				t.Errorf("packages read %q, want %q", got, tc.want)
			}
			var unloaded []string
			for _, u := range p.UnloadedDeployments() {
				rel, _ := filepath.Rel(dir, u.Dir)
				unloaded = append(unloaded, filepath.ToSlash(rel))
				if u.Top != dir {
					t.Errorf("unloaded %s: top %q, want the workspace root", rel, u.Top)
				}
			}
			sort.Strings(unloaded)
			if strings.Join(unloaded, ",") != strings.Join(tc.unloaded, ",") {
				t.Errorf("unloaded deployments %q, want %q", unloaded, tc.unloaded)
			}
		})
	}
}
