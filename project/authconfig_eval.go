package project

import (
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

// This file is the static evaluator for the auth config's default export
// (convex/auth.config.ts). It folds what can be known without running code: object and array
// literals, string and template literals, `+` on strings, top-level `const` bindings,
// `process.env.X` as a symbolic value, and spreads of known arrays and objects. Everything else
// (other calls, `.map`, conditionals, imports, wrapper modules such as `env` from `_generated/server`)
// is Unknown, and rules stay silent on Unknown: a finding needs evidence. Calls of helpers
// defined in the file whose body is a single return are inlined (see evaluator.call).

// EvalAuthConfig evaluates the auth config file f (nil for nil). The result is cached per
// file: several rules ask for it.
func EvalAuthConfig(f *File) *AuthConfig {
	if f == nil {
		return nil
	}
	return f.Memo(authConfigKey{}, func() any { return evalAuthConfig(f) }).(*AuthConfig)
}

// AuthConfigFor is the evaluated auth config when f is the auth config of its root and
// parses; nil otherwise (other files, auth.config.test.ts, syntax errors). Per-file rules
// start with it.
func AuthConfigFor(f *File) *AuthConfig {
	if f == nil || f.Root == nil || f.Root.AuthConfig != f {
		return nil
	}
	if ac := EvalAuthConfig(f); ac.Parsed {
		return ac
	}
	return nil
}

// EvalAuthConfig evaluates the root's auth config; nil when it has none.
func (r *Root) EvalAuthConfig() *AuthConfig {
	if r == nil || r.AuthConfig == nil {
		return nil
	}
	return EvalAuthConfig(r.AuthConfig)
}

type authConfigKey struct{}

// maxDepth bounds the identifiers and spreads followed from one expression.
const maxDepth = 16

func evalAuthConfig(f *File) *AuthConfig {
	ac := &AuthConfig{File: f}
	src, err := f.Content()
	if err != nil {
		return ac
	}
	ac.Source = src
	tree, _ := f.AST()
	if tree == nil {
		return ac
	}
	ac.Parsed = true
	ev := newEvaluator(src, tree)
	def, ok := ev.defaultExport()
	if !ok {
		return ac
	}
	ac.HasDefault = true
	ac.Default = ev.eval(def, 0)
	if ac.Default.Kind != Object {
		return ac
	}
	pf, ok := ac.Default.Field("providers")
	if !ok {
		return ac
	}
	ac.ProvidersField = &pf
	ac.ProvidersValue = pf.Value
	if pf.Value.Kind != Array {
		return ac
	}
	ac.ProvidersKnown = !pf.Value.Open
	for _, it := range pf.Value.Items {
		if it.Kind != Object {
			ac.ProvidersKnown = false
			continue
		}
		ac.Providers = append(ac.Providers, Provider{Value: it, Index: len(ac.Providers)})
	}
	return ac
}

// evaluator holds one file's top-level bindings.
type evaluator struct {
	src    string
	tree   *shim.AST
	consts map[shim.Ref]shim.Expr // top-level `const x = <init>`
	funcs  map[shim.Ref]*shim.Fn  // top-level `function f() {}`
	envs   map[shim.Ref]envBinding
	// params binds the parameters of the helper being inlined (see call) to its arguments.
	params map[shim.Ref]Value
	// safe memoizes whether a const holding an object or array is only read in literal
	// positions (never mutated, passed to a call or pushed to).
	safe map[shim.Ref]bool
	uses map[shim.Ref][]use // lazily built
}

// envBinding is `const { NAME: x = fallback } = process.env`.
type envBinding struct {
	name       string
	start, end int // the binding's key as written
	fallback   shim.Expr
}

// use is one reference to a const and the nodes above it.
type use struct {
	ancestors []parser.Node
	self      shim.Expr
}

func newEvaluator(src string, tree *shim.AST) *evaluator {
	ev := &evaluator{src: src, tree: tree, consts: map[shim.Ref]shim.Expr{}, funcs: map[shim.Ref]*shim.Fn{},
		envs: map[shim.Ref]envBinding{}, safe: map[shim.Ref]bool{}}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			if fn, ok := st.Data.(*shim.SFunction); ok && fn.Fn.Name != nil {
				ev.funcs[fn.Fn.Name.Ref] = &fn.Fn
				continue
			}
			local, ok := st.Data.(*shim.SLocal)
			if !ok || local.Kind != shim.LocalConst {
				continue
			}
			for _, d := range local.Decls {
				if d.ValueOrNil.Data == nil {
					continue
				}
				switch b := d.Binding.Data.(type) {
				case *shim.BIdentifier:
					ev.consts[b.Ref] = d.ValueOrNil
				case *shim.BObject:
					if !isProcessEnvObject(tree, d.ValueOrNil) {
						continue
					}
					for _, p := range b.Properties {
						key, isStr := p.Key.Data.(*shim.EString)
						id, isID := p.Value.Data.(*shim.BIdentifier)
						if p.IsSpread || !isStr || !isID {
							continue
						}
						r := keyRange(src, p.Key.Loc.Start, p.IsComputed)
						ev.envs[id.Ref] = envBinding{name: shim.StringValue(key), start: r[0], end: r[1], fallback: p.DefaultValueOrNil}
					}
				}
			}
		}
	}
	return ev
}

// defaultExport finds the expression of the module's default export.
func (ev *evaluator) defaultExport() (shim.Expr, bool) {
	var out shim.Expr
	found := false
	for _, part := range ev.tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SExportDefault:
				if e, ok := s.Value.Data.(*shim.SExpr); ok {
					out, found = e.Value, true
				} else {
					out, found = shim.Expr{Loc: s.Value.Loc}, true // a function or class: Unknown
				}
			case *shim.SExportClause:
				for _, it := range s.Items {
					if it.Alias == "default" {
						out, found = shim.Expr{Loc: it.AliasLoc, Data: &shim.EIdentifier{Ref: it.Name.Ref}}, true
					}
				}
			case *shim.SExportFrom:
				for _, it := range s.Items {
					if it.Alias == "default" {
						out, found = shim.Expr{Loc: it.AliasLoc}, true // re-exported: Unknown
					}
				}
			case *shim.SExpr:
				// module.exports = {...} (CommonJS), and TypeScript's `export = {...}`.
				if b, ok := s.Value.Data.(*shim.EBinary); ok && b.Op == shim.BinOpAssign && ev.isModuleExports(b.Left) {
					out, found = b.Right, true
				}
			}
		}
	}
	return out, found
}

func (ev *evaluator) isModuleExports(e shim.Expr) bool {
	d, ok := e.Data.(*shim.EDot)
	if !ok || d.Name != "exports" {
		return false
	}
	id, ok := d.Target.Data.(*shim.EIdentifier)
	return ok && shim.SymbolName(ev.tree, id.Ref) == "module"
}

func isProcessEnvObject(tree *shim.AST, e shim.Expr) bool {
	d, ok := e.Data.(*shim.EDot)
	if !ok || d.Name != "env" {
		return false
	}
	id, ok := d.Target.Data.(*shim.EIdentifier)
	return ok && shim.SymbolName(tree, id.Ref) == "process"
}

// processEnv matches process.env.NAME and process.env["NAME"].
func (ev *evaluator) processEnv(e shim.Expr) (string, bool) {
	switch d := e.Data.(type) {
	case *shim.EDot:
		return d.Name, isProcessEnvObject(ev.tree, d.Target)
	case *shim.EIndex:
		if s, ok := d.Index.Data.(*shim.EString); ok && isProcessEnvObject(ev.tree, d.Target) {
			return shim.StringValue(s), true
		}
	}
	return "", false
}

func (ev *evaluator) at(e shim.Expr, v Value) Value {
	v.Start = int(e.Loc.Start)
	v.End = ev.end(e)
	v.SrcStart, v.SrcEnd = v.Start, v.End
	return v
}

func (ev *evaluator) eval(e shim.Expr, depth int) Value {
	if e.Data == nil || depth > maxDepth {
		return ev.at(e, Value{})
	}
	switch d := e.Data.(type) {
	case *shim.EString:
		return ev.at(e, Value{Kind: String, Str: shim.StringValue(d)})
	case *shim.ETemplate:
		if d.TagOrNil.Data != nil {
			return ev.at(e, Value{})
		}
		return ev.template(e, d, depth)
	case *shim.EAnnotation:
		return ev.eval(d.Value, depth)
	case *shim.EIdentifier:
		return ev.identifier(e, d.Ref, depth)
	case *shim.EDot, *shim.EIndex:
		if name, ok := ev.processEnv(e); ok {
			return ev.at(e, Value{Kind: EnvVar, Env: name})
		}
	case *shim.EBinary:
		switch d.Op {
		case shim.BinOpNullishCoalescing, shim.BinOpLogicalOr:
			l := ev.eval(d.Left, depth+1)
			switch {
			case l.Kind == EnvVar:
				fb := ev.eval(d.Right, depth+1)
				last := &l
				for last.Fallback != nil { // a ?? b ?? "x": x is b's fallback
					next := *last.Fallback
					last.Fallback = &next
					last = &next
				}
				last.Fallback = &fb
				l.Start, l.End = int(e.Loc.Start), ev.end(e)
				return l
			case l.Kind == String && (d.Op == shim.BinOpNullishCoalescing || l.Str != ""):
				return l
			}
		case shim.BinOpAdd:
			l, r := ev.eval(d.Left, depth+1), ev.eval(d.Right, depth+1)
			if l.IsString() || r.IsString() {
				return ev.at(e, joinParts(append(asParts(l), asParts(r)...)))
			}
		}
	case *shim.EObject:
		return ev.object(e, d, depth)
	case *shim.EArray:
		return ev.array(e, d, depth)
	case *shim.ECall:
		if v, ok := ev.call(e, d, depth); ok {
			return v
		}
	}
	return ev.at(e, Value{})
}

// call inlines a call of a helper defined in the file (`function authConfig(id) { return
// {...} }`, `const withWorkOS = (id) => ({...})`) whose body is a single return: the returned
// expression is evaluated with the parameters bound to the arguments. Calls of imported or
// other functions are not known.
func (ev *evaluator) call(e shim.Expr, c *shim.ECall, depth int) (Value, bool) {
	id, ok := c.Target.Data.(*shim.EIdentifier)
	if !ok {
		return Value{}, false
	}
	var args []shim.Arg
	var body []shim.Stmt
	if fn, ok := ev.funcs[id.Ref]; ok && !fn.IsAsync && !fn.IsGenerator && !fn.HasRestArg {
		args, body = fn.Args, fn.Body.Block.Stmts
	} else if init, ok := ev.consts[id.Ref]; ok {
		switch f := init.Data.(type) {
		case *shim.EArrow:
			if f.IsAsync || f.HasRestArg {
				return Value{}, false
			}
			args, body = f.Args, f.Body.Block.Stmts
		case *shim.EFunction:
			if f.Fn.IsAsync || f.Fn.IsGenerator || f.Fn.HasRestArg {
				return Value{}, false
			}
			args, body = f.Fn.Args, f.Fn.Body.Block.Stmts
		default:
			return Value{}, false
		}
	} else {
		return Value{}, false
	}
	if len(body) != 1 {
		return Value{}, false
	}
	ret, ok := body[0].Data.(*shim.SReturn)
	if !ok || ret.ValueOrNil.Data == nil {
		return Value{}, false
	}
	bound := map[shim.Ref]Value{}
	for i, a := range args {
		b, ok := a.Binding.Data.(*shim.BIdentifier)
		if !ok {
			return Value{}, false // destructured parameters: not followed
		}
		switch {
		case i < len(c.Args):
			if _, spread := c.Args[i].Data.(*shim.ESpread); spread {
				return Value{}, false
			}
			bound[b.Ref] = ev.eval(c.Args[i], depth+1)
		case a.DefaultOrNil.Data != nil:
			bound[b.Ref] = ev.eval(a.DefaultOrNil, depth+1)
		default:
			bound[b.Ref] = Value{Kind: Unknown, Start: int(e.Loc.Start), End: ev.end(e), SrcStart: int(e.Loc.Start), SrcEnd: ev.end(e)}
		}
	}
	outer := ev.params
	ev.params = bound // a top-level helper sees its own parameters, never its caller's
	v := ev.eval(ret.ValueOrNil, depth+1)
	ev.params = outer
	return v, true
}

// identifier follows a top-level const (or a binding destructured from process.env).
func (ev *evaluator) identifier(e shim.Expr, ref shim.Ref, depth int) Value {
	start, end := int(e.Loc.Start), ev.end(e)
	if v, ok := ev.params[ref]; ok {
		return v // a helper's parameter: the argument, where the call site wrote it
	}
	if b, ok := ev.envs[ref]; ok {
		v := Value{Kind: EnvVar, Env: b.name, Start: start, End: end, SrcStart: b.start, SrcEnd: b.end}
		if b.fallback.Data != nil {
			fb := ev.eval(b.fallback, depth+1)
			v.Fallback = &fb
		}
		return v
	}
	init, ok := ev.consts[ref]
	if !ok {
		return Value{Start: start, End: end, SrcStart: start, SrcEnd: end}
	}
	v := ev.eval(init, depth+1)
	if (v.Kind == Object || v.Kind == Array) && !ev.isSafe(ref, 0) {
		v = Value{SrcStart: v.SrcStart, SrcEnd: v.SrcEnd} // mutated or escapes: not what it was declared as
	}
	v.Start, v.End = start, end
	return v
}

func (ev *evaluator) template(e shim.Expr, t *shim.ETemplate, depth int) Value {
	start, end := int(e.Loc.Start), ev.end(e)
	var parts []Value
	litEnd := func(from int) int { // the `${` or closing backtick after literal text at from
		i := from
		for i < len(ev.src) {
			switch c := ev.src[i]; {
			case c == '\\':
				i += 2
				continue
			case c == '`', c == '$' && i+1 < len(ev.src) && ev.src[i+1] == '{':
				return i
			}
			i++
		}
		return len(ev.src)
	}
	lit := func(cooked []uint16, from int) {
		if s := shim.StringValue(&shim.EString{Value: cooked}); s != "" {
			to := litEnd(from)
			parts = append(parts, Value{Kind: String, Str: s, Start: from, End: to, SrcStart: from, SrcEnd: to})
		}
	}
	lit(t.HeadCooked, start+1)
	for _, p := range t.Parts {
		parts = append(parts, asParts(ev.eval(p.Value, depth+1))...)
		lit(p.TailCooked, int(p.TailLoc.Start)+1)
	}
	v := joinParts(parts)
	v.Start, v.End = start, end
	if v.Kind != EnvVar {
		v.SrcStart, v.SrcEnd = start, end
	}
	return v
}

// asParts turns a value into template parts: a Template's own parts, a String or EnvVar as
// itself, anything else as an Unknown hole.
func asParts(v Value) []Value {
	switch v.Kind {
	case Template:
		return v.Parts
	case String, EnvVar:
		return []Value{v}
	}
	return []Value{{Start: v.Start, End: v.End, SrcStart: v.SrcStart, SrcEnd: v.SrcEnd}}
}

// joinParts merges adjacent literals (the merged range spans them when in order) and
// normalizes: all literal is a String, a lone EnvVar is that EnvVar.
func joinParts(parts []Value) Value {
	var out []Value
	for _, p := range parts {
		if n := len(out); n > 0 && p.Kind == String && out[n-1].Kind == String {
			prev := &out[n-1]
			prev.Str += p.Str
			if p.End >= prev.Start {
				prev.End, prev.SrcEnd = p.End, p.SrcEnd
			}
			continue
		}
		out = append(out, p)
	}
	switch {
	case len(out) == 0:
		return Value{Kind: String}
	case len(out) == 1 && (out[0].Kind == String || out[0].Kind == EnvVar):
		return out[0]
	}
	return Value{Kind: Template, Parts: out}
}

func (ev *evaluator) object(e shim.Expr, o *shim.EObject, depth int) Value {
	v := ev.at(e, Value{Kind: Object, Close: int(o.CloseBraceLoc.Start), LastStart: -1, LastEnd: -1})
	for i := range o.Properties {
		p := &o.Properties[i]
		v.LastStart, v.LastEnd = int(p.Loc.Start), ev.scanEnd(int(p.Loc.Start))
		if p.Kind == shim.PropertySpread {
			sv := ev.eval(p.ValueOrNil, depth+1)
			if sv.Kind == Object {
				v.Fields = append(v.Fields, sv.Fields...)
				v.Open = v.Open || sv.Open
				continue
			}
			v.forgetFields()
			continue
		}
		key, ok := p.Key.Data.(*shim.EString)
		if !ok {
			v.forgetFields() // a computed key of unknown name
			continue
		}
		kr := keyRange(ev.src, p.Key.Loc.Start, p.Flags&shim.PropertyIsComputed != 0)
		f := Field{Key: shim.StringValue(key), KeyStart: kr[0], KeyEnd: kr[1], Start: int(p.Loc.Start), End: v.LastEnd}
		if p.Kind == shim.PropertyField {
			f.Value = ev.eval(p.ValueOrNil, depth+1)
		} else { // method, getter, setter
			f.Value = Value{Start: int(p.ValueOrNil.Loc.Start), End: v.LastEnd}
			f.Value.SrcStart, f.Value.SrcEnd = f.Value.Start, f.Value.End
		}
		v.Fields = append(v.Fields, f)
	}
	return v
}

// forgetFields marks an object Open after an unknown spread or computed key: it may set any
// key, so the values of the fields before it are no longer known.
func (v *Value) forgetFields() {
	for j := range v.Fields {
		f := &v.Fields[j].Value
		*f = Value{Start: f.Start, End: f.End, SrcStart: f.SrcStart, SrcEnd: f.SrcEnd}
	}
	v.Open = true
}

func (ev *evaluator) array(e shim.Expr, a *shim.EArray, depth int) Value {
	v := ev.at(e, Value{Kind: Array, Close: int(a.CloseBracketLoc.Start), LastStart: -1, LastEnd: -1})
	for _, it := range a.Items {
		if _, hole := it.Data.(*shim.EMissing); hole {
			v.Open = true
			continue
		}
		v.LastStart, v.LastEnd = int(it.Loc.Start), ev.scanEnd(int(it.Loc.Start))
		if s, ok := it.Data.(*shim.ESpread); ok {
			sv := ev.eval(s.Value, depth+1)
			if sv.Kind == Array {
				v.Items = append(v.Items, sv.Items...)
				v.Open = v.Open || sv.Open
			} else {
				v.Open = true
			}
			continue
		}
		v.Items = append(v.Items, ev.eval(it, depth+1))
	}
	return v
}

// isSafe reports whether the object or array const ref is only ever read in literal positions
// that end in the default export or in another safe const: then its literal is its value.
// `providers.push(x)`, `config.providers = ...`, `Object.assign(config, ...)` or any other
// use makes it unsafe.
func (ev *evaluator) isSafe(ref shim.Ref, depth int) bool {
	if s, ok := ev.safe[ref]; ok {
		return s
	}
	if depth > maxDepth {
		return false
	}
	ev.safe[ref] = false // cycles are unsafe
	if ev.uses == nil {
		ev.collectUses()
	}
	safe := true
	for _, u := range ev.uses[ref] {
		if !ev.safeUse(u, depth) {
			safe = false
			break
		}
	}
	ev.safe[ref] = safe
	return safe
}

func (ev *evaluator) collectUses() {
	ev.uses = map[shim.Ref][]use{}
	parser.Inspect(ev.tree, func(n parser.Node, c *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		if id, ok := e.Data.(*shim.EIdentifier); ok {
			if _, isConst := ev.consts[id.Ref]; isConst {
				anc := append([]parser.Node(nil), c.Ancestors()...)
				ev.uses[id.Ref] = append(ev.uses[id.Ref], use{ancestors: anc, self: e})
			}
		}
		return true
	})
}

func (ev *evaluator) safeUse(u use, depth int) bool {
	child := u.self
	for i := len(u.ancestors) - 1; i >= 0; i-- {
		switch p := u.ancestors[i].(type) {
		case shim.Expr:
			switch d := p.Data.(type) {
			case *shim.EArray, *shim.EAnnotation:
			case *shim.ESpread: // only inside an array literal
				if i == 0 {
					return false
				}
				if pe, ok := u.ancestors[i-1].(shim.Expr); !ok || !isArray(pe) {
					return false
				}
			case *shim.EObject:
				inValue := false
				for _, prop := range d.Properties {
					if prop.ValueOrNil.Data == child.Data && (prop.Kind == shim.PropertyField || prop.Kind == shim.PropertySpread) {
						inValue = true
					}
				}
				if !inValue {
					return false
				}
			case *shim.EBinary:
				// module.exports = x, at top level.
				return d.Op == shim.BinOpAssign && d.Right.Data == child.Data && ev.isModuleExports(d.Left) && i == 1
			default:
				return false
			}
			child = p
		case shim.Stmt:
			switch d := p.Data.(type) {
			case *shim.SExpr:
				// `export default x` (SExportDefault > SExpr); a bare top-level `x;` reads it too.
				return i == 0 || i == 1 && isExportDefault(u.ancestors[0])
			case *shim.SLocal:
				if i != 0 || d.Kind != shim.LocalConst {
					return false
				}
				for _, decl := range d.Decls {
					if b, ok := decl.Binding.Data.(*shim.BIdentifier); ok && decl.ValueOrNil.Data == child.Data {
						return ev.isSafe(b.Ref, depth+1)
					}
				}
				return false
			default:
				return false
			}
		default:
			return false
		}
	}
	return false
}

func isArray(e shim.Expr) bool { _, ok := e.Data.(*shim.EArray); return ok }

func isExportDefault(n parser.Node) bool {
	s, ok := n.(shim.Stmt)
	if !ok {
		return false
	}
	_, ok = s.Data.(*shim.SExportDefault)
	return ok
}

// keyRange is the range of a property key at loc: an identifier, a quoted string, a number,
// or `[...]` when computed.
func keyRange(src string, loc int32, computed bool) [2]int {
	start := int(loc)
	if computed {
		// loc is the expression inside the brackets; widen to them.
		b := start - 1
		for b >= 0 && isSpace(src[b]) {
			b--
		}
		end := scanExpr(src, start)
		close := end.stop
		if close < len(src) && src[close] == ']' && b >= 0 && src[b] == '[' {
			return [2]int{b, close + 1}
		}
		return [2]int{start, end.end}
	}
	if start < len(src) && (src[start] == '"' || src[start] == '\'') {
		r := shim.RangeOfString(src, shim.Loc{Start: loc})
		return [2]int{start, start + int(r.Len)}
	}
	r := shim.RangeOfIdentifier(src, shim.Loc{Start: loc})
	if r.Len == 0 {
		return [2]int{start, scanExpr(src, start).end}
	}
	return [2]int{start, start + int(r.Len)}
}

// end is the end offset of e as written (TypeScript's `!`, `as T` and `satisfies T`, which
// esbuild erases, are not included).
func (ev *evaluator) end(e shim.Expr) int {
	start := int(e.Loc.Start)
	if start >= len(ev.src) {
		return start
	}
	switch d := e.Data.(type) {
	case *shim.EIdentifier:
		if r := shim.RangeOfIdentifier(ev.src, e.Loc); r.Len > 0 {
			return start + int(r.Len)
		}
	case *shim.EDot:
		return int(d.NameLoc.Start) + len(d.Name)
	case *shim.EIndex:
		return int(d.CloseBracketLoc.Start) + 1
	case *shim.ECall:
		return int(d.CloseParenLoc.Start) + 1
	case *shim.EObject:
		return int(d.CloseBraceLoc.Start) + 1
	case *shim.EArray:
		return int(d.CloseBracketLoc.Start) + 1
	case *shim.EBinary:
		return ev.end(d.Right)
	case *shim.EString:
		if c := ev.src[start]; c == '"' || c == '\'' || c == '`' {
			end := start + int(shim.RangeOfString(ev.src, e.Loc).Len)
			if j := skipSpaceAndComments(ev.src, end); j >= len(ev.src) || ev.src[j] != '+' {
				return end // not folded from "a" + "b"
			}
		}
	case *shim.ETemplate:
		if d.TagOrNil.Data == nil && len(d.Parts) > 0 {
			return skipTemplateTail(ev.src, int(d.Parts[len(d.Parts)-1].TailLoc.Start)+1)
		}
		if d.TagOrNil.Data == nil && ev.src[start] == '`' {
			return start + int(shim.RangeOfString(ev.src, e.Loc).Len)
		}
	}
	return ev.scanEnd(start)
}
