package analysis

import (
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func TestResolveImport(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{"dependencies": {"react": "19"}}
-- tsconfig.json --
{
  // JSONC, as tsc accepts it
  "extends": "./tsconfig.base",
  "compilerOptions": {"jsx": "react-jsx",},
}
-- tsconfig.base.json --
{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"], "~lib": ["./src/lib/index.ts"], "@ui/*": ["./nowhere/*", "./src/components/ui/*"]}}}
-- src/app/page.tsx --
export default function Page() {}
-- src/components/Nav.tsx --
export function Nav() {}
-- src/components/index.ts --
export * from "./Nav";
-- src/components/ui/button.tsx --
export const Button = () => null;
-- src/lib/index.ts --
export const x = 1;
-- src/lib/util.ts --
export const y = 1;
-- src/lib/esm.mts --
export const z = 1;
-- app/packages/web/package.json --
{"name": "web"}
-- app/packages/web/src/a.ts --
export const a = 1;
-- app/packages/web/src/b.ts --
import { a } from "@/a";
-- app/packages/web/tsconfig.json --
{"files": [], "references": [{"path": "./tsconfig.app.json"}]}
-- app/packages/web/tsconfig.app.json --
{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}
`)
	page := fileAt(t, p, dir, "src/app/page.tsx")
	cases := []struct{ spec, want string }{
		{"../components/Nav", "src/components/Nav.tsx"},
		{"../components", "src/components/index.ts"},
		{"../components/Nav.js", "src/components/Nav.tsx"},
		{"@/components/Nav", "src/components/Nav.tsx"},
		{"@/components", "src/components/index.ts"},
		{"@ui/button", "src/components/ui/button.tsx"},
		{"~lib", "src/lib/index.ts"},
		{"src/lib/util", "src/lib/util.ts"}, // baseUrl "."
		{"../lib/esm.mjs", "src/lib/esm.mts"},
		{"react", "<nil>"},
		{"@/missing", "<nil>"},
		{"./page?raw", "src/app/page.tsx"},
		{"node:fs", "<nil>"},
	}
	for _, c := range cases {
		if got := relOf(dir, ResolveImport(p, page, c.spec)); got != c.want {
			t.Errorf("ResolveImport(%q) = %s, want %s", c.spec, got, c.want)
		}
	}
	b := fileAt(t, p, dir, "app/packages/web/src/b.ts")
	if got := relOf(dir, ResolveImport(p, b, "@/a")); got != "app/packages/web/src/a.ts" {
		t.Errorf("references: got %s", got)
	}
}

func TestResolveExport(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{}
-- src/a.tsx --
export function Direct() { return null; }
export const Arrow = () => null;
const Local = memo(function Local() { return null; });
export { Local as Renamed };
export default function App() { return null; }
-- src/b.tsx --
export default () => null;
-- src/c.tsx --
import { Direct } from "./a";
export { Direct };
export { Arrow as Arrow2, default as AppFromA } from "./a";
export * from "./d";
export * as ns from "./a";
export { useAuth } from "@workos-inc/authkit-react";
-- src/d.tsx --
export const Deep = forwardRef((props, ref) => null);
export * from "./c";
const Inner = () => null;
export default Inner;
-- src/e.tsx --
import { useAuth as useWorkOSAuth } from "./c";
import * as C from "./c";
import D from "./d";
const alias = useWorkOSAuth;
alias(); C.Deep; D;
`)
	c := fileAt(t, p, dir, "src/c.tsx")
	cases := []struct{ file, name, wantFile, wantName string }{
		{"src/a.tsx", "Direct", "src/a.tsx", "Direct"},
		{"src/a.tsx", "Arrow", "src/a.tsx", "Arrow"},
		{"src/a.tsx", "Renamed", "src/a.tsx", "Local"},
		{"src/a.tsx", "default", "src/a.tsx", "App"},
		{"src/b.tsx", "default", "src/b.tsx", ""},
		{"src/c.tsx", "Direct", "src/a.tsx", "Direct"},
		{"src/c.tsx", "Arrow2", "src/a.tsx", "Arrow"},
		{"src/c.tsx", "AppFromA", "src/a.tsx", "App"},
		{"src/c.tsx", "Deep", "src/d.tsx", "Deep"},
		{"src/d.tsx", "default", "src/d.tsx", "Inner"},
		{"src/d.tsx", "Missing", "<nil>", ""}, // d re-exports c re-exports d: the cycle ends
		{"src/c.tsx", "useAuth", "<nil>", ""},
	}
	for _, tc := range cases {
		f, d, ok := ResolveExport(p, fileAt(t, p, dir, tc.file), tc.name)
		if got := relOf(dir, f); got != tc.wantFile || ok != (tc.wantFile != "<nil>") || d.Name != tc.wantName {
			t.Errorf("ResolveExport(%s, %s) = %s %q %v", tc.file, tc.name, got, d.Name, ok)
			continue
		}
		if ok && !d.IsFunc() {
			t.Errorf("ResolveExport(%s, %s): not a function", tc.file, tc.name)
		}
		if ok && d.Name != "" {
			src, _ := f.Content()
			if src[d.NameStart:d.NameEnd] != d.Name {
				t.Errorf("name range of %s = %q", d.Name, src[d.NameStart:d.NameEnd])
			}
			if d.End < d.NameEnd || d.Start > d.NameStart {
				t.Errorf("range of %s = [%d,%d) does not hold its name [%d,%d)", d.Name, d.Start, d.End, d.NameStart, d.NameEnd)
			}
		}
	}
	// Bindings of e.tsx: an alias of a package re-export, a namespace member, a default import.
	e := fileAt(t, p, dir, "src/e.tsx")
	tree, _ := e.AST()
	var calls []shim.Expr // alias(), C.Deep, D in source order
	parser.Inspect(tree, func(n parser.Node, _ *parser.Cursor) bool {
		if st, ok := n.(shim.Stmt); ok {
			if x, ok := st.Data.(*shim.SExpr); ok {
				if call, ok := x.Value.Data.(*shim.ECall); ok {
					calls = append(calls, call.Target)
				} else {
					calls = append(calls, x.Value)
				}
				return false
			}
		}
		return true
	})
	if len(calls) != 3 {
		t.Fatalf("calls = %d", len(calls))
	}
	if imp, ok := OriginOf(p, e, calls[0]); !ok || imp != (Import{"@workos-inc/authkit-react", "useAuth"}) {
		t.Errorf("OriginOf(alias()) = %+v %v", imp, ok)
	}
	got := map[string]string{}
	for _, x := range calls {
		if f, d, ok := ResolveExpr(p, e, x); ok {
			got[relOf(dir, f)] += d.Name + " "
		}
	}
	if got["src/d.tsx"] != "Deep Inner " {
		t.Errorf("ResolveExpr over e.tsx: %v", got)
	}
	if _, _, ok := ResolveExport(p, c, "ns"); ok {
		t.Errorf("a namespace re-export is not a definition")
	}
}

func TestResolveCacheIsPerProject(t *testing.T) {
	arch := "-- package.json --\n{}\n-- a.ts --\nexport const x = () => 1;\n"
	p1, d1 := loadArchive(t, arch)
	p2, d2 := loadArchive(t, arch)
	f1, _, ok1 := ResolveExport(p1, fileAt(t, p1, d1, "a.ts"), "x")
	f2, _, ok2 := ResolveExport(p2, fileAt(t, p2, d2, "a.ts"), "x")
	if !ok1 || !ok2 || f1 == f2 || cacheOf(p1) == cacheOf(p2) || cacheOf(p1) != cacheOf(p1) || GraphOf(p1) == GraphOf(p2) {
		t.Errorf("caches mixed up: %v %v", f1, f2)
	}
}

func TestResolveJSConfigAndNearest(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{}
-- jsconfig.json --
{"compilerOptions": {"baseUrl": "src"}}
-- src/ui/Button.jsx --
export default function Button() { return null; }
-- src/App.jsx --
import Button from "ui/Button";
-- admin/tsconfig.json --
{"compilerOptions": {"paths": {"~/*": ["./lib/*"]}}}
-- admin/lib/x.ts --
export const x = 1;
-- admin/page.ts --
import { x } from "~/x";
`)
	app := fileAt(t, p, dir, "src/App.jsx")
	if got := relOf(dir, ResolveImport(p, app, "ui/Button")); got != "src/ui/Button.jsx" {
		t.Errorf("jsconfig baseUrl: %s", got)
	}
	page := fileAt(t, p, dir, "admin/page.ts")
	if got := relOf(dir, ResolveImport(p, page, "~/x")); got != "admin/lib/x.ts" {
		t.Errorf("nearest tsconfig: %s", got)
	}
	if got := ResolveImport(p, app, "~/x"); got != nil {
		t.Errorf("admin's paths leaked to src: %s", relOf(dir, got))
	}
}

// TestTSConfigExtendsCycles: extends arrays that point back at the same files resolve once
// each, and a diamond still maps its paths (k entries over n levels used to cost k^n parses).
func TestTSConfigExtendsCycles(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{}
-- tsconfig.json --
{"extends": ["./tsconfig.json", "./a.json", "./a.json", "./a.json"], "compilerOptions": {"baseUrl": "."}}
-- a.json --
{"extends": ["./b.json", "./b.json", "./b.json", "./tsconfig.json"]}
-- b.json --
{"extends": ["./a.json", "./a.json", "./a.json"], "compilerOptions": {"paths": {"@/*": ["./src/*"]}}}
-- src/x.ts --
export const x = 1;
-- page.ts --
import { x } from "@/x";
`)
	if got := relOf(dir, ResolveImport(p, fileAt(t, p, dir, "page.ts"), "@/x")); got != "src/x.ts" {
		t.Errorf("paths through a cyclic extends chain: %s", got)
	}
	// 3 entries, 6 levels, no cycle: bounded by maxTSConfigs applications.
	w := &tsWalk{stack: map[string]bool{}}
	cfg := &tsconfig{}
	p2, dir2 := loadArchive(t, `
-- package.json --
{}
-- tsconfig.json --
{"extends": ["./l1.json", "./l1.json", "./l1.json"]}
-- l1.json --
{"extends": ["./l2.json", "./l2.json", "./l2.json"]}
-- l2.json --
{"extends": ["./l3.json", "./l3.json", "./l3.json"]}
-- l3.json --
{"extends": ["./l4.json", "./l4.json", "./l4.json"]}
-- l4.json --
{"extends": ["./l5.json", "./l5.json", "./l5.json"]}
-- l5.json --
{"compilerOptions": {"baseUrl": "."}}
`)
	applyTSConfig(p2, dir2+"/tsconfig.json", cfg, w)
	if w.applied > maxTSConfigs || cfg.baseURL == "" {
		t.Errorf("applied %d configs (cap %d), baseUrl %q", w.applied, maxTSConfigs, cfg.baseURL)
	}
}
