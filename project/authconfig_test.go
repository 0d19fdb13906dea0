package project

import (
	"reflect"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
)

func evalSrc(t *testing.T, name, src string) *AuthConfig {
	t.Helper()
	f := &File{Path: "/p/convex/" + name, Rel: "convex/" + name, Kind: KindJS}
	f.SetContent(src)
	ac := EvalAuthConfig(f)
	if !ac.Parsed {
		_, problems := f.AST()
		t.Fatalf("not parsed: %v", problems)
	}
	if EvalAuthConfig(f) != ac {
		t.Fatal("not cached")
	}
	return ac
}

const guide = `// convex/auth.config.ts
const clientId = process.env.WORKOS_CLIENT_ID;
export default {
  providers: [
    {
      type: 'customJwt',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      applicationID: clientId,
      jwks: ` + "`https://api.workos.com/sso/jwks/${clientId}`" + `
    },
    {
      type: 'customJwt',
      issuer: ` + "`https://api.workos.com/user_management/${clientId}`" + `,
      algorithm: 'RS256',
      jwks: ` + "`https://api.workos.com/sso/jwks/${clientId}`" + `
    }
  ]
};
`

// describe renders a value compactly: kinds, literals and env names.
func describe(v Value) string {
	switch v.Kind {
	case String:
		return "'" + v.Str + "'"
	case EnvVar:
		s := "env:" + v.Env
		if v.Fallback != nil {
			s += "??" + describe(*v.Fallback)
		}
		return s
	case Template:
		var parts []string
		for _, p := range v.Parts {
			parts = append(parts, describe(p))
		}
		return "tpl(" + strings.Join(parts, ",") + ")"
	case Object:
		var fs []string
		for _, f := range v.Fields {
			fs = append(fs, f.Key+":"+describe(f.Value))
		}
		s := "{" + strings.Join(fs, ",") + "}"
		if v.Open {
			s += "+open"
		}
		return s
	case Array:
		var is []string
		for _, it := range v.Items {
			is = append(is, describe(it))
		}
		s := "[" + strings.Join(is, ",") + "]"
		if v.Open {
			s += "+open"
		}
		return s
	}
	return "?"
}

func TestEvalGuide(t *testing.T) {
	ac := evalSrc(t, "auth.config.ts", guide)
	if !ac.HasDefault || !ac.ProvidersKnown || len(ac.Providers) != 2 {
		t.Fatalf("got %s known=%v", describe(ac.Default), ac.ProvidersKnown)
	}
	sso, um := ac.Providers[0], ac.Providers[1]
	if !sso.IsWorkOS() || !um.IsWorkOS() || sso.Role() != RoleSSO || um.Role() != RoleUserManagement {
		t.Errorf("roles: %v %v", sso.Role(), um.Role())
	}
	iss, _ := um.Field("issuer")
	if got := describe(iss.Value); got != "tpl('https://api.workos.com/user_management/',env:WORKOS_CLIENT_ID)" {
		t.Errorf("issuer = %s", got)
	}
	hole := iss.Value.Parts[1]
	if got := ac.Text(hole.Start, hole.End); got != "clientId" {
		t.Errorf("hole as written = %q", got)
	}
	if got := ac.Text(hole.SrcStart, hole.SrcEnd); got != "process.env.WORKOS_CLIENT_ID" {
		t.Errorf("hole source = %q", got)
	}
	lit := iss.Value.Parts[0]
	if got := ac.Text(lit.Start, lit.End); got != "https://api.workos.com/user_management/" {
		t.Errorf("literal part = %q", got)
	}
	if got := ac.Text(iss.KeyStart, iss.KeyEnd); got != "issuer" {
		t.Errorf("key = %q", got)
	}
	if got := ac.Text(iss.Start, iss.End); got != "issuer: `https://api.workos.com/user_management/${clientId}`" {
		t.Errorf("field = %q", got)
	}
	if got := ac.Text(iss.Value.Start, iss.Value.End); got != "`https://api.workos.com/user_management/${clientId}`" {
		t.Errorf("value = %q", got)
	}
	var keys []string
	for _, p := range ac.Providers {
		for _, u := range p.ClientIDs() {
			keys = append(keys, u.Field+"="+u.Value.SourceKey()+"@"+ac.Text(u.Value.Start, u.Value.End))
		}
	}
	want := []string{"jwks=env:WORKOS_CLIENT_ID@clientId", "applicationID=env:WORKOS_CLIENT_ID@clientId",
		"issuer=env:WORKOS_CLIENT_ID@clientId", "jwks=env:WORKOS_CLIENT_ID@clientId"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("client IDs = %v", keys)
	}
	pv := ac.ProvidersValue
	if ac.Source[pv.Close] != ']' || ac.Text(ac.Providers[1].Start, pv.LastEnd) != ac.Text(ac.Providers[1].Start, ac.Providers[1].End) {
		t.Errorf("array close/last end wrong")
	}
}

func TestEvalShapes(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // describe(Default)
		known           bool
	}{
		{"const export satisfies", "auth.config.ts",
			"import type { AuthConfig } from 'convex/server';\nconst config = { providers: [{ issuer: `${process.env.X}` }] } satisfies AuthConfig;\nexport default config;\n",
			"{providers:[{issuer:env:X}]}", true},
		{"export clause", "auth.config.ts",
			"const config = { providers: [] as const };\nexport { config as default };\n", "{providers:[]}", true},
		{"module.exports", "auth.config.cjs",
			"const id = process.env.WORKOS_CLIENT_ID\nmodule.exports = { providers: [{ applicationID: id }] }\n",
			"{providers:[{applicationID:env:WORKOS_CLIENT_ID}]}", true},
		{"export equals", "auth.config.ts", "export = { providers: [] };\n", "{providers:[]}", true},
		{"push", "auth.config.ts",
			"const providers = [{ issuer: 'a' }];\nproviders.push({ issuer: 'b' });\nexport default { providers };\n",
			"{providers:?}", false},
		{"push through alias", "auth.config.ts",
			"const providers = [{ issuer: 'a' }];\nconst config = { providers };\nconfig.providers.push({ issuer: 'b' });\nexport default config;\n",
			"?", false},
		{"object assign", "auth.config.ts",
			"const config = { providers: [] };\nObject.assign(config, { providers: [1] });\nexport default config;\n", "?", false},
		{"conditional spread", "auth.config.ts",
			"export default { providers: [{ issuer: 'a' }, ...(process.env.B ? [{ issuer: 'b' }] : [])] };\n",
			"{providers:[{issuer:'a'}]+open}", false},
		{"map", "auth.config.ts",
			"export default { providers: ['a', 'b'].map((i) => ({ issuer: i })) };\n", "{providers:?}", false},
		{"helper", "auth.config.ts",
			"import { authKit } from './auth';\nexport default { providers: authKit.getAuthConfigProviders() };\n", "{providers:?}", false},
		{"wrapper env", "auth.config.ts",
			"import { env } from './_generated/server';\nexport default { providers: [{ applicationID: env.WORKOS_CLIENT_ID, jwks: `https://api.workos.com/sso/jwks/${env.WORKOS_CLIENT_ID}` }] };\n",
			"{providers:[{applicationID:?,jwks:tpl('https://api.workos.com/sso/jwks/',?)}]}", true},
		{"fallback", "auth.config.ts",
			"const id = process.env.WORKOS_CLIENT_ID ?? \"client_x\";\nexport default { providers: [{ applicationID: id, b: process.env.A || process.env.B || 'c', n: process.env.X! }] };\n",
			"{providers:[{applicationID:env:WORKOS_CLIENT_ID??'client_x',b:env:A??env:B??'c',n:env:X}]}", true},
		{"destructured env", "auth.config.ts",
			"const { WORKOS_CLIENT_ID, OTHER: other = 'd' } = process.env;\nexport default { providers: [{ a: WORKOS_CLIENT_ID, b: other }] };\n",
			"{providers:[{a:env:WORKOS_CLIENT_ID,b:env:OTHER??'d'}]}", true},
		{"spreads of consts", "auth.config.ts",
			"const base = { type: 'customJwt', algorithm: 'RS256' } as const;\nconst extra = [{ issuer: 'x' }];\nexport default { providers: [{ ...base, issuer: 'y' }, ...extra] };\n",
			"{providers:[{type:'customJwt',algorithm:'RS256',issuer:'y'},{issuer:'x'}]}", true},
		{"unknown object spread", "auth.config.ts",
			"export default { providers: [{ issuer: 'y', ...other() }] };\n",
			"{providers:[{issuer:?}+open]}", true},
		{"concat", "auth.config.ts",
			"const host = 'https://api.workos.com';\nexport default { providers: [{ issuer: host + '/user_management/' + process.env.ID, jwks: `${host}/sso/jwks/${f()}` }] };\n",
			"{providers:[{issuer:tpl('https://api.workos.com/user_management/',env:ID),jwks:tpl('https://api.workos.com/sso/jwks/',?)}]}", true},
		{"let is unknown", "auth.config.ts",
			"let id = process.env.A;\nexport default { providers: [{ applicationID: id }] };\n",
			"{providers:[{applicationID:?}]}", true},
		{"imported config", "auth.config.ts",
			"import config from './config';\nexport default config;\n", "?", false},
		{"reexport", "auth.config.ts", "export { default } from './config';\n", "?", false},
		{"quoted and computed keys", "auth.config.ts",
			"export default { 'providers': [{ [\"issuer\"]: 'a', [k]: 'b', jwks: 'c' }] };\n", "{providers:[{issuer:?,jwks:'c'}+open]}", true},
		{"cycle", "auth.config.ts", "const a = b;\nconst b = a;\nexport default a;\n", "?", false},
		{"local helper call", "auth.config.ts",
			"function workos(id: string, alg = 'RS256') {\n  return { type: 'customJwt', issuer: `https://api.workos.com/user_management/${id}`, algorithm: alg };\n}\n" +
				"const define = (config) => config;\nexport default define({ providers: [workos(process.env.WORKOS_CLIENT_ID), workos('x', 'ES256')] });\n",
			"{providers:[{type:'customJwt',issuer:tpl('https://api.workos.com/user_management/',env:WORKOS_CLIENT_ID),algorithm:'RS256'},{type:'customJwt',issuer:'https://api.workos.com/user_management/x',algorithm:'ES256'}]}", true},
		{"helper params are not the caller's", "auth.config.ts",
			"const inner = () => ({ issuer: id });\nconst outer = (id) => inner();\nexport default { providers: [outer('a')] };\n",
			"{providers:[{issuer:?}]}", true},
		{"imported call", "auth.config.ts",
			"import { convexAuth, customJwt } from 'convex/server';\nexport default convexAuth({ providers: [customJwt({ issuer: 'a' })] });\n", "?", false},
		{"helper with statements", "auth.config.ts",
			"function make() { const x = 1; return { providers: [] }; }\nexport default make();\n", "?", false},
		{"recursive helper", "auth.config.ts", "const f = (x) => f(x);\nexport default f(1);\n", "?", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ac := evalSrc(t, tt.file, tt.src)
			if !ac.HasDefault {
				t.Fatal("no default export found")
			}
			got := describe(ac.Default)
			if got != tt.want {
				t.Errorf("default = %s, want %s", got, tt.want)
			}
			if ac.ProvidersKnown != tt.known {
				t.Errorf("ProvidersKnown = %v", ac.ProvidersKnown)
			}
		})
	}
}

func TestEvalNoDefault(t *testing.T) {
	ac := evalSrc(t, "auth.config.ts", "export const providers = [];\n")
	if ac.HasDefault || ac.ProvidersKnown {
		t.Error("found a default export")
	}
}

func TestEvalRanges(t *testing.T) {
	src := "const clientId = process.env.WORKOS_CLIENT_ID\nconst issuer = \"https://api.workos.com/\"\nexport default {\n  providers: [{ type: \"customJwt\", issuer, applicationID: clientId as string, 'jwks': `https://api.workos.com/sso/jwks/${ clientId }` /* c */ }],\n}\n"
	ac := evalSrc(t, "auth.config.ts", src)
	p := ac.Providers[0]
	check := func(what string, start, end int, want string) {
		t.Helper()
		if got := ac.Text(start, end); got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	iss, _ := p.Field("issuer")
	check("shorthand field", iss.Start, iss.End, "issuer")
	check("shorthand source", iss.Value.SrcStart, iss.Value.SrcEnd, `"https://api.workos.com/"`)
	app, _ := p.Field("applicationID")
	check("field with as", app.Start, app.End, "applicationID: clientId as string")
	check("value", app.Value.Start, app.Value.End, "clientId")
	check("source without semicolon", app.Value.SrcStart, app.Value.SrcEnd, "process.env.WORKOS_CLIENT_ID")
	jw, _ := p.Field("jwks")
	check("quoted key", jw.KeyStart, jw.KeyEnd, "'jwks'")
	check("hole", jw.Value.Parts[1].Start, jw.Value.Parts[1].End, "clientId")
	check("template", jw.Value.Start, jw.Value.End, "`https://api.workos.com/sso/jwks/${ clientId }`")
	check("object", p.Start, p.End, src[strings.Index(src, "{ type"):strings.Index(src, "}]")+1])
}

func TestIssuerRole(t *testing.T) {
	for in, want := range map[string]Role{
		"https://api.workos.com/":                         RoleSSO,
		"https://api.workos.com":                          RoleSSO,
		"http://api.workos.com/":                          RoleSSO,
		"https://api.workos.com/user_management/client_1": RoleUserManagement,
		"https://clerk.example.com":                       RoleOther,
		"https://api.workos.com/sso/jwks/x":               RoleOther,
	} {
		if got := IssuerRole(Value{Kind: String, Str: in}); got != want {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
	}
	tpl := func(parts ...Value) Value { return Value{Kind: Template, Parts: parts} }
	lit := func(s string) Value { return Value{Kind: String, Str: s} }
	env := Value{Kind: EnvVar, Env: "X"}
	for _, c := range []struct {
		v    Value
		want Role
	}{
		{tpl(env, lit("/user_management/"), env), RoleUserManagement},
		{tpl(env, lit("/")), RoleUnknown},
		{tpl(lit("https://api.workos.com/"), env), RoleUnknown},
		{tpl(lit("https://api.workos.com/sso/"), env), RoleOther},
		{env, RoleUnknown},
		{Value{}, RoleUnknown},
	} {
		if got := IssuerRole(c.v); got != c.want {
			t.Errorf("%s: %v, want %v", describe(c.v), got, c.want)
		}
	}
}

func TestEditHelpers(t *testing.T) {
	multi := "export default {\n  providers: [\n    {\n      issuer: 'a',\n      applicationID: id, // the aud\n      jwks: 'b',\n    },\n  ],\n};\n"
	single := "export default { providers: [{ issuer: 'a', jwks: 'b', applicationID: id }] };\n"
	last := "export default {\n  providers: [\n    {\n      issuer: 'a',\n      applicationID: id\n    }\n  ]\n};\n"
	tests := []struct {
		name, src, op, want string
	}{
		{"remove multi", multi, "remove", "export default {\n  providers: [\n    {\n      issuer: 'a',\n      jwks: 'b',\n    },\n  ],\n};\n"},
		{"remove single last", single, "remove", "export default { providers: [{ issuer: 'a', jwks: 'b' }] };\n"},
		{"remove last line", last, "remove", "export default {\n  providers: [\n    {\n      issuer: 'a',\n    }\n  ]\n};\n"},
		{"insert multi", multi, "insert", "export default {\n  providers: [\n    {\n      issuer: 'a',\n      x: 1,\n      applicationID: id, // the aud\n      jwks: 'b',\n    },\n  ],\n};\n"},
		{"insert single", single, "insert", "export default { providers: [{ issuer: 'a', x: 1, jwks: 'b', applicationID: id }] };\n"},
		{"insert after last", last, "insert-last", "export default {\n  providers: [\n    {\n      issuer: 'a',\n      applicationID: id,\n      x: 1\n    }\n  ]\n};\n"},
		{"insert crlf", strings.ReplaceAll(last, "\n", "\r\n"), "insert-last", strings.ReplaceAll("export default {\n  providers: [\n    {\n      issuer: 'a',\n      applicationID: id,\n      x: 1\n    }\n  ]\n};\n", "\n", "\r\n")},
		{"remove crlf", strings.ReplaceAll(multi, "\n", "\r\n"), "remove", strings.ReplaceAll("export default {\n  providers: [\n    {\n      issuer: 'a',\n      jwks: 'b',\n    },\n  ],\n};\n", "\n", "\r\n")},
		{"insert after comment", multi, "insert-app", "export default {\n  providers: [\n    {\n      issuer: 'a',\n      applicationID: id, // the aud\n      x: 1,\n      jwks: 'b',\n    },\n  ],\n};\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ac := evalSrc(t, "auth.config.ts", tt.src)
			p := ac.Providers[0]
			var start, end int
			var text string
			switch tt.op {
			case "remove":
				f, _ := p.Field("applicationID")
				start, end = ac.RemoveField(f)
			case "insert":
				f, _ := p.Field("issuer")
				start, text = ac.InsertAfter(f.Start, f.End, "x: 1")
				end = start
			case "insert-app", "insert-last":
				f, _ := p.Field("applicationID")
				start, text = ac.InsertAfter(f.Start, f.End, "x: 1")
				end = start
			}
			got := tt.src[:start] + text + tt.src[end:]
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if _, problems := parser.ParseJS("a.ts", got); problems != nil {
				t.Errorf("result does not parse: %v", problems)
			}
		})
	}
}
