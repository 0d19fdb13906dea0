package parser

import (
	"strings"
	"testing"

	shim "github.com/evanw/esbuild/shim"
)

// TestTooDeep: each nesting form esbuild recurses on is counted, 20,000 levels of it are
// parsed, and past MaxNesting the file is refused before esbuild sees it (it used to die with
// "goroutine stack exceeds 1000000000-byte limit" at 400,000 brackets).
func TestTooDeep(t *testing.T) {
	forms := map[string]struct {
		path, open, mid, close string
	}{
		"brackets":  {"a.ts", "[", "", "]"},
		"parens":    {"a.ts", "(", "1", ")"},
		"objects":   {"a.ts", "{a:", "1", "}"},
		"templates": {"a.ts", "`${", "1", "}`"},
		"jsx":       {"a.tsx", "<div>", "", "</div>"},
		"jsx attrs": {"a.tsx", "<a b={", "1", "} />"},
		"ternaries": {"a.ts", "a ? 1 : ", "2", ""},
		"arrows":    {"a.ts", "() => ", "1", ""},
		"unary":     {"a.ts", "!", "a", ""},
		"minus":     {"a.ts", "- ", "a", ""},
		"assign":    {"a.ts", "a = ", "1", ""},
		"power":     {"a.ts", "a ** ", "1", ""},
		"spread":    {"a.ts", "[...", "a", "]"},
		"await":     {"a.ts", "await ", "a", ""},
		"new":       {"a.ts", "new ", "A", ""},
	}
	build := func(f struct{ path, open, mid, close string }, n int) string {
		return "export const x = " + strings.Repeat(f.open, n) + f.mid + strings.Repeat(f.close, n) + ";\n"
	}
	for name, f := range forms {
		src := build(f, 20000)
		if off := tooDeep(src, strings.HasSuffix(f.path, "x"), MaxNesting); off >= 0 {
			t.Errorf("%s: 20,000 levels refused at %d", name, off)
		}
		if tree, problems := ParseJS(f.path, src); tree == nil {
			t.Errorf("%s: 20,000 levels did not parse: %v", name, problems)
		}
		deep := build(f, MaxNesting+10)
		_, problems := ParseJS(f.path, deep)
		if len(problems) != 1 || !problems[0].Limit || !strings.Contains(problems[0].Text, "nested more than 25000 levels") {
			t.Errorf("%s: %d levels: %v", name, MaxNesting+10, problems)
		} else if p := problems[0].Offset; p < 0 || p >= len(deep) {
			t.Errorf("%s: offset %d outside the file", name, p)
		}
	}
	stmts := map[string]string{
		"else if": "function f(a) { if (a) {} " + strings.Repeat("else if (a) {} ", MaxNesting+10) + "}",
		"if if":   "function f(a) { " + strings.Repeat("if (a) ", MaxNesting+10) + ";}",
		"labels":  "function f(a) { " + strings.Repeat("a: ", MaxNesting+10) + ";}",
		"json":    strings.Repeat("[", MaxNesting+10) + strings.Repeat("]", MaxNesting+10),
	}
	for name, src := range stmts {
		if tooDeep(src, false, MaxNesting) < 0 {
			t.Errorf("%s: not counted", name)
		}
	}
	if _, problems := ParseJSON("package.json", stmts["json"], true); len(problems) != 1 || !problems[0].Limit {
		t.Errorf("deep JSON: %v", problems)
	}
}

// TestTooDeepFlat: long flat code is not deep. Chains end at , and ; and at statement starts,
// closed brackets, templates and JSX elements give their level back.
func TestTooDeepFlat(t *testing.T) {
	n := 2 * MaxNesting
	flat := map[string]struct {
		path, src string
	}{
		"statements":  {"a.ts", strings.Repeat("a = b ? c : -d;\n", n)},
		"if else":     {"a.ts", "function f(a) {\n" + strings.Repeat("if (a) { x(); } else { y(); }\n", n) + "}"},
		"else if 10k": {"a.ts", "function f(a) { if (a) {} " + strings.Repeat("else if (a) {} ", 10000) + "}"},
		"object":      {"a.ts", "export const o = {" + strings.Repeat("a: () => !b, ", n) + "};"},
		"calls":       {"a.ts", strings.Repeat("f(g([1, {a: `x${y}z`}]));", n)},
		"jsx list":    {"a.tsx", "export const X = () => <ul>" + strings.Repeat(`<li key="a" onClick={() => go(!a)}>don't (stop) {x}</li><br/>`, n) + "</ul>;"},
		"regexps":     {"a.ts", strings.Repeat("const r = /[(]{2,}/g;\n", n)},
		"strings":     {"a.ts", strings.Repeat("const s = '(((' + \"[[[\" + `{{{`;\n", n)},
		"comments":    {"a.ts", strings.Repeat("// (((\n/* [[[ */\n", n)},
		"comparisons": {"a.ts", strings.Repeat("if (a < b && c <= d && e === f && g !== h) {}\n", n)},
		"generics":    {"a.ts", strings.Repeat("const m = new Map<string, Array<number>>();\n", n)},
		"blocks":      {"a.ts", strings.Repeat("{ a: 1 }\nswitch (a) { case 1: b(); }\n", n)},
		"types":       {"a.ts", "interface A {\n" + strings.Repeat("  a: string;\n", n) + "}"},
	}
	for name, f := range flat {
		if off := tooDeep(f.src, strings.HasSuffix(f.path, "x"), MaxNesting); off >= 0 {
			t.Errorf("%s: refused at %d: %q", name, off, f.src[max(0, off-40):off])
		}
	}
}

// benchSource is ordinary TSX (1.3 MB): the depth estimate runs before every parse, so its cost
// is compared with the parse's.
var benchSource = strings.Repeat("{ const X = (a: number) => <ul className=\"x\">{items.map((i) => <li key={i.id} onClick={() => go(!a, `x${i}`)}>{i.name ?? 'none'}</li>)}</ul>;\nif (a < b) { c = /[(]/g.test(d) ? 1 : -2; } }\n", 8000)

func BenchmarkTooDeep(b *testing.B) {
	b.SetBytes(int64(len(benchSource)))
	for b.Loop() {
		tooDeep(benchSource, true, MaxNesting)
	}
}

func BenchmarkParseJSForDepth(b *testing.B) {
	b.SetBytes(int64(len(benchSource)))
	for b.Loop() {
		ParseJS("a.tsx", benchSource)
	}
}

// TestParseStopsAtMaxErrors: a file with thousands of errors reports the first MaxErrors, in
// order and inside the file (esbuild located each "already declared" error by scanning back
// to the first declaration: 2,000 of them took 3.7 s).
func TestParseStopsAtMaxErrors(t *testing.T) {
	src := strings.Repeat("export const X = 1;\n", 2000)
	tree, problems := ParseJS("a.ts", src)
	if tree != nil || len(problems) != shim.MaxErrors {
		t.Fatalf("tree %v, %d problems, want %d", tree != nil, len(problems), shim.MaxErrors)
	}
	for i, p := range problems {
		if want := 20*(i+1) + len("export const "); p.Offset != want || !strings.Contains(p.Text, `"X" has already been declared`) {
			t.Errorf("problem %d: %+v, want offset %d", i, p, want)
		}
	}
}
