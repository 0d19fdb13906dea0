package analysis

import (
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// ---- the fetchAccessToken a hook returns ----

// FetcherKind says how a fetchAccessToken is built, and so how long it keeps its identity.
type FetcherKind uint8

const (
	FetcherUnknown FetcherKind = iota // built by something the analysis cannot see
	FetcherInline                     // a function created in the hook body, not memoized
	FetcherMemo                       // useCallback / useMemo: stable as long as deps are
	FetcherStable                     // a module-level or outer-scope function
)

// Fetcher is the fetchAccessToken of an adapter hook.
type Fetcher struct {
	Hook *Func
	Kind FetcherKind
	// at is where the fetcher is named in the hook: the declaration or the object key.
	At       [2]int
	Memo     *shim.ECall // FetcherMemo: the useCallback/useMemo call
	MemoName string      // "useCallback" or "useMemo"
	Deps     shim.Expr   // FetcherMemo: the dependency list; Data nil when there is none
	Fn       *Func       // the function itself, when readable
}

// Fetchers lists the fetchAccessToken values returned by a hook (usually one). A fetcher's Hook
// is the function that builds the returned object: the hook itself, or the hook or provider
// component it reaches it through.
func (a *Adapters) Fetchers(hook *Func) []*Fetcher {
	var out []*Fetcher
	seen := map[fetcherKey]bool{}
	for _, r := range Returns(hook.Body) {
		for _, b := range a.objectsOf(hook, r, nil, 0) {
			p := fetchAccessTokenProp(b.obj)
			if p == nil {
				continue
			}
			start, end := b.fn.Scope.nameRange(p.Key.Loc)
			tfe := a.classifyFetcher(b.fn, p.ValueOrNil, b.memo, [2]int{start, end}, 0)
			if k := (fetcherKey{b.fn.Scope.File, tfe.atOrZero()}); tfe != nil && !seen[k] {
				seen[k] = true
				out = append(out, tfe)
			}
		}
	}
	return out
}

type fetcherKey struct {
	f  *project.File
	at [2]int
}

func (fe *Fetcher) atOrZero() [2]int {
	if fe == nil {
		return [2]int{}
	}
	return fe.At
}

// fetchAccessTokenProp is the object's last fetchAccessToken property; nil when there is none or
// a later spread may replace it.
func fetchAccessTokenProp(obj *shim.EObject) *shim.Property {
	return propNamed(obj, "fetchAccessToken")
}

// classifyFetcher says how the fetchAccessToken value v is built.
func (a *Adapters) classifyFetcher(hook *Func, v shim.Expr, objMemo *shim.ECall, at [2]int, depth int) *Fetcher {
	if depth > MaxDepth || v.Data == nil {
		return nil
	}
	tf := hook.Scope
	out := &Fetcher{Hook: hook, At: at}
	switch e := v.Data.(type) {
	case *shim.EArrow, *shim.EFunction:
		out.Fn = tf.fnOf(v)
		out.Kind = FetcherInline
		if objMemo != nil {
			// The whole returned object is memoized: the function lives as long as that memo.
			out.Kind, out.Memo, out.MemoName = FetcherMemo, objMemo, "useMemo"
			if len(objMemo.Args) > 1 {
				out.Deps = objMemo.Args[1]
			}
		}
	case *shim.ECall:
		name := tf.Callee(e.Target)
		switch name {
		case "useCallback":
			out.Kind, out.Memo, out.MemoName = FetcherMemo, e, name
			if len(e.Args) > 0 {
				out.Fn = a.readableFn(tf, e.Args[0], depth+1)
			}
		case "useMemo":
			out.Kind, out.Memo, out.MemoName = FetcherMemo, e, name
			if len(e.Args) > 0 {
				if factory := tf.fnOf(e.Args[0]); factory != nil {
					if r, ok := factory.singleReturn(); ok {
						out.Fn = a.readableFn(tf, r, depth+1)
					}
				}
			}
		default:
			// useEvent, useLatestCallback, a custom memo: the identity is unknown, the function
			// may still be readable.
			if len(e.Args) > 0 {
				out.Fn = a.readableFn(tf, e.Args[0], depth+1)
			}
			return out
		}
		if len(e.Args) > 1 {
			out.Deps = e.Args[1]
		}
	case *shim.EIdentifier:
		d := tf.Decls[e.Ref]
		if d == nil {
			return nil
		}
		switch {
		case d.Owner == hook.ID && d.Kind == DeclFunc:
			out.Kind, out.Fn, out.At = FetcherInline, d.Fn, [2]int{d.Start, d.End}
		case d.Owner == hook.ID && d.Kind == DeclVar && len(d.Path) == 0 && d.Init.Data != nil:
			inner := a.classifyFetcher(hook, d.Init, nil, [2]int{d.Start, d.End}, depth+1)
			if inner == nil {
				return nil
			}
			if inner.Kind == FetcherInline && objMemo != nil {
				return &Fetcher{Hook: hook, Kind: FetcherUnknown, At: inner.At, Fn: inner.Fn}
			}
			return inner
		case d.Owner == hook.ID:
			return nil // a parameter, or destructured from another hook's result
		default:
			// Declared outside the hook: a module function, or one of the enclosing factory.
			out.Kind = FetcherStable
			out.Fn = a.readableFn(tf, v, depth+1)
		}
	case *shim.EImportIdentifier:
		out.Kind = FetcherStable
		out.Fn = a.readableFn(tf, v, depth+1)
	default:
		return nil
	}
	return out
}

// ReadableFunc is the function an expression of tf names, when its body can be read: a function
// literal, a declared function, a const holding one or a useCallback of one, an imported function.
func (a *Adapters) ReadableFunc(tf *FileScope, e shim.Expr) *Func {
	if id, ok := e.Data.(*shim.EIdentifier); ok {
		if d := tf.Decls[id.Ref]; d != nil && d.Kind == DeclVar && len(d.Path) == 0 && d.Local == shim.LocalConst {
			if call, ok := d.Init.Data.(*shim.ECall); ok && len(call.Args) > 0 && tf.Callee(call.Target) == "useCallback" {
				return a.readableFn(tf, call.Args[0], 1)
			}
		}
	}
	return a.readableFn(tf, e, 0)
}

// readableFn is the function body behind an expression, when there is one to read.
func (a *Adapters) readableFn(tf *FileScope, e shim.Expr, depth int) *Func {
	if depth > MaxDepth {
		return nil
	}
	switch v := e.Data.(type) {
	case *shim.EArrow, *shim.EFunction:
		return tf.fnOf(e)
	case *shim.EIdentifier:
		d := tf.Decls[v.Ref]
		switch {
		case d == nil:
			return nil
		case d.Kind == DeclFunc:
			return d.Fn
		case d.Kind == DeclVar && len(d.Path) == 0 && d.Init.Data != nil && d.Local == shim.LocalConst:
			return a.readableFn(tf, d.Init, depth+1)
		}
	case *shim.EImportIdentifier:
		_, def, ok := ResolveExpr(a.p, tf.File, e)
		if ok && def.IsFunc() {
			return a.fnOfDef(def)
		}
	}
	return nil
}
