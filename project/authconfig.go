package project

import (
	"iter"
	"strconv"
	"strings"

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

// ValueKind says what the evaluator knows about an expression.
type ValueKind uint8

const (
	Unknown  ValueKind = iota // not statically known: calls, imports, conditionals, numbers...
	String                    // a known string: Str
	Template                  // a string made of literal text and symbolic parts: Parts
	EnvVar                    // process.env.NAME: Env (and Fallback, if any)
	Object                    // an object literal: Fields
	Array                     // an array literal: Items
)

func (k ValueKind) String() string {
	return [...]string{"unknown", "string", "template", "env", "object", "array"}[k]
}

// Hole stands for each non-literal part in Value.Pattern.
const Hole = "\x00"

// Value is an evaluated expression. Offsets are bytes into the auth config file.
type Value struct {
	Kind ValueKind

	// Str is the text of a String.
	Str string
	// Parts of a Template, in order: String (literal text, adjacent literals merged), EnvVar or
	// Unknown (a hole such as `${helper()}`). A Template always has at least one non-String
	// part; a template that folds to text is a String, and `${process.env.X}` alone is an EnvVar.
	Parts []Value
	// Env is the variable name of an EnvVar.
	Env string
	// Fallback is the right side of `process.env.X ?? "..."` or `|| "..."`. The value is then
	// treated as the env var (the deployment sets it); Fallback keeps the default so that
	// checks about hardcoded values can still see it. nil when there is no fallback.
	Fallback *Value

	// Fields of an Object in source order, spreads of known objects inlined. Duplicate keys
	// are kept; Field returns the last, as JavaScript does.
	Fields []Field
	// Items of an Array in source order, spreads of known arrays inlined. An element that
	// could not be evaluated is an Unknown item.
	Items []Value
	// Open marks an Object or Array with parts the evaluator could not see: a spread of an
	// unknown value or a computed key. Its Fields/Items are then not the whole story: an
	// absent field is no evidence, and fields before an unknown spread have Unknown values
	// (the spread may override them).
	Open bool
	// Close is the offset of the closing `}` or `]` of an Object or Array literal;
	// LastStart and LastEnd delimit its last element as written (a spread included), -1 when
	// it is empty. They place inserted elements.
	Close, LastStart, LastEnd int

	// Start and End delimit the expression as written where it is used: for `clientId`,
	// the identifier. SrcStart and SrcEnd delimit where the value was defined, after following
	// const bindings: for `clientId`, the `process.env.WORKOS_CLIENT_ID` of its declaration.
	Start, End       int
	SrcStart, SrcEnd int
}

// Field is one property of an Object.
type Field struct {
	Key              string
	KeyStart, KeyEnd int // the key as written, quotes or brackets of a computed key included
	Value            Value
	Start, End       int // the whole property: key through value (`as const` and `!` included)
}

// IsString reports whether the value is string-like: a String, Template or EnvVar.
func (v Value) IsString() bool {
	return v.Kind == String || v.Kind == Template || v.Kind == EnvVar
}

// Field returns the last property named key of an Object.
func (v Value) Field(key string) (Field, bool) {
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if v.Fields[i].Key == key {
			return v.Fields[i], true
		}
	}
	return Field{}, false
}

// Has reports whether an Object is known to have (true, true) or known to lack (false, true)
// the property key; known is false when the object is Open and lacks it.
func (v Value) Has(key string) (has, known bool) {
	if _, ok := v.Field(key); ok {
		return true, true
	}
	return false, !v.Open
}

// Pattern renders a string-like value as its literal text with Hole in place of each
// non-literal part, and returns those parts in order: `https://api.workos.com/sso/jwks/${id}`
// gives "https://api.workos.com/sso/jwks/\x00" and [id]. ok is false for other kinds.
func (v Value) Pattern() (pat string, holes []Value, ok bool) {
	switch v.Kind {
	case String:
		return v.Str, nil, true
	case EnvVar:
		return Hole, []Value{v}, true
	case Template:
		var b strings.Builder
		for _, p := range v.Parts {
			if p.Kind == String {
				b.WriteString(p.Str)
			} else {
				b.WriteString(Hole)
				holes = append(holes, p)
			}
		}
		return b.String(), holes, true
	}
	return "", nil, false
}

// Literal is the literal text of a string-like value with its holes dropped.
func (v Value) Literal() string {
	pat, _, _ := v.Pattern()
	return strings.ReplaceAll(pat, Hole, "")
}

// SourceKey identifies where a string value comes from, for comparing client ID sources:
// "env:NAME" for an env var (its fallback ignored), "lit:TEXT" for a known string, "" when
// not known (a template mixes sources; Unknown is unknown).
func (v Value) SourceKey() string {
	switch v.Kind {
	case EnvVar:
		return "env:" + v.Env
	case String:
		return "lit:" + v.Str
	}
	return ""
}

// AuthConfig is the evaluated default export of an auth config file.
type AuthConfig struct {
	File   *File
	Source string
	// Parsed is false when the file could not be read or has syntax errors; nothing else is set.
	Parsed bool
	// HasDefault says whether a default export (`export default`, `export { x as default }`,
	// `module.exports =`, `export =`) was found; Default is its value.
	HasDefault bool
	Default    Value
	// ProvidersField is the `providers` property of the default export, when it is an Object
	// that has one. ProvidersValue is its value (an Array when literal).
	ProvidersField *Field
	ProvidersValue Value
	// Providers are the provider objects, in order.
	Providers []Provider
	// ProvidersKnown says Providers is the whole list: the providers array is a literal with
	// no unknown element or spread. Rules that conclude "no provider of kind X" need it.
	ProvidersKnown bool
}

// Text is the source text of [start, end).
func (ac *AuthConfig) Text(start, end int) string {
	if start < 0 || end > len(ac.Source) || start > end {
		return ""
	}
	return ac.Source[start:end]
}

// Role is what a provider is for, judged from its issuer (or OIDC domain).
type Role uint8

const (
	RoleUnknown        Role = iota // the issuer is not known well enough to say
	RoleSSO                        // WorkOS SSO: issuer https://api.workos.com/ (any scheme, with or without the slash)
	RoleUserManagement             // AuthKit: an issuer whose literal text has /user_management
	RoleOther                      // anything else that is known: another provider, a wrong WorkOS path
)

// Provider is one provider object of the providers array.
type Provider struct {
	Value     // Kind Object
	Index int // position in AuthConfig.Providers
}

// WorkOSHost is the host whose presence in a provider's issuer, jwks or domain makes it WorkOS.
const WorkOSHost = "api.workos.com"

// Issuer is the provider's issuer, or its OIDC `domain` when it has no issuer.
func (p Provider) Issuer() (Field, bool) {
	if f, ok := p.Field("issuer"); ok {
		return f, true
	}
	return p.Field("domain")
}

// IsWorkOS reports whether the literal text of the provider's issuer, jwks or domain names
// api.workos.com. Custom auth domains (the host from an env var or another host) are not
// WorkOS to the rules: their shape is the user's business.
func (p Provider) IsWorkOS() bool {
	for _, k := range []string{"issuer", "jwks", "domain"} {
		if f, ok := p.Field(k); ok && strings.Contains(f.Value.Literal(), WorkOSHost) {
			return true
		}
	}
	return false
}

// Role classifies the provider by its issuer (or domain).
func (p Provider) Role() Role {
	f, ok := p.Issuer()
	if !ok {
		if p.Open {
			return RoleUnknown
		}
		return RoleOther
	}
	return IssuerRole(f.Value)
}

// IssuerRole classifies an issuer value. A literal "/user_management" anywhere makes it
// AuthKit's (custom auth domains included). A fully literal https://api.workos.com with an
// empty or "/" path is SSO. Other known strings are RoleOther; a template is RoleOther only
// when its literal text before the first hole already fixes a host and a path that is not
// user_management (`https://api.workos.com/sso/${x}`); otherwise RoleUnknown.
func IssuerRole(v Value) Role {
	pat, holes, ok := v.Pattern()
	if !ok {
		return RoleUnknown
	}
	if strings.Contains(pat, "/user_management") {
		return RoleUserManagement
	}
	if len(holes) == 0 {
		if _, host, path, ok := SplitURL(pat); ok && host == WorkOSHost && (path == "" || path == "/") {
			return RoleSSO
		}
		return RoleOther
	}
	prefix := pat[:strings.Index(pat, Hole)]
	if _, _, path, ok := SplitURL(prefix); ok && len(strings.Trim(path, "/")) > 0 && strings.Contains(path[1:], "/") {
		return RoleOther // a full first path segment, not user_management
	}
	return RoleUnknown
}

// SplitURL splits "scheme://host/path" (path keeps its leading slash; empty when absent).
func SplitURL(s string) (scheme, host, path string, ok bool) {
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", "", "", false
	}
	scheme, rest := s[:i], s[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		host, path = rest[:j], rest[j:]
	} else {
		host = rest
	}
	return scheme, host, path, true
}

// URLField is a string-like provider field read as a URL.
type URLField struct {
	Field
	Pattern string  // the value's Pattern: its literal text, Hole for each non-literal part
	Holes   []Value // the non-literal parts, in order
	// Scheme, Host and Path are SplitURL of Pattern.
	Scheme, Host, Path string
}

// OnWorkOSHost reports whether the URL is written with the literal host api.workos.com: not a
// custom auth domain, nor a host from a variable.
func (u URLField) OnWorkOSHost() bool { return u.Host == WorkOSHost }

// URL reads the provider's field key as a URL; false when it is absent, not string-like or
// not "scheme://host...".
func (p Provider) URL(key string) (URLField, bool) {
	f, ok := p.Field(key)
	if !ok {
		return URLField{}, false
	}
	return urlField(f)
}

// IssuerURL is URL for the provider's Issuer (its issuer, or its OIDC domain).
func (p Provider) IssuerURL() (URLField, bool) {
	f, ok := p.Issuer()
	if !ok {
		return URLField{}, false
	}
	return urlField(f)
}

func urlField(f Field) (URLField, bool) {
	pat, holes, ok := f.Value.Pattern()
	if !ok {
		return URLField{}, false
	}
	scheme, host, path, ok := SplitURL(pat)
	if !ok {
		return URLField{}, false
	}
	return URLField{Field: f, Pattern: pat, Holes: holes, Scheme: scheme, Host: host, Path: path}, true
}

// WorkOSURLs yields the field key of each WorkOS provider (IsWorkOS) read as a URL, when it is
// written on api.workos.com (OnWorkOSHost).
func (ac *AuthConfig) WorkOSURLs(key string) iter.Seq[URLField] {
	return func(yield func(URLField) bool) {
		for _, p := range ac.Providers {
			if !p.IsWorkOS() {
				continue
			}
			if u, ok := p.URL(key); ok && u.OnWorkOSHost() && !yield(u) {
				return
			}
		}
	}
}

// WorkOSProviders yields each WorkOS provider (IsWorkOS) of the role with its issuer field;
// providers in the OIDC form (a domain, no issuer) are left out.
func (ac *AuthConfig) WorkOSProviders(role Role) iter.Seq2[Provider, Field] {
	return func(yield func(Provider, Field) bool) {
		for _, p := range ac.Providers {
			if p.Role() != role || !p.IsWorkOS() {
				continue
			}
			if iss, ok := p.Field("issuer"); ok && !yield(p, iss) {
				return
			}
		}
	}
}

// LoneProvider is for the rules that find one of WorkOS's two providers without the other:
// the first provider of role have whose issuer is on api.workos.com (IssuerURL, OnWorkOSHost),
// when the whole providers list is known and no provider has, or could have (RoleUnknown),
// role missing.
func (ac *AuthConfig) LoneProvider(have, missing Role) (Provider, bool) {
	if !ac.ProvidersKnown {
		return Provider{}, false
	}
	var lone *Provider
	for i, p := range ac.Providers {
		switch p.Role() {
		case missing, RoleUnknown:
			return Provider{}, false // there, or could be
		case have:
			if u, ok := p.IssuerURL(); lone == nil && ok && u.OnWorkOSHost() {
				lone = &ac.Providers[i]
			}
		}
	}
	if lone == nil {
		return Provider{}, false
	}
	return *lone, true
}

// ClientIDUse is one place a WorkOS provider reads the client ID.
type ClientIDUse struct {
	Field string // "issuer", "jwks" or "applicationID"
	Value Value  // the client ID part: an EnvVar, a String, or Unknown
}

// ClientIDs lists where a WorkOS provider takes the client ID from: the segment after
// /user_management/ in the issuer, after /sso/jwks/ in jwks, and the applicationID.
// A segment that is a hole gives that part; a literal segment gives a String (whose range
// is the whole value it sits in).
func (p Provider) ClientIDs() []ClientIDUse {
	var out []ClientIDUse
	segment := func(field, marker string) {
		f, ok := p.Field(field)
		if !ok {
			return
		}
		pat, holes, ok := f.Value.Pattern()
		if !ok {
			return
		}
		i := strings.Index(pat, marker)
		if i < 0 {
			return
		}
		rest := strings.TrimSuffix(pat[i+len(marker):], "/")
		switch {
		case rest == Hole:
			out = append(out, ClientIDUse{field, holes[strings.Count(pat[:i+len(marker)], Hole)]})
		case rest != "" && !strings.ContainsAny(rest, "/"+Hole):
			lit := f.Value
			lit.Kind, lit.Str, lit.Parts = String, rest, nil
			out = append(out, ClientIDUse{field, lit})
		}
	}
	segment("issuer", "/user_management/")
	segment("jwks", "/sso/jwks/")
	if f, ok := p.Field("applicationID"); ok {
		out = append(out, ClientIDUse{"applicationID", f.Value})
	}
	return out
}

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

// ExprEnd is the end of the expression starting at start in src, found by tokens (scanExpr):
// esbuild gives no end offsets, and fixes that wrap an expression need one.
func ExprEnd(src string, start int) int { return scanExpr(src, start).end }

// scanEnd is the end of the expression (or property) starting at start, by tokens.
func (ev *evaluator) scanEnd(start int) int { return scanExpr(ev.src, start).end }

type scanned struct {
	end  int // after the last token of the expression
	stop int // the terminator: `,` `;` or an unmatched closing bracket, or len(src)
}

// scanExpr skips one expression (or `key: value` property) from i: it stops at a `,` or `;`
// or an unmatched closing bracket at depth 0, or at a line break followed by a statement
// keyword (a declaration ended by ASI). Strings, templates and comments are skipped whole;
// a regular expression holding brackets or quotes can mislead it, which auth configs do not have.
func scanExpr(src string, i int) scanned {
	depth, last := 0, i
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 && startsStatement(src, i+1) {
				return scanned{last, i}
			}
			i++
			continue
		case isSpace(c):
			i++
			continue
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			i = skipComment(src, i)
			continue
		case c == '"' || c == '\'':
			i = parser.SkipQuoted(src, i)
			last = i
			continue
		case c == '`':
			i = skipTemplateTail(src, i+1)
			last = i
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return scanned{last, i}
			}
			depth--
		case c == ',' || c == ';':
			if depth == 0 {
				return scanned{last, i}
			}
		}
		i++
		last = i
	}
	return scanned{last, len(src)}
}

// skipTemplateTail skips template text from i (inside the backticks) to after the closing
// backtick, substitutions included.
func skipTemplateTail(src string, i int) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
		case '`':
			return i + 1
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				s := scanExpr(src, i+2)
				i = s.stop + 1 // past the `}`
				continue
			}
			i++
		default:
			i++
		}
	}
	return len(src)
}

func skipComment(src string, i int) int {
	if src[i+1] == '/' {
		for i < len(src) && src[i] != '\n' {
			i++
		}
		return i
	}
	if j := strings.Index(src[i+2:], "*/"); j >= 0 {
		return i + 2 + j + 2
	}
	return len(src)
}

// skipSpaceAndComments returns the offset of the next token at or after i.
func skipSpaceAndComments(src string, i int) int {
	for i < len(src) {
		switch {
		case isSpace(src[i]) || src[i] == '\n':
			i++
		case src[i] == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			i = skipComment(src, i)
		default:
			return i
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

var statementKeywords = map[string]bool{
	"const": true, "let": true, "var": true, "export": true, "import": true, "function": true,
	"class": true, "module": true, "if": true, "for": true, "while": true, "return": true,
	"type": true, "interface": true, "declare": true, "async": true,
}

func startsStatement(src string, i int) bool {
	i = skipSpaceAndComments(src, i)
	j := i
	for j < len(src) && (src[j] == '_' || src[j] == '$' || 'a' <= src[j] && src[j] <= 'z' || 'A' <= src[j] && src[j] <= 'Z' || '0' <= src[j] && src[j] <= '9') {
		j++
	}
	return j > i && statementKeywords[src[i:j]]
}

// Edit helpers. They return offsets and text for rules to turn into fixes; the text keeps
// the file's indentation and comma style.

// LineIndent is the whitespace that starts the line holding off, and whether only
// whitespace precedes off on that line.
func (ac *AuthConfig) LineIndent(off int) (indent string, alone bool) {
	ls := strings.LastIndexByte(ac.Source[:off], '\n') + 1
	pre := ac.Source[ls:off]
	trimmed := strings.TrimLeft(pre, " \t")
	return pre[:len(pre)-len(trimmed)], trimmed == ""
}

// commaAfter returns the offset of a `,` that follows end (spaces and comments between), or -1.
func (ac *AuthConfig) commaAfter(end int) int {
	if j := skipSpaceAndComments(ac.Source, end); j < len(ac.Source) && ac.Source[j] == ',' {
		return j
	}
	return -1
}

// RemoveField is the range that deletes a property with its comma: the whole line(s) when the
// property sits alone on its line(s) (a trailing line comment goes with it), else the
// property, its comma and the spaces after it.
func (ac *AuthConfig) RemoveField(f Field) (start, end int) {
	src := ac.Source
	start, end = f.Start, f.End
	comma := ac.commaAfter(end)
	if comma >= 0 {
		end = comma + 1
	}
	_, alone := ac.LineIndent(start)
	eol := end
	for eol < len(src) && isSpace(src[eol]) {
		eol++
	}
	if eol+1 < len(src) && src[eol] == '/' && src[eol+1] == '/' {
		eol = skipComment(src, eol)
	}
	if alone && (eol >= len(src) || src[eol] == '\n') {
		start = strings.LastIndexByte(src[:start], '\n') + 1
		return start, min(eol+1, len(src))
	}
	if comma >= 0 {
		for end < len(src) && isSpace(src[end]) {
			end++
		}
		return start, end
	}
	// The last property on a shared line: take the comma before it instead.
	b := start - 1
	for b >= 0 && (isSpace(src[b]) || src[b] == '\n') {
		b--
	}
	if b >= 0 && src[b] == ',' {
		start = b
	}
	return start, end
}

// InsertAfter returns where and what to insert to add text (a property or an element) after
// the element or property ending at end in a list: on its own line with the given indent when
// the list is one per line, else inline. The list's comma style is kept: the new element
// gets a trailing comma when the previous one had one.
func (ac *AuthConfig) InsertAfter(elemStart, elemEnd int, text string) (at int, insert string) {
	at, insert = ac.insertAfter(elemStart, elemEnd, text)
	if strings.Contains(ac.Source, "\r\n") {
		insert = strings.ReplaceAll(insert, "\n", "\r\n")
	}
	return at, insert
}

func (ac *AuthConfig) insertAfter(elemStart, elemEnd int, text string) (at int, insert string) {
	src := ac.Source
	indent, alone := ac.LineIndent(elemStart)
	comma := ac.commaAfter(elemEnd)
	if !alone {
		if comma >= 0 {
			return comma + 1, " " + text + ","
		}
		return elemEnd, ", " + text
	}
	if comma < 0 {
		return elemEnd, ",\n" + indent + strings.ReplaceAll(text, "\n", "\n"+indent)
	}
	// After the comma and any line comment that follows it on the same line.
	at = comma + 1
	j := at
	for j < len(src) && isSpace(src[j]) {
		j++
	}
	if j+1 < len(src) && src[j] == '/' && src[j+1] == '/' {
		at = skipComment(src, j)
	} else if j < len(src) && src[j] != '\n' {
		return comma + 1, " " + text + ","
	}
	return at, "\n" + indent + strings.ReplaceAll(text, "\n", "\n"+indent) + ","
}

// ClientIDRef is the client ID expression the WorkOS providers use, for fixes to reuse.
type ClientIDRef struct {
	Text    string // the expression as written (`clientId`, `process.env.WORKOS_CLIENT_ID`)
	Literal bool   // a literal client ID: Str holds it and Text is not an expression
	Str     string
}

// DefaultClientID is what fixes use when no provider reads a client ID yet.
var DefaultClientID = ClientIDRef{Text: "process.env.WORKOS_CLIENT_ID"}

// ClientID returns the client ID expression that the WorkOS providers use most (first seen
// on a tie): the hole of an issuer or jwks template, or an applicationID; DefaultClientID
// when there is none.
func (ac *AuthConfig) ClientID() ClientIDRef {
	count := map[string]int{}
	var order []ClientIDRef
	for _, p := range ac.Providers {
		if !p.IsWorkOS() {
			continue
		}
		for _, u := range p.ClientIDs() {
			var r ClientIDRef
			switch {
			case u.Value.Kind == String:
				r = ClientIDRef{Text: strconv.Quote(u.Value.Str), Literal: true, Str: u.Value.Str}
			case u.Value.Kind == EnvVar || u.Value.Kind == Unknown:
				r = ClientIDRef{Text: strings.TrimSpace(ac.Text(u.Value.Start, u.Value.End))}
			default:
				continue // a template applicationID is not a client ID expression to copy
			}
			if r.Text == "" {
				continue
			}
			if count[r.Text] == 0 {
				order = append(order, r)
			}
			count[r.Text]++
		}
	}
	best := DefaultClientID
	for i, r := range order {
		if i == 0 || count[r.Text] > count[best.Text] {
			best = r
		}
	}
	return best
}

// Expr is the client ID as a value: the expression, or the literal quoted with q.
func (r ClientIDRef) Expr(q byte) string {
	if r.Literal {
		return quote(r.Str, q)
	}
	return r.Text
}

// URL is prefix followed by the client ID: a template literal, or a plain string (quoted
// with q) when the client ID is a literal.
func (r ClientIDRef) URL(prefix string, q byte) string {
	if r.Literal {
		return quote(prefix+r.Str, q)
	}
	esc := strings.NewReplacer("\\", "\\\\", "`", "\\`", "${", "\\${").Replace(prefix)
	return "`" + esc + "${" + r.Text + "}`"
}

func quote(s string, q byte) string {
	if q != '\'' {
		return strconv.Quote(s)
	}
	return "'" + strings.NewReplacer("\\", "\\\\", "'", "\\'", "\n", "\\n").Replace(s) + "'"
}

// Quote is the quote character of the file's string literals, judged from the providers'
// `type` or `algorithm` values; '"' by default.
func (ac *AuthConfig) Quote() byte {
	for _, p := range ac.Providers {
		for _, k := range []string{"type", "algorithm", "issuer"} {
			if f, ok := p.Field(k); ok && f.Value.Kind == String && f.Value.Start < len(ac.Source) {
				if c := ac.Source[f.Value.Start]; c == '\'' || c == '"' {
					return c
				}
			}
		}
	}
	return '"'
}

// KV is one property of an object literal to write: Key and its value as source text.
type KV struct{ Key, Value string }

// FormatObject writes an object literal in the style of the object like: one property per
// line (indented by like's own step, relative to the object's line) when multiline, a
// trailing comma when like's last property has one. InsertAfter indents the lines further.
func (ac *AuthConfig) FormatObject(like Value, props []KV, multiline bool) string {
	var parts []string
	for _, kv := range props {
		parts = append(parts, kv.Key+": "+kv.Value)
	}
	if !multiline {
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	step, trailing := "  ", false
	if like.Kind == Object && len(like.Fields) > 0 && like.Start < len(ac.Source) {
		own, _ := ac.LineIndent(like.Start)
		first, alone := ac.LineIndent(like.Fields[0].Start)
		if alone && len(first) > len(own) && strings.HasPrefix(first, own) {
			step = first[len(own):]
		}
		trailing = like.LastEnd >= 0 && ac.commaAfter(like.LastEnd) >= 0 && ac.commaAfter(like.LastEnd) < like.Close
	}
	end := ""
	if trailing {
		end = ","
	}
	return "{\n" + step + strings.Join(parts, ",\n"+step) + end + "\n}"
}
