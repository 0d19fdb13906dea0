package analysis

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Where the object an adapter hook returns is built. The hook may build it itself, or reach it
// through another hook (`return useWebAuth().convexAuth`), a destructured field
// (`const { convexAuth } = useWebAuth()`), or React context (`useContext(WebAuthContext)`, whose
// value a provider component builds and renders as `<WebAuthContext.Provider value={...}>`).
// The function that builds the object is the one whose renders decide the fetcher's identity.

// builtObject is an object literal and the function whose body builds it.
type builtObject struct {
	fn   *Func
	obj  *shim.EObject
	memo *shim.ECall // the useMemo call whose factory builds it, if any
}

// objectsOf finds the object literals e can evaluate to inside fn.
func (a *Adapters) objectsOf(fn *Func, e shim.Expr, memo *shim.ECall, depth int) []builtObject {
	if depth > MaxDepth || e.Data == nil {
		return nil
	}
	tf := fn.Scope
	switch v := e.Data.(type) {
	case *shim.EObject:
		return []builtObject{{fn: fn, obj: v, memo: memo}}
	case *shim.EDot:
		return a.fieldOf(a.objectsOf(fn, v.Target, memo, depth+1), v.Name, depth)
	case *shim.EIdentifier:
		d := tf.Decls[v.Ref]
		if d == nil || d.Kind != DeclVar || d.Owner != fn.ID || d.Init.Data == nil {
			return nil
		}
		objs := a.objectsOf(fn, d.Init, memo, depth+1)
		for _, step := range d.Path {
			if step.Key == "" || step.Key == "..." {
				return nil
			}
			objs = a.fieldOf(objs, step.Key, depth)
		}
		return objs
	case *shim.ECall:
		switch tf.Callee(v.Target) {
		case "useMemo":
			if len(v.Args) > 0 {
				if factory := tf.fnOf(v.Args[0]); factory != nil {
					if r, ok := factory.singleReturn(); ok {
						return a.objectsOf(fn, r, v, depth+1)
					}
				}
			}
			return nil
		case "useContext", "use":
			if len(v.Args) == 1 {
				var out []builtObject
				for _, pv := range a.contextValues(tf, v.Args[0]) {
					out = append(out, a.objectsOf(pv.fn, pv.value, nil, depth+1)...)
				}
				return out
			}
			return nil
		}
		if !IsHookName(tf.Callee(v.Target)) {
			return nil // a plain call: a new object each time, built where the analysis cannot say
		}
		hook := a.resolveHook(tf, v.Target, depth+1)
		if hook == nil {
			return nil
		}
		var out []builtObject
		for _, r := range Returns(hook.Body) {
			out = append(out, a.objectsOf(hook, r, nil, depth+1)...)
		}
		return out
	}
	return nil
}

// fieldOf follows property key of each object to the objects its value builds.
func (a *Adapters) fieldOf(objs []builtObject, key string, depth int) []builtObject {
	var out []builtObject
	for _, o := range objs {
		p := propNamed(o.obj, key)
		if p == nil {
			continue
		}
		out = append(out, a.objectsOf(o.fn, p.ValueOrNil, o.memo, depth+1)...)
	}
	return out
}

// propNamed is the object's last property named key; nil when there is none or a later spread
// may replace it.
func propNamed(obj *shim.EObject, key string) *shim.Property {
	var found *shim.Property
	for i := range obj.Properties {
		p := &obj.Properties[i]
		if p.Kind == shim.PropertySpread {
			found = nil
			continue
		}
		if k, ok := p.Key.Data.(*shim.EString); ok && p.Flags&shim.PropertyIsComputed == 0 && shim.StringValue(k) == key {
			found = p
		}
	}
	return found
}

// providedValue is the value a context provider element passes, and the component rendering it.
type providedValue struct {
	fn    *Func
	value shim.Expr
}

type contextKey struct {
	f   *project.File
	ref shim.Ref
}

// contextValues finds the values given to the providers of the context ctx names
// (`<Ctx.Provider value={v}>`, or `<Ctx value={v}>` as React 19 allows), in every project file
// that mentions the context's name.
func (a *Adapters) contextValues(tf *FileScope, ctx shim.Expr) []providedValue {
	df, def, ok := ResolveExpr(a.p, tf.File, ctx)
	if !ok || def.Name == "" || def.IsFunc() {
		return nil
	}
	key := contextKey{df, def.Ref}
	if v, ok := a.contexts[key]; ok {
		return v
	}
	a.contexts[key] = nil // a provider whose value reads its own context: no cycle
	var out []providedValue
	for _, f := range a.p.Files {
		if f.Kind != project.KindJS {
			continue
		}
		if src, err := f.Content(); err != nil || !strings.Contains(src, def.Name) {
			continue
		}
		pf := a.file(f)
		if pf == nil {
			continue
		}
		parser.Inspect(pf.Tree, func(n parser.Node, c *parser.Cursor) bool {
			e, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			jsx, ok := e.Data.(*shim.EJSXElement)
			if !ok || jsx.TagOrNil.Data == nil {
				return true
			}
			tag := jsx.TagOrNil
			if dot, ok := tag.Data.(*shim.EDot); ok && dot.Name == "Provider" {
				tag = dot.Target
			}
			if tf2, def2, ok := ResolveExpr(a.p, pf.File, tag); !ok || tf2 != df || def2.Ref != def.Ref {
				return true
			}
			v, ok := jsxAttr(jsx, "value")
			if !ok {
				return true
			}
			if owner := pf.enclosingFunc(c); owner != nil {
				out = append(out, providedValue{fn: owner, value: v})
			}
			return true
		})
	}
	a.contexts[key] = out
	return out
}

// enclosingFunc is the innermost function around the cursor, named after its declaration.
func (tf *FileScope) enclosingFunc(c *parser.Cursor) *Func {
	anc := c.Ancestors()
	for i := len(anc) - 1; i >= 0; i-- {
		id, args, body, ok := FuncNode(anc[i])
		if !ok {
			continue
		}
		fn := &Func{Scope: tf, ID: id, Args: args, Body: body}
		for _, d := range tf.Decls {
			switch {
			case d.Kind == DeclFunc && d.Fn.ID == id:
				fn.Name = d.Name
			case d.Kind == DeclVar && len(d.Path) == 0 && d.Init.Data != nil:
				if f := tf.fnOf(d.Init); f != nil && f.ID == id {
					fn.Name = d.Name
				}
			}
		}
		return fn
	}
	return nil
}

// BuildsContextAdapter reports whether f renders a context provider in a file that mentions
// fetchAccessToken: an adapter object built there can reach a ConvexProviderWithAuth of another
// file through context, which the file's own exports do not show.
func (a *Adapters) BuildsContextAdapter(f *project.File) bool {
	if f.Kind != project.KindJS || !mentions(f, "fetchAccessToken") {
		return false
	}
	tf := a.file(f)
	if tf == nil {
		return false
	}
	found := false
	parser.Inspect(tf.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		if e, ok := n.(shim.Expr); ok && !found {
			if jsx, ok := e.Data.(*shim.EJSXElement); ok && jsx.TagOrNil.Data != nil {
				if _, has := jsxAttr(jsx, "value"); has {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
