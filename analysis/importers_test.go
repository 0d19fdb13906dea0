package analysis

import (
	"strings"
	"testing"
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
