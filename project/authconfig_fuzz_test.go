package project

import "testing"

// FuzzAuthConfig evaluates any source as the one auth config of a project: never a panic, and
// every offset the evaluator reports (values, fields, closing brackets) lies inside the file,
// so the rules that slice Source or place edits with them cannot go out of range.
func FuzzAuthConfig(f *testing.F) {
	f.Add(guide)
	f.Add("export default { providers: [ { domain: process.env.X ?? 'https://api.workos.com/', applicationID: 'convex' } ] }")
	f.Add("const a = [...b]; const c = { ...a, [k]: 1 }; module.exports = { providers: [...a, c] }")
	f.Add("export default { providers: [ { issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID || 'client_01'}`, jwks: `${x}` } ] } satisfies AuthConfig")
	f.Add("const p = p; export { p as default }")
	f.Fuzz(func(t *testing.T, src string) {
		file := &File{Path: "/p/convex/auth.config.ts", Rel: "convex/auth.config.ts", Kind: KindJS}
		file.SetContent(src)
		file.Root = &Root{Dir: "/p", FunctionsDir: "/p/convex", HasConvex: true, AuthConfig: file}
		ac := AuthConfigFor(file)
		if ac == nil {
			if EvalAuthConfig(file).Parsed {
				t.Fatal("AuthConfigFor is nil for the root's parsed auth config")
			}
			return
		}
		n := len(src)
		var checkValue func(v Value, depth int)
		inRange := func(what string, a, b int) {
			if a < 0 || b > n || a > b {
				t.Fatalf("%s [%d,%d) outside the %d-byte file", what, a, b, n)
			}
		}
		checkValue = func(v Value, depth int) {
			if depth > 64 {
				t.Fatal("value nested deeper than 64")
			}
			if v.End != 0 || v.Start != 0 {
				inRange("value", v.Start, v.End)
			}
			if v.SrcEnd != 0 || v.SrcStart != 0 {
				inRange("value source", v.SrcStart, v.SrcEnd)
			}
			if (v.Kind == Object || v.Kind == Array) && v.Close != 0 {
				inRange("closing bracket", v.Close, v.Close)
				if v.LastStart >= 0 {
					inRange("last element", v.LastStart, v.LastEnd)
				}
			}
			for _, p := range v.Parts {
				checkValue(p, depth+1)
			}
			for _, it := range v.Items {
				checkValue(it, depth+1)
			}
			for _, fl := range v.Fields {
				inRange("key", fl.KeyStart, fl.KeyEnd)
				inRange("field", fl.Start, fl.End)
				checkValue(fl.Value, depth+1)
			}
			if v.Fallback != nil {
				checkValue(*v.Fallback, depth+1)
			}
			v.Pattern()
			v.Literal()
			v.SourceKey()
		}
		checkValue(ac.Default, 0)
		for _, p := range ac.Providers {
			p.IsWorkOS()
			p.Role()
			p.IssuerURL()
			for _, u := range p.ClientIDs() {
				checkValue(u.Value, 0)
			}
		}
		for range ac.WorkOSURLs("jwks") {
		}
		for range ac.WorkOSProviders(RoleUserManagement) {
		}
		ac.LoneProvider(RoleUserManagement, RoleSSO)
	})
}
