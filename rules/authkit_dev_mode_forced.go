package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "authkit-dev-mode-forced",
		Title:    "AuthKitProvider devMode hard-coded on",
		Severity: Warning,
		Tags:     []string{"security", "config"},
		// Refresh tokens in localStorage are readable by any script injected into the page.
		SecuritySeverity: 4.0,
		Fixable:          true,
		Kinds:            KindJS,
		Triggers:         []string{"devMode"},
		Doc: Doc{
			Why: "`devMode` makes `@workos-inc/authkit-react` keep the refresh token in `localStorage` " +
				"instead of a secure, HTTP-only cookie on your auth domain. AuthKit already turns it on by " +
				"itself on `localhost`. Hard-coding `devMode` (or `devMode={true}`) ships that to " +
				"production: the long-lived refresh token is readable by any script that runs on the " +
				"page, and the production origin must then be allowed in the WorkOS CORS settings.\n\n" +
				"Drop the prop, or tie it to the build: `devMode={import.meta.env.DEV}` in Vite. Values " +
				"that depend on the environment (`import.meta.env.DEV`, " +
				"`process.env.NODE_ENV !== \"production\"`) are not reported. The fix removes a bare " +
				"`devMode` or `devMode={true}`; a constant that is true is left to you.",
			Bad: "<AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} devMode>\n" +
				"  <App />\n</AuthKitProvider>\n",
			Good: "<AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}>\n" +
				"  <App />\n</AuthKitProvider>\n",
			Lang:  "tsx",
			Guide: "Dev vs Prod Configuration; DON'T: Use same WorkOS env for dev and prod.",
		},
		CheckFile: checkAuthKitDevModeForced,
	})
}

func checkAuthKitDevModeForced(c *FileContext) {
	im := analysis.ImportsOf(c.AST)
	parser.Inspect(c.AST, func(n parser.Node, _ *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok {
			return true
		}
		jsx, ok := e.Data.(*shim.EJSXElement)
		if !ok || jsx.TagOrNil.Data == nil || !analysis.NamesExport(c.Project, c.File, im, jsx.TagOrNil, "AuthKitProvider", analysis.AuthKitReact) {
			return true
		}
		for i := range jsx.Properties {
			p := &jsx.Properties[i]
			k, ok := p.Key.Data.(*shim.EString)
			if !ok || p.Kind == shim.PropertySpread || shim.StringValue(k) != "devMode" {
				continue
			}
			keyStart := int(p.Key.Loc.Start)
			keyEnd := keyStart + len("devMode")
			how, ok := forcedTrue(c, p.ValueOrNil)
			if !ok {
				continue
			}
			msg := fmt.Sprintf("devMode is hard-coded on (%s): production then keeps the WorkOS refresh token in "+
				"localStorage, readable by any script on the page. Remove it (AuthKit enables dev mode on localhost "+
				"by itself) or tie it to the build, e.g. devMode={import.meta.env.DEV}", how)
			var opts []Option
			if end, literal := attrEnd(c.Source, p, keyEnd); literal {
				start, end := removalRange(c.Source, keyStart, end)
				opts = append(opts, WithFix("Remove devMode (AuthKit enables dev mode on localhost by itself)",
					Replace(c.File, start, end, "")))
			}
			c.Report(keyStart, keyEnd, msg, opts...)
		}
		return true
	})
}

// forcedTrue reports a devMode value that is always on: no value, `{true}`, or a module
// constant initialised to true.
func forcedTrue(c *FileContext, v shim.Expr) (string, bool) {
	switch e := v.Data.(type) {
	case nil:
		return "a bare devMode attribute", true
	case *shim.EBoolean:
		if !e.Value {
			return "", false
		}
		if s := int(v.Loc.Start); s+4 <= len(c.Source) && c.Source[s:s+4] == "true" {
			return "devMode={true}", true
		}
		return "a bare devMode attribute", true
	case *shim.EIdentifier, *shim.EImportIdentifier:
		_, def, ok := analysis.ResolveExpr(c.Project, c.File, v)
		if !ok {
			return "", false
		}
		if b, isBool := def.Value.Data.(*shim.EBoolean); isBool && b.Value {
			if _, isLocal := def.Stmt.Data.(*shim.SLocal); isLocal && def.Stmt.Data.(*shim.SLocal).Kind == shim.LocalConst {
				return def.Name + " is the constant true", true
			}
		}
	}
	return "", false
}

// attrEnd is the end of a `devMode` or `devMode={true}` attribute; literal is false for other
// shapes, which the fix leaves alone.
func attrEnd(src string, p *shim.Property, keyEnd int) (end int, literal bool) {
	if b, ok := p.ValueOrNil.Data.(*shim.EBoolean); ok && b.Value {
		start := int(p.ValueOrNil.Loc.Start)
		if start <= keyEnd {
			return keyEnd, true // bare attribute: esbuild locates the implicit true at the key's end
		}
		if start+4 <= len(src) && src[start:start+4] == "true" {
			i := start + 4
			for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
				i++
			}
			if i < len(src) && src[i] == '}' {
				return i + 1, true
			}
		}
	}
	return 0, false
}
