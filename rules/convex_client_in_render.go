package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "convex-client-in-render",
		Title:    "ConvexReactClient created in a component or hook body",
		Severity: Warning,
		Tags:     []string{"correctness", "performance", "react"},
		Kinds:    KindJS,
		Triggers: []string{"ConvexReactClient"},
		Doc: Doc{
			Why: "A component or hook body runs on every render. `new ConvexReactClient(url)` there builds " +
				"a new client each time: the provider receives a different client, every `useQuery` " +
				"subscribes again on it, and the auth state set with `setAuth` starts from scratch, so " +
				"the app reconnects and re-authenticates on every render while the old clients are " +
				"never closed.\n\n" +
				"Create the client once: at module scope next to the imports (as the guide does), or " +
				"inside the component with `useState(() => new ConvexReactClient(url))`, `useMemo`, or a " +
				"ref filled once (`if (!ref.current) ref.current = new ConvexReactClient(url)`). Those " +
				"shapes, and clients created in effects or event handlers, are not reported.",
			Bad: "export function ConvexClientProvider({ children }: { children: ReactNode }) {\n" +
				"  const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);\n" +
				"  return <ConvexProvider client={convex}>{children}</ConvexProvider>;\n}\n",
			Good: "const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);\n\n" +
				"export function ConvexClientProvider({ children }: { children: ReactNode }) {\n" +
				"  return <ConvexProvider client={convex}>{children}</ConvexProvider>;\n}\n",
			Lang:  "tsx",
			Guide: "Client Setup: `const convex = new ConvexReactClient(...)` at module scope.",
		},
		CheckFile: checkConvexClientInRender,
	})
}

func checkConvexClientInRender(c *FileContext) {
	im := analysis.ImportsOf(c.AST)
	parser.Inspect(c.AST, func(n parser.Node, cur *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		nw, ok := e.Data.(*shim.ENew)
		if !ok || !analysis.NamesExport(c.Project, c.File, im, nw.Target, "ConvexReactClient", "convex/react") {
			return true
		}
		owner, name, ok := renderOwner(c.AST, c.Source, cur.Ancestors(), e)
		if !ok {
			return true
		}
		end := int(nw.Target.Loc.Start)
		if d, ok := nw.Target.Data.(*shim.EDot); ok {
			end = int(d.NameLoc.Start) + len(d.Name)
		} else {
			r := shim.RangeOfIdentifier(c.Source, nw.Target.Loc)
			end = int(r.Loc.Start + r.Len)
		}
		c.Report(int(e.Loc.Start), end, fmt.Sprintf("new ConvexReactClient runs on every render of %s %s: each render "+
			"builds a new client, so Convex queries resubscribe and authentication restarts. Create the client once: "+
			"at module scope, or with useState(() => new ConvexReactClient(...)) / useMemo", owner, name))
		return true
	})
}

// renderOwner finds the component or hook whose render body evaluates the `new` expression e
// (ancestors outermost first). ok is false when the expression is at module scope, inside a
// function that is neither (a handler, an effect callback), or an argument of a hook call
// (useState/useMemo/useRef initialisers, effects), or a ref's one-time initialisation.
func renderOwner(tree *shim.AST, src string, anc []parser.Node, e shim.Expr) (kind, name string, ok bool) {
	child := parser.Node(e)
	for i := len(anc) - 1; i >= 0; i-- {
		n := anc[i]
		if pe, isExpr := n.(shim.Expr); isExpr {
			switch v := pe.Data.(type) {
			case *shim.ECall:
				// useState(new X()), useMemo(() => new X()), useEffect(() => { new X() }): not per render.
				if analysis.IsHookName(analysis.CalleeName(tree, v.Target)) && isArgOf(v, child) {
					return "", "", false
				}
			case *shim.EBinary:
				// ref.current = new X() / ref.current ??= new X(): a one-time ref initialisation.
				if isRefInit(v) && isRefCurrent(v.Left) {
					return "", "", false
				}
			}
		}
		if _, _, _, isFn := analysis.FuncNode(n); isFn {
			fnName := functionName(tree, n, anc[:i])
			switch {
			case analysis.IsHookName(fnName):
				return "hook", fnName, true
			case fnName != "" && fnName[0] >= 'A' && fnName[0] <= 'Z':
				return "component", fnName, true
			case returnsJSX(n):
				if fnName == "" {
					fnName = "(anonymous)"
				}
				return "component", fnName, true
			}
			return "", "", false
		}
		child = n
	}
	return "", "", false // module scope
}

// isArgOf reports whether child is one of the call's arguments (not its target).
func isArgOf(call *shim.ECall, child parser.Node) bool {
	ce, ok := child.(shim.Expr)
	if !ok {
		return false
	}
	for _, a := range call.Args {
		if a.Data == ce.Data {
			return true
		}
	}
	return false
}

// isRefInit reports an assignment (=, ??=, ||=). The shim exports only plain assignment, so the
// compound ones are told apart from the value operators they look like.
func isRefInit(b *shim.EBinary) bool {
	switch b.Op {
	case shim.BinOpAssign:
		return true
	case shim.BinOpNullishCoalescing, shim.BinOpLogicalOr, shim.BinOpLogicalAnd, shim.BinOpComma,
		shim.BinOpAdd, shim.BinOpLooseEq, shim.BinOpLooseNe, shim.BinOpStrictEq, shim.BinOpStrictNe:
		return false
	}
	return true // ??=, ||= and the other compound assignments
}

func isRefCurrent(e shim.Expr) bool {
	d, ok := e.Data.(*shim.EDot)
	return ok && d.Name == "current"
}

// functionName is the declared name of a function node: its own name, or the variable or
// property it is assigned to (`const App = () => ...`, `const App = memo(function () {})`).
func functionName(tree *shim.AST, fn parser.Node, anc []parser.Node) string {
	switch v := fn.(type) {
	case shim.Stmt:
		if s, ok := v.Data.(*shim.SFunction); ok && s.Fn.Name != nil {
			return shim.SymbolName(tree, s.Fn.Name.Ref)
		}
	case shim.Expr:
		if f, ok := v.Data.(*shim.EFunction); ok && f.Fn.Name != nil {
			return shim.SymbolName(tree, f.Fn.Name.Ref)
		}
	}
	// Walk up through wrapper calls (memo, forwardRef) to the declaration; a method is named
	// after its class.
	target := fn
	for i := len(anc) - 1; i >= 0; i-- {
		switch p := anc[i].(type) {
		case shim.Expr:
			switch v := p.Data.(type) {
			case *shim.ECall:
				target = p
				continue
			case *shim.EClass:
				return renderMethodOf(tree, &v.Class, target)
			}
			return ""
		case shim.Stmt:
			if cls, ok := p.Data.(*shim.SClass); ok {
				return renderMethodOf(tree, &cls.Class, target)
			}
			if local, ok := p.Data.(*shim.SLocal); ok {
				te, _ := target.(shim.Expr)
				for _, d := range local.Decls {
					if b, ok := d.Binding.Data.(*shim.BIdentifier); ok && d.ValueOrNil.Data == te.Data {
						return shim.SymbolName(tree, b.Ref)
					}
				}
			}
			return ""
		}
	}
	return ""
}

// renderMethodOf is the class's name when fn is its render method; other methods (constructor,
// lifecycle methods) do not run on every render.
func renderMethodOf(tree *shim.AST, cls *shim.Class, fn parser.Node) string {
	fe, ok := fn.(shim.Expr)
	if !ok || cls.Name == nil {
		return ""
	}
	for i := range cls.Properties {
		p := &cls.Properties[i]
		if k, isStr := p.Key.Data.(*shim.EString); isStr && p.ValueOrNil.Data == fe.Data && shim.StringValue(k) == "render" {
			return shim.SymbolName(tree, cls.Name.Ref)
		}
	}
	return ""
}

// returnsJSX reports whether a function returns a JSX element from its own body.
func returnsJSX(fn parser.Node) bool {
	_, _, body, _ := analysis.FuncNode(fn)
	for _, r := range analysis.Returns(body) {
		for _, leaf := range analysis.ValueLeaves(r, nil) {
			if _, ok := leaf.Data.(*shim.EJSXElement); ok {
				return true
			}
		}
	}
	return false
}
