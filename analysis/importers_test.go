package analysis

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"golang.org/x/tools/txtar"
)

func TestImportSpecifiers(t *testing.T) {
	src := `import a from "./a";
import { b,
  c } from './b'
export * from "./star";
export { d as e } from"./d";
import type { T } from "@/types";
const from = 1; const x = from + "./not-after-from-keyword";
transform("./nope"); // fromage "./nope"
const s = "from ./quoted";
import "./side-effect";
`
	got := strings.Join(ImportSpecifiers(src), " ")
	if want := "./a ./b ./star ./d @/types"; got != want {
		t.Errorf("ImportSpecifiers = %q, want %q", got, want)
	}
}

const barrelArchive = `
-- package.json --
{"dependencies": {"react": "19.0.0"}}
-- tsconfig.json --
{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}
-- src/Card.tsx --
export function Card() { return <div />; }
export function Page() { return <Card />; }
-- src/ui/named.ts --
export { Card as Tile } from "../Card";
-- src/ui/index.ts --
export * from "./named";
-- src/direct.tsx --
import { Card } from "./Card";
export const A = () => <Card />;
-- src/viaBarrel.tsx --
import { Tile } from "@/ui";
export function B() { return <section><Tile /></section>; }
-- src/default.tsx --
import * as cards from "./Card";
export function C() { return <cards.Card />; }
-- src/other.tsx --
import { Card } from "./elsewhere";
export function D() { return <Card />; }
-- src/elsewhere.tsx --
export function Card() { return <span />; }
`

// Render sites are found through the import graph: the component's own file, direct importers,
// a namespace import, and a barrel that renames it behind an export * barrel; a component of
// the same name elsewhere is not one.
func TestRenderSitesThroughImporters(t *testing.T) {
	p, dir := loadArchive(t, barrelArchive)
	g := GraphOf(p)
	ff := g.Facts(fileAt(t, p, dir, "src/Card.tsx"))
	var card *Component
	for _, c := range ff.Components {
		if c.Name == "Card" {
			card = c
		}
	}
	if card == nil {
		t.Fatal("no Card component")
	}
	var got []string
	for _, el := range g.RenderSites(card) {
		got = append(got, relOf(dir, el.Owner.File)+":"+el.TagName)
	}
	want := "src/Card.tsx:Card src/default.tsx:cards.Card src/direct.tsx:Card src/viaBarrel.tsx:Tile"
	if strings.Join(got, " ") != want {
		t.Errorf("RenderSites(Card) = %v, want %s", got, want)
	}
	if imps := g.Importers(fileAt(t, p, dir, "src/ui/named.ts")); len(imps) != 1 || relOf(dir, imps[0]) != "src/ui/index.ts" {
		t.Errorf("Importers(src/ui/named.ts) = %v", imps)
	}
}

const workspaceArchive = `
-- package.json --
{"private": true, "workspaces": ["apps/*", "packages/*"]}
-- packages/ui/package.json --
{"name": "@acme/ui"}
-- packages/ui/Button.tsx --
export function Button() { return <button />; }
-- packages/ui/Bar.tsx --
import { Button } from "./Button";
export const Bar = () => <Button />;
-- apps/web/package.json --
{"name": "web", "dependencies": {"@acme/ui": "workspace:*"}}
-- apps/web/page.tsx --
import { Button } from "../../packages/ui/Button";
export default () => <Button />;
-- apps/docs/package.json --
{"name": "docs"}
-- apps/docs/tsconfig.json --
{"compilerOptions": {"paths": {"@ui/*": ["../../packages/ui/*"]}}}
-- apps/docs/page.tsx --
import { Button } from "@ui/Button";
export default () => <Button />;
-- packages/vendor/package.json --
{"name": "vendor"}
-- packages/vendor/x.tsx --
import { Button } from "../ui/Button";
export const X = () => <Button />;
`

// Importers come from the file's own package, the packages that depend on it by name (here
// with a relative path) and those whose tsconfig paths reach it; a package that can reach it by none of these (a
// relative path into a sibling it does not depend on) is not read. A saved file (the
// narrow case, where only reachable packages are read) gets the same answer as a whole run.
func TestImportersAcrossPackages(t *testing.T) {
	dir := fixture.Write(t, txtar.Parse([]byte(workspaceArchive)))
	want := "apps/docs/page.tsx apps/web/page.tsx packages/ui/Bar.tsx"
	for _, paths := range [][]string{{dir}, {filepath.Join(dir, "packages/ui/Button.tsx")}} {
		p, err := project.Load(project.Options{Base: dir, Paths: paths})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range GraphOf(p).Importers(fileAt(t, p, dir, "packages/ui/Button.tsx")) {
			got = append(got, relOf(dir, f))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("paths %v (narrow %v): Importers(Button.tsx) = %v, want %s", paths, p.Narrow(), got, want)
		}
	}
}
