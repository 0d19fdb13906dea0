package parser

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	shim "github.com/evanw/esbuild/shim"
)

// walkSnippets together put a probeN identifier in every syntactic position the walker must
// reach, and produce every node kind the parser can emit. Names in positions that are not
// nodes (function/class names, labels, import/export clauses, non-computed keys) are not
// probes.
var walkSnippets = map[string]string{
	"fns.ts": `
function f1(probe1: number, probe2 = probe3, ...probe4: any[]) { return probe5; }
const f2 = async (probe6, { probe7 = probe8, [probe9]: probe10, ...probe11 }, [probe12, , probe13 = probe14, ...probe15]) => await probe16;
const f3 = function* () { yield probe17; yield* probe18; };
const f4 = () => { probe19(); };
function f5() { "use client"; return new.target; }
function f6<T>(this: any, probe170?: T) { return this; }
`,
	"classes.ts": `
@probe20 class C1 extends probe21 {
  @probe22 m1() { return probe23; }
  [probe24] = probe25;
  static s1 = probe26;
  #p1 = probe27;
  static { probe28(); }
  accessor a1 = probe29;
  get g1() { return probe30; }
  set g1(probe31) { }
  declare d1: string;
  constructor(public probe32: number) { super(); this.#p1; #p1 in probe33; }
  [probe34]() {}
  @probe171 static [probe172] = 1;
}
const C2 = class extends probe35 { x = probe36 };
const C3 = class {};
`,
	"objects.js": `
const o1 = { probe37, [probe38]: probe39, m() { return probe40; }, get g() { return probe41; }, ...probe42, 'k': probe43 };
({ a: probe44 = probe45, b: [probe46] } = probe47);
[probe48 = probe49, ...probe50] = probe51;
const a1 = [probe52, ...probe53, , probe54];
({ probe55 = probe56 } = probe57);
`,
	"exprs.ts": `
probe58?.a?.[probe59]?.(probe60);
new probe61(probe62, ...probe63);
probe64` + "`x${probe65}y`" + `;
probe66.probe67.tag` + "`${probe68}`" + `;
` + "`t${probe69}`" + `;
const dyn = import(probe70, probe71);
const dyn2 = import('./m');
probe72 ? probe73 : probe74;
probe75, probe76;
probe77 ??= probe78;
delete probe79.x; typeof probe80; void probe81; !probe82; -probe83; ++probe84; probe85--;
const t1 = probe86 as any, t2 = probe87 satisfies object, t3 = probe88!, t4 = <any>probe89, t5 = probe90 as const;
probe91<string>(probe92);
process.env.probe93;
import.meta.probe94;
const lits = [/x/g, 1n, null, undefined, true, 1, 'a', probe173[probe174]];
`,
	"stmts.ts": `
if (probe95) probe96(); else { probe97(); }
for (let probe98 = probe99; probe100; probe101++) probe102();
for (const probe103 in probe104) probe105;
for (const [probe106] of probe107) { probe108; }
async function af() { for await (const x of probe109) {} }
while (probe110) { break; }
do { probe111(); continue; } while (probe112);
switch (probe113) { case probe114: probe115(); break; default: probe116(); }
try { probe117(); } catch ({ probe118 }) { probe119(); } finally { probe120(); }
try { } catch { probe121(); }
lbl: for (;;) { break lbl; }
function rf() { if (probe123) return probe124; throw probe125; }
let probe126, probe127 = probe128;
var { probe129 } = probe130;
;
debugger;
`,
	"exports.ts": `
export const probe131 = probe132;
export function ef(probe133) {}
export default probe134 + 1;
export { probe131 as alias1 };
export * from './x';
export * as nsx from './y';
export { z1 } from './z';
import def, { probe135 } from './w';
import * as probe136 from './v';
import probe175 = require('./u');
probe135(probe136.probe137, def, probe175);
enum En { A = probe138, B = A + 1 }
const enum CE { X = 1 }
const cx = CE.X;
namespace Ns { export const probe139 = probe140; probe141(); }
declare const dd: number;
type TT = { a: string };
interface II { b: number }
`,
	"ed1.ts": `export default function (probe142) { return probe143; }`,
	"ed2.ts": `export default class extends probe144 {}`,
	"ed3.ts": `export = probe145;`,
	"jsx.tsx": `
import { Probe147 } from './c';
const j1 = <div className="lit" id={probe148} {...probe149} key={probe150} onClick={() => probe151(probe152)} render={<Probe147 a={probe153} />}>text {probe154} {/* c */} {...probe155}<probe156.probe157 /><>{probe158}</></div>;
`,
	// No import/export: sloppy mode, so "with" is allowed.
	"sloppy.js": `
//! legal comment
with (probe159) { probe160; }
function sf() { "use strict"; return probe161; }
`,
}

var probeRE = regexp.MustCompile(`\b[Pp]robe\d+\b`)

type parsed struct {
	name string
	tree shim.AST
}

func parseSnippets(t *testing.T) []parsed {
	t.Helper()
	names := make([]string, 0, len(walkSnippets))
	for name := range walkSnippets {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []parsed
	for _, name := range names {
		out = append(out, parsed{name, parseSrc(t, name, walkSnippets[name])})
	}
	return out
}

func parseSrc(t *testing.T, name, src string) shim.AST {
	t.Helper()
	syntax := shim.Syntax{
		TypeScript: strings.HasSuffix(name, ".ts") || strings.HasSuffix(name, ".tsx"),
		JSX:        strings.HasSuffix(name, ".tsx") || strings.HasSuffix(name, ".jsx"),
	}
	tree, problems, ok := shim.Parse(name, src, syntax)
	if !ok {
		t.Fatalf("%s: parse failed: %+v", name, problems)
	}
	return tree
}

// nameOf is the identifier-like name a node carries, if any.
func nameOf(tree *shim.AST, n Node) string {
	switch n := n.(type) {
	case shim.Expr:
		switch d := n.Data.(type) {
		case *shim.EIdentifier:
			return shim.SymbolName(tree, d.Ref)
		case *shim.EImportIdentifier:
			return shim.SymbolName(tree, d.Ref)
		case *shim.EPrivateIdentifier:
			return shim.SymbolName(tree, d.Ref)
		case *shim.EDot:
			return d.Name
		}
	case shim.Binding:
		if d, ok := n.Data.(*shim.BIdentifier); ok {
			return shim.SymbolName(tree, d.Ref)
		}
	}
	return ""
}

func dataOf(n Node) any {
	switch n := n.(type) {
	case shim.Expr:
		return n.Data
	case shim.Stmt:
		return n.Data
	case shim.Binding:
		return n.Data
	}
	panic("not a node")
}

func typeName(v any) string { return reflect.TypeOf(v).Elem().Name() }

func TestInspectReachesEveryProbe(t *testing.T) {
	for _, p := range parseSnippets(t) {
		want := map[string]bool{}
		for _, m := range probeRE.FindAllString(walkSnippets[p.name], -1) {
			want[m] = true
		}
		Inspect(&p.tree, func(n Node, c *Cursor) bool {
			delete(want, nameOf(&p.tree, n))
			return true
		})
		for name := range want {
			t.Errorf("%s: %s not reached", p.name, name)
		}
	}
}

// TestInspectMatchesReflection checks the walker against a reflective walk that finds every
// Expr, Stmt and Binding stored anywhere in the AST, so a forgotten field cannot hide.
func TestInspectMatchesReflection(t *testing.T) {
	for _, p := range parseSnippets(t) {
		all := map[any]bool{}
		for _, part := range p.tree.Parts {
			for _, s := range part.Stmts {
				reflectNodes(reflect.ValueOf(s), all)
			}
		}
		got := map[any]bool{}
		Inspect(&p.tree, func(n Node, c *Cursor) bool {
			got[dataOf(n)] = true
			return true
		})
		for d := range all {
			if !got[d] {
				t.Errorf("%s: %T not visited", p.name, d)
			}
		}
		for d := range got {
			if _, isBlock := d.(*shim.SBlock); !all[d] && !isBlock {
				t.Errorf("%s: %T visited but not in the AST", p.name, d)
			}
		}
	}
}

var (
	exprType     = reflect.TypeOf(shim.Expr{})
	stmtType     = reflect.TypeOf(shim.Stmt{})
	bindingType  = reflect.TypeOf(shim.Binding{})
	propType     = reflect.TypeOf(shim.Property{})
	propBindType = reflect.TypeOf(shim.PropertyBinding{})
)

func reflectNodes(v reflect.Value, out map[any]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			reflectNodes(v.Elem(), out)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			reflectNodes(v.Index(i), out)
		}
	case reflect.Struct:
		switch v.Type() {
		case exprType, stmtType, bindingType:
			if d := v.Field(0); !d.IsNil() {
				out[d.Interface()] = true
			}
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			// Non-computed keys are names, which the walker skips on purpose.
			if f.Name == "Key" {
				if v.Type() == propType && v.FieldByName("Flags").Interface().(shim.PropertyFlags)&shim.PropertyIsComputed == 0 {
					continue
				}
				if v.Type() == propBindType && !v.FieldByName("IsComputed").Bool() {
					continue
				}
			}
			if f.IsExported() {
				reflectNodes(v.Field(i), out)
			}
		}
	}
}

func TestInspectSourceOrder(t *testing.T) {
	src := `
probe1(probe2, ...probe3);
for (let probe4 = probe5; probe6; probe7++) probe8;
do probe9; while (probe10);
probe11 ? probe12 : probe13;
probe14` + "`${probe15}${probe16}`" + `;
const { [probe17]: probe18 = probe19 } = probe20;
try { probe21 } catch (probe22) { probe23 } finally { probe24 }
switch (probe25) { case probe26: probe27; default: probe28 }
class K extends probe29 { @probe30 [probe31] = probe32; static { probe33 } }
const j = <probe34.x a={probe35} {...probe36}>{probe37}</probe34.x>;
`
	tree := parseSrc(t, "order.tsx", src)
	var got []string
	Inspect(&tree, func(n Node, c *Cursor) bool {
		if name := nameOf(&tree, n); probeRE.MatchString(name) && !slices.Contains(got, name) {
			got = append(got, name)
		}
		return true
	})
	var want []string
	for _, m := range probeRE.FindAllString(src, -1) {
		if !slices.Contains(want, m) { // probe34 is repeated in the closing tag
			want = append(want, m)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("order:\n got %v\nwant %v", got, want)
	}
}

func TestInspectSkipChildren(t *testing.T) {
	src := `
const a = () => probeIn1(probeIn2);
function f() { probeIn3; }
probeOut1(function () { probeIn4 }, probeOut2);
`
	tree := parseSrc(t, "skip.ts", src)
	seen := map[string]bool{}
	Inspect(&tree, func(n Node, c *Cursor) bool {
		seen[nameOf(&tree, n)] = true
		switch dataOf(n).(type) {
		case *shim.EArrow, *shim.SFunction, *shim.EFunction:
			return false
		}
		return true
	})
	for _, name := range []string{"a", "probeOut1", "probeOut2"} {
		if !seen[name] {
			t.Errorf("%s not reached", name)
		}
	}
	for name := range seen {
		if strings.HasPrefix(name, "probeIn") {
			t.Errorf("%s reached inside a skipped node", name)
		}
	}
}

func TestCursorAncestors(t *testing.T) {
	src := `const el = <Button onClick={() => track(1)}>{x}</Button>;
try { a() } catch { b() }`
	tree := parseSrc(t, "anc.tsx", src)
	found := map[string][]string{}
	Inspect(&tree, func(n Node, c *Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		call, ok := e.Data.(*shim.ECall)
		if !ok {
			return true
		}
		var types []string
		for _, a := range c.Ancestors() {
			types = append(types, typeName(dataOf(a)))
		}
		callee := nameOf(&tree, call.Target)
		found[callee] = types
		if parent, ok := c.Parent().(shim.Stmt); !ok || reflect.TypeOf(parent.Data) != reflect.TypeOf(dataOf(c.Ancestors()[len(types)-1])) {
			t.Errorf("%s: Parent %T is not the last ancestor", callee, c.Parent())
		}
		return true
	})
	want := map[string][]string{
		"track": {"SLocal", "EJSXElement", "EArrow", "SReturn"},
		"a":     {"STry", "SBlock", "SExpr"},
		"b":     {"STry", "SBlock", "SExpr"},
	}
	if !reflect.DeepEqual(found, want) {
		t.Errorf("ancestors:\n got %v\nwant %v", found, want)
	}

	var top Node = "unset"
	InspectExpr(shim.Expr{Data: &shim.ENull{}}, func(n Node, c *Cursor) bool {
		top = c.Parent()
		return true
	})
	if top != nil {
		t.Errorf("Parent at top level = %v, want nil", top)
	}
}

// allNodeTypes is every variant of esbuild's E, S and B interfaces.
var allNodeTypes = []any{
	&shim.EArray{}, &shim.EUnary{}, &shim.EBinary{}, &shim.EBoolean{}, &shim.ESuper{},
	&shim.ENull{}, &shim.EUndefined{}, &shim.EThis{}, &shim.ENew{}, &shim.ENewTarget{},
	&shim.EImportMeta{}, &shim.ECall{}, &shim.EDot{}, &shim.EIndex{}, &shim.EArrow{},
	&shim.EFunction{}, &shim.EClass{}, &shim.EIdentifier{}, &shim.EImportIdentifier{},
	&shim.EPrivateIdentifier{}, &shim.ENameOfSymbol{}, &shim.EJSXElement{}, &shim.EJSXText{},
	&shim.EMissing{}, &shim.ENumber{}, &shim.EBigInt{}, &shim.EObject{}, &shim.ESpread{},
	&shim.EString{}, &shim.ETemplate{}, &shim.ERegExp{}, &shim.EInlinedEnum{},
	&shim.EAnnotation{}, &shim.EAwait{}, &shim.EYield{}, &shim.EIf{}, &shim.ERequireString{},
	&shim.ERequireResolveString{}, &shim.EImportString{}, &shim.EImportCall{},

	&shim.SBlock{}, &shim.SComment{}, &shim.SDebugger{}, &shim.SDirective{}, &shim.SEmpty{},
	&shim.STypeScript{}, &shim.SExportClause{}, &shim.SExportFrom{}, &shim.SExportDefault{},
	&shim.SExportStar{}, &shim.SExportEquals{}, &shim.SLazyExport{}, &shim.SExpr{},
	&shim.SEnum{}, &shim.SNamespace{}, &shim.SFunction{}, &shim.SClass{}, &shim.SLabel{},
	&shim.SIf{}, &shim.SFor{}, &shim.SForIn{}, &shim.SForOf{}, &shim.SDoWhile{}, &shim.SWhile{},
	&shim.SWith{}, &shim.STry{}, &shim.SSwitch{}, &shim.SImport{}, &shim.SReturn{},
	&shim.SThrow{}, &shim.SLocal{}, &shim.SBreak{}, &shim.SContinue{},

	&shim.BMissing{}, &shim.BIdentifier{}, &shim.BArray{}, &shim.BObject{},
}

// notFromParser lists variants js_parser.Parse never leaves in the AST with the shim's options.
var notFromParser = map[string]string{
	"ENameOfSymbol":         "only with mangleProps",
	"ERequireString":        "only when bundling (require() stays an ECall)",
	"ERequireResolveString": "only when bundling",
	"SEnum":                 "the visit pass lowers enums to var + IIFE",
	"SNamespace":            "the visit pass lowers namespaces to var + IIFE",
	"SExportEquals":         "the visit pass rewrites it to module.exports = value",
	"STypeScript":           "type-only statements are dropped while parsing",
	"SLazyExport":           "only produced for JSON/text loaders (LazyExportAST)",
}

func TestInspectHandlesEveryType(t *testing.T) {
	for _, d := range allNodeTypes {
		var n Node
		switch d := d.(type) {
		case shim.E:
			n = shim.Expr{Data: d}
		case shim.S:
			n = shim.Stmt{Data: d}
		case shim.B:
			n = shim.Binding{Data: d}
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%T: %v", d, r)
				}
			}()
			var w walker
			w.fn = func(Node, *Cursor) bool { return true }
			switch n := n.(type) {
			case shim.Expr:
				w.expr(n)
			case shim.Stmt:
				w.stmt(n)
			case shim.Binding:
				w.binding(n)
			}
		}()
	}

	// Cross-check allNodeTypes against esbuild's source, located through a function of its
	// js_ast package.
	fn := runtime.FuncForPC(reflect.ValueOf(shim.LocalKind.IsUsing).Pointer())
	file, _ := fn.FileLine(fn.Entry())
	if !strings.HasSuffix(file, "js_ast.go") {
		t.Skipf("cannot locate js_ast.go (got %q)", file)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Skipf("cannot read js_ast.go: %v", err)
	}
	f, err := goparser.ParseFile(token.NewFileSet(), file, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || (fd.Name.Name != "isExpr" && fd.Name.Name != "isStmt" && fd.Name.Name != "isBinding") {
			continue
		}
		if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
			declared = append(declared, star.X.(*ast.Ident).Name)
		}
	}
	var listed []string
	for _, d := range allNodeTypes {
		listed = append(listed, typeName(d))
	}
	sort.Strings(declared)
	sort.Strings(listed)
	if !slices.Equal(declared, listed) {
		t.Errorf("allNodeTypes is out of date:\n js_ast.go %v\n listed    %v", declared, listed)
	}
}

func TestSnippetsCoverEveryType(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range parseSnippets(t) {
		Inspect(&p.tree, func(n Node, c *Cursor) bool {
			seen[typeName(dataOf(n))] = true
			return true
		})
	}
	for _, d := range allNodeTypes {
		name := typeName(d)
		if why, ok := notFromParser[name]; ok {
			if seen[name] {
				t.Errorf("%s was produced by the parser, but notFromParser says: %s", name, why)
			}
			continue
		}
		if !seen[name] {
			t.Errorf("no snippet produces %s", name)
		}
	}
}
