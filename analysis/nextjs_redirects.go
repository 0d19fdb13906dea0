package analysis

// The WorkOS redirect URIs of a Next.js app: env files, convex.json authKit config, and
// redirectUri options passed to authkit-nextjs in code.

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// RedirectURI is one WorkOS redirect URI the app is configured with.
type RedirectURI struct {
	Value      string
	Path       string // the URL path; "" when a variable makes it unknowable
	File       *project.File
	Start, End int
	Source     string // for messages: "NEXT_PUBLIC_WORKOS_REDIRECT_URI in .env.local"
	Template   bool
}

var redirectVars = []string{"NEXT_PUBLIC_WORKOS_REDIRECT_URI", "WORKOS_REDIRECT_URI"}

// redirectPath reads the path of an http(s) URL; isURL is false for placeholders, and the
// path is "" when an interpolation hides it.
func redirectPath(v string) (path string, isURL bool) {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	rest := ""
	switch {
	case strings.HasPrefix(lower, "http://"):
		rest = v[len("http://"):]
	case strings.HasPrefix(lower, "https://"):
		rest = v[len("https://"):]
	default:
		return "", false
	}
	i := strings.IndexAny(rest, "/?#")
	if i < 0 {
		return "/", true
	}
	if strings.Contains(rest[:i], "{") && !strings.Contains(rest[:i], "}") {
		return "", true // ${...} spanning the host and the path
	}
	path = rest[i:]
	if j := strings.IndexAny(path, "?#"); j >= 0 {
		path = path[:j]
	}
	if strings.ContainsAny(path, "${}") {
		return "", true
	}
	if path != "/" {
		path = strings.TrimSuffix(path, "/")
	}
	if path == "" {
		path = "/"
	}
	return path, true
}

// RedirectURIs gathers the redirect URIs of the root: env files (loaded ones first, then
// templates), convex.json authKit config, and redirectUri options passed in code. partial is
// set when some redirect URI cannot be read (a variable, a non-literal option).
func (a *NextApp) RedirectURIs() (uris []RedirectURI, partial bool) {
	a.redirectOnce.Do(func() {
		c := redirectCollector{root: a.Root, vars: redirectVars, keep: func(*project.File) bool { return true }}
		c.collectConfig()
		c.codeRedirects(a)
		a.redirects, a.redirectsPartial = c.uris, c.partial
	})
	return a.redirects, a.redirectsPartial
}

// RedirectURIsIn is RedirectURIs for the redirect URIs written in the files keep accepts (the
// lint targets, say); the other files' redirectUri options are not read.
func (a *NextApp) RedirectURIsIn(keep func(*project.File) bool) []RedirectURI {
	c := redirectCollector{root: a.Root, vars: redirectVars, keep: keep}
	c.collectConfig()
	c.codeRedirects(a)
	return c.uris
}

// redirectCollector gathers redirect URIs from the files keep accepts: the root's env files
// (variables vars) and convex.json, then the framework's code (NextApp, TanStackApp).
type redirectCollector struct {
	root    *project.Root
	vars    []string
	keep    func(*project.File) bool
	uris    []RedirectURI
	partial bool
}

func (c *redirectCollector) collectConfig() {
	envs := slices.Clone(c.root.EnvFiles)
	sort.SliceStable(envs, func(i, j int) bool { return !envs[i].Template && envs[j].Template })
	for _, e := range envs {
		if !c.keep(e.File) {
			continue
		}
		for _, key := range c.vars {
			ent, ok := e.Parsed.Lookup(key)
			if !ok || strings.TrimSpace(ent.Value) == "" {
				continue
			}
			path, isURL := redirectPath(ent.Value)
			if !isURL {
				if strings.Contains(ent.Value, "$") {
					c.partial = true
				}
				continue
			}
			if path == "" { // a variable in the host is fine, one in the path is not
				c.partial = true
				continue
			}
			c.uris = append(c.uris, RedirectURI{Value: ent.Value, Path: path, File: e.File,
				Start: ent.ValueStart, End: ent.ValueEnd, Source: key + " in " + filepath.Base(e.Path), Template: e.Template})
		}
	}
	if cj := c.root.ConvexJSON; cj != nil && c.keep(cj.File) {
		c.convexRedirects(cj)
	}
}

func (c *redirectCollector) add(f *project.File, e shim.Expr, source string) {
	s, ok := StaticString(e)
	if !ok {
		c.partial = true
		return
	}
	path, isURL := redirectPath(s)
	if !isURL {
		if strings.Contains(s, "$") {
			c.partial = true
		}
		return
	}
	if path == "" {
		c.partial = true
		return
	}
	start, end := StringRange(f, e.Loc)
	c.uris = append(c.uris, RedirectURI{Value: s, Path: path, File: f, Start: start, End: end, Source: source})
}

// convexRedirects reads convex.json authKit.<env>.configure.redirectUris and
// authKit.<env>.localEnvVars.
func (c *redirectCollector) convexRedirects(cj *project.JSONFile) {
	ak, ok := cj.Get("authKit")
	if !ok {
		return
	}
	o, ok := ak.Data.(*shim.EObject)
	if !ok {
		return
	}
	for _, prop := range o.Properties {
		k, ok := prop.Key.Data.(*shim.EString)
		if !ok {
			continue
		}
		env := shim.StringValue(k)
		if conf, _, ok := parser.Prop(prop.ValueOrNil, "configure"); ok {
			if uris, _, ok := parser.Prop(conf, "redirectUris"); ok {
				if arr, ok := uris.Data.(*shim.EArray); ok {
					for _, it := range arr.Items {
						c.add(cj.File, it, "authKit."+env+".configure.redirectUris in convex.json")
					}
				}
			}
		}
		if vars, _, ok := parser.Prop(prop.ValueOrNil, "localEnvVars"); ok {
			for _, key := range c.vars {
				if v, _, ok := parser.Prop(vars, key); ok {
					c.add(cj.File, v, "authKit."+env+".localEnvVars."+key+" in convex.json")
				}
			}
		}
	}
}

// redirectOptionArg says which argument of an authkit-nextjs function takes options with a
// redirectUri.
var redirectOptionArg = map[string]int{
	"authkitMiddleware": 0, "authkitProxy": 0, "authkit": 1, "getSignInUrl": 0, "getSignUpUrl": 0,
}

// codeRedirects reads `redirectUri` options passed to authkit-nextjs functions.
func (c *redirectCollector) codeRedirects(a *NextApp) {
	for f := range a.sourceFiles() {
		if !c.keep(f) {
			continue
		}
		if !mentions(f, AuthKitNext) {
			continue // before Content: the engine may have dropped the text of files without it
		}
		src, err := f.Content()
		if err != nil || !parser.Contains(src, "redirectUri") {
			continue
		}
		fi := ModuleOf(f)
		if fi == nil {
			continue
		}
		parser.Inspect(fi.Tree, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := x.Data.(*shim.ECall)
			if !ok {
				return true
			}
			imp, ok := fi.Imports.Resolve(call.Target)
			if !ok || imp.Module != AuthKitNext {
				return true
			}
			arg, ok := redirectOptionArg[imp.Name]
			if !ok || arg >= len(call.Args) {
				return true
			}
			opts := fi.Const(call.Args[arg])
			v, _, found, known := ObjectProp(opts, "redirectUri")
			switch {
			case !known:
				c.partial = true
			case found:
				c.add(f, fi.Const(v), "redirectUri in "+a.Rel(f.Path))
			}
			return true
		})
	}
}
