package analysis

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	shim "github.com/evanw/esbuild/shim"
)

const graphArchive = `
-- package.json --
{"dependencies": {"convex": "1.0.0"}}
-- tsconfig.json --
{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}
-- src/main.tsx --
import { createRoot } from "react-dom/client";
import { ConvexProvider } from "convex/react";
import App from "./App";
createRoot(document.body).render(<ConvexProvider client={c}><App /></ConvexProvider>);
-- src/App.tsx --
import { useAuth as useWorkOSAuth } from "@workos-inc/authkit-react";
import { Panel } from "@/ui";
import { useThing } from "./hooks";
function helper() { return 1; }
export default function App() {
  const { user, isLoading } = useWorkOSAuth();
  const thing = useThing();
  const body = user ? <Panel /> : <span />;
  if (isLoading) return <div />;
  return <main>{user && <Panel kind="a" />}{body}{items.map((i) => <Panel key={i} />)}</main>;
}
-- src/ui/index.ts --
export { default as Panel } from "./Panel";
-- src/ui/Panel.tsx --
import { useQuery } from "convex/react";
export default function Panel() {
  const x = useQuery(api.x);
  return <p>{x}</p>;
}
-- src/hooks.ts --
import { useQuery } from "convex/react";
export const useThing = () => useQuery(api.thing);
-- src/lonely.ts --
export const unrelated = 1;
`

func TestGraph(t *testing.T) {
	p, dir := loadArchive(t, graphArchive)
	g := GraphOf(p)
	if GraphOf(p) != g {
		t.Fatal("GraphOf is not cached per project")
	}
	var seeds []string
	for _, ff := range g.Seeds() {
		seeds = append(seeds, relOf(dir, ff.File))
	}
	if got := strings.Join(seeds, " "); got != "src/App.tsx src/hooks.ts src/main.tsx src/ui/Panel.tsx" {
		t.Errorf("seeds = %s", got)
	}
	app := g.Facts(fileAt(t, p, dir, "src/App.tsx"))
	if len(app.Components) != 1 || app.Components[0].Name != "App" {
		t.Fatalf("components of App.tsx = %v", app.Components)
	}
	c := app.Components[0]
	var hooks []string
	for _, h := range c.Hooks {
		s := h.Name
		if imp, ok := h.Origin(); ok {
			s += "=" + imp.Module + "." + imp.Name
		}
		if f, d, ok := h.Def(); ok {
			s += "=" + relOf(dir, f) + ":" + d.Name
		}
		hooks = append(hooks, s)
	}
	if got := strings.Join(hooks, " "); got != "useWorkOSAuth=@workos-inc/authkit-react.useAuth useThing=src/hooks.ts:useThing" {
		t.Errorf("hooks = %s", got)
	}
	if id, ok := c.Hooks[0].Result.Data.(*shim.BObject); !ok || len(id.Properties) != 2 {
		t.Errorf("result binding of useWorkOSAuth() = %T", c.Hooks[0].Result.Data)
	}
	// Elements with their conditions, parents and targets, in source order.
	var els []string
	for _, el := range c.Elements {
		s := el.TagName
		for _, cond := range el.Conds.Slice() {
			s += fmt.Sprintf(" %s%v%v", condName(app, cond), cond.Negated, cond.Kind)
		}
		if el.Parent != nil {
			s += " in " + el.Parent.TagName
		}
		if tg := el.Target(); tg != nil {
			s += " -> " + relOf(dir, tg.File) + ":" + tg.Name
		}
		els = append(els, s)
	}
	want := []string{
		"div isLoadingfalse3",
		"main isLoadingtrue4",
		"Panel isLoadingtrue4 userfalse0 in main -> src/ui/Panel.tsx:Panel",
		"Panel isLoadingtrue4 userfalse2 in main -> src/ui/Panel.tsx:Panel", // body, rendered in main
		"span isLoadingtrue4 usertrue2 in main",
		"Panel isLoadingtrue4 in main -> src/ui/Panel.tsx:Panel",
	}
	if strings.Join(els, "\n") != strings.Join(want, "\n") {
		t.Errorf("elements:\n%s\nwant:\n%s", strings.Join(els, "\n"), strings.Join(want, "\n"))
	}
	main := g.Facts(fileAt(t, p, dir, "src/main.tsx"))
	if len(main.Components) != 0 || len(main.Module.Elements) != 2 || !main.Module.Elements[0].Is("ConvexProvider", "convex/react") {
		t.Errorf("main.tsx module elements = %v", main.Module.Elements)
	}
	if !main.Module.Elements[0].RootRender || !main.Module.Elements[1].RootRender {
		t.Errorf("createRoot(...).render(...) markup is not marked RootRender")
	}
	if tg := main.Module.Elements[1].Target(); tg != c {
		t.Errorf("<App /> target = %v, want the App component", tg)
	}
	// Render sites: App from main.tsx; Panel through the index barrel's renamed default export.
	if sites := g.RenderSites(c); len(sites) != 1 || sites[0].Owner.File != main.File {
		t.Errorf("render sites of App = %v", sites)
	}
	panel := g.Facts(fileAt(t, p, dir, "src/ui/Panel.tsx")).Components[0]
	if sites := g.RenderSites(panel); len(sites) != 3 {
		t.Errorf("render sites of Panel = %d, want 3", len(sites))
	}
	if g.Facts(fileAt(t, p, dir, "src/lonely.ts")) == nil {
		t.Errorf("facts are computed on demand for any JS file")
	}
}

func condName(ff *FileFacts, c Cond) string {
	if id, ok := c.Test.Data.(*shim.EIdentifier); ok {
		return shim.SymbolName(ff.Tree, id.Ref)
	}
	return "?"
}

func TestGraphConcurrent(t *testing.T) {
	p, dir := loadArchive(t, graphArchive)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := GraphOf(p)
			for _, ff := range g.Seeds() {
				for _, el := range ff.Elements {
					el.Target()
				}
				for _, c := range ff.Components {
					g.RenderSites(c)
					for _, h := range c.Hooks {
						h.Def()
					}
				}
			}
			ResolveImport(p, fileAt(t, p, dir, "src/App.tsx"), "@/ui")
		}()
	}
	wg.Wait()
}

func TestWalkConds(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{}
-- a.ts --
export function f(a: boolean, b: boolean, c: boolean) {
  if (!a) return;
  if (b) {
    one();
  } else two();
  c && three();
  const run = async () => { c ? four() : five(); };
}
`)
	ff := GraphOf(p).Facts(fileAt(t, p, dir, "a.ts"))
	fn := ff.Components
	if len(fn) != 0 {
		t.Fatalf("f is neither a component nor a hook")
	}
	idx := cacheOf(p).index(ff.File)
	var body []shim.Stmt
	for _, d := range idx.top {
		body = d.Body()
	}
	var got []string
	WalkConds(body, func(e shim.Expr, conds *CondList) bool {
		if call, ok := e.Data.(*shim.ECall); ok {
			s := CalleeName(ff.Tree, call.Target) + ":"
			for _, c := range conds.Slice() {
				s += fmt.Sprintf(" %v/%v", c.Negated, c.Kind)
			}
			got = append(got, s)
		}
		return true
	})
	want := "one: true/4 false/3|two: true/4 true/3|three: true/4 false/0|four: true/4 false/2|five: true/4 true/2"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// Condition lists share their prefixes and stop growing at MaxCondDepth, marked Truncated.
func TestCondListBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("export function R({ p }) {\n  return (\n")
	for i := range MaxCondDepth + 50 {
		fmt.Fprintf(&b, "    p === %d ? <a /> :\n", i)
	}
	b.WriteString("    <b />\n  );\n}\n")
	p, dir := loadArchive(t, "-- package.json --\n{}\n-- r.tsx --\n"+b.String())
	ff := GraphOf(p).Facts(fileAt(t, p, dir, "r.tsx"))
	els := ff.Components[0].Elements
	if len(els) != MaxCondDepth+51 {
		t.Fatalf("%d elements", len(els))
	}
	first, deep, last := els[0].Conds, els[MaxCondDepth-1].Conds, els[len(els)-1].Conds
	if first.Len != 1 || first.Truncated || deep.Len != MaxCondDepth || deep.Truncated {
		t.Errorf("first: %d %v, at the bound: %d %v", first.Len, first.Truncated, deep.Len, deep.Truncated)
	}
	if last.Len != MaxCondDepth || !last.Truncated || len(last.Slice()) != MaxCondDepth {
		t.Errorf("past the bound: len %d, truncated %v", last.Len, last.Truncated)
	}
	if els[1].Conds.Up.Up != nil || els[2].Conds.Up.Up != els[1].Conds.Up {
		t.Errorf("sibling branches do not share the conditions above them")
	}
}
