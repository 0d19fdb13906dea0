package project

import (
	"iter"
	"strings"
)

// The evaluated auth config: values, providers and their roles. The evaluator that
// produces it is authconfig_eval.go; the token scanner authconfig_scan.go; the edit helpers
// fixes use authconfig_edit.go.

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
