package rules

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "missing-cors-origin",
		Title:    "convex.json AuthKit config misses the app's origin or redirect URI",
		Severity: Warning,
		Tags:     []string{"correctness", "config"},
		Doc: Doc{
			Why: "A browser app using `@workos-inc/authkit-react` calls the WorkOS API from the page, so " +
				"WorkOS must allow the page's origin (Authentication > Sessions > CORS), and the sign-in " +
				"redirect must go to a registered redirect URI. With Convex's automatic AuthKit " +
				"configuration, `convex.json` sets both: `authKit.<dev|prod>.configure.corsOrigins` and " +
				"`redirectUris`. When those lists miss the origin the app actually runs on (the origin of " +
				"`VITE_WORKOS_REDIRECT_URI` in the matching env file, or the Vite dev server, " +
				"`http://localhost:5173` unless `vite.config` or the dev script sets another port), " +
				"sign-in fails with a CORS error or an invalid-redirect-URI page.\n\n" +
				"Only what the files show is checked: development env files (`.env`, `.env.local`, " +
				"`.env.development`) and `authKit.dev.localEnvVars` against `authKit.dev`, production env " +
				"files against `authKit.prod`. Lists built from `${buildEnv.…}` templates, and origins " +
				"configured only in the WorkOS dashboard, are out of reach and not reported.",
			Bad: "// .env.local has VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n" +
				"        \"redirectUris\": [\"http://localhost:3000/callback\"],\n" +
				"        \"corsOrigins\": [\"http://localhost:3000\"]\n      }\n    }\n  }\n}\n",
			Good: "{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n" +
				"        \"redirectUris\": [\"http://localhost:5173/callback\"],\n" +
				"        \"corsOrigins\": [\"http://localhost:5173\"]\n      }\n    }\n  }\n}\n",
			Lang:  "json",
			Guide: "DO: Configure CORS for React/Vite apps; CORS Configuration (React/Vite only).",
		},
		// Reported at the corsOrigins or redirectUris key of a convex.json.
		Triggers:     []string{"corsOrigins", "redirectUris"},
		CheckProject: checkMissingCORSOrigin,
	})
}

// corsEvidence is an origin or redirect URI the files say the app uses.
type corsEvidence struct {
	url, origin string
	redirect    bool // a redirect URI from an env file or localEnvVars: must be in redirectUris
	loopback    bool // the Vite default: localhost, 127.0.0.1 and [::1] count as the same host
	file        *project.File
	start, end  int
	what        string // "VITE_WORKOS_REDIRECT_URI in .env.local"
}

func checkMissingCORSOrigin(c *ProjectContext) {
	p := c.Project
	for _, r := range p.Roots {
		if !r.Deps["@workos-inc/authkit-react"] {
			continue
		}
		cj := convexJSONFor(p, r)
		if cj == nil {
			continue
		}
		for _, section := range []string{"dev", "prod"} {
			configure, ok := cj.Get("authKit", section, "configure")
			if !ok {
				continue
			}
			ev := corsEvidenceFor(p, r, cj, section, configure)
			checkCORSList(c, cj, section, configure, ev)
			checkRedirectList(c, cj, section, configure, ev)
		}
	}
}

// convexJSONFor is the convex.json of r or of a workspace root that lists it (a monorepo that
// runs `npx convex dev` from its top directory), else that of the deployment r talks to
// (packages/backend), looked up only when a linted convex.json could hold the finding.
func convexJSONFor(p *project.Project, r *project.Root) *project.JSONFile {
	for _, o := range r.Chain() {
		if o.ConvexJSON != nil {
			return o.ConvexJSON
		}
	}
	if !slices.ContainsFunc(p.Targets, func(f *project.File) bool { return filepath.Base(f.Path) == "convex.json" }) {
		return nil
	}
	if d := analysis.BackendOf(p, r); d != nil {
		return d.ConvexJSON
	}
	return nil
}

func corsEvidenceFor(p *project.Project, r *project.Root, cj *project.JSONFile, section string, configure shim.Expr) []corsEvidence {
	var out []corsEvidence
	add := func(raw string, redirect bool, f *project.File, start, end int, what string) {
		if origin, ok := originOf(raw); ok {
			out = append(out, corsEvidence{url: raw, origin: origin, redirect: redirect, file: f, start: start, end: end, what: what})
		}
	}
	for _, ef := range r.EnvFiles {
		if ef.Template || ef.Parsed == nil {
			continue
		}
		if section == "dev" && ef.Env != project.EnvDev && ef.Env != project.EnvAll || section == "prod" && ef.Env != project.EnvProd {
			continue
		}
		for _, e := range ef.Parsed.Entries {
			if strings.HasSuffix(e.Key, "WORKOS_REDIRECT_URI") && !e.Interpolated {
				add(e.Value, true, ef.File, e.KeyStart, e.ValueEnd, e.Key+" in "+filepath.Base(ef.Path))
			}
		}
	}
	if section == "dev" {
		if vars, ok := cj.Get("authKit", "dev", "localEnvVars"); ok {
			if o, ok := vars.Data.(*shim.EObject); ok {
				for _, prop := range o.Properties {
					k, isStr := prop.Key.Data.(*shim.EString)
					v, isVal := parser.String(prop.ValueOrNil)
					if !isStr || !isVal || !strings.HasSuffix(shim.StringValue(k), "WORKOS_REDIRECT_URI") {
						continue
					}
					start, end := jsonStringRange(cj, prop.ValueOrNil)
					add(v, true, cj.File, start, end, "authKit.dev.localEnvVars."+shim.StringValue(k))
				}
			}
		}
	}
	if list, ok := literalStrings(configure, "redirectUris"); ok {
		for i, u := range list.values {
			start, end := jsonStringRange(cj, list.items[i])
			add(u, false, cj.File, start, end, "a redirect URI of authKit."+section+".configure.redirectUris")
		}
	}
	if section == "dev" && analysis.IsViteRoot(p, r) {
		if ev, ok := viteDevOrigin(p, r); ok {
			out = append(out, ev)
		}
	}
	return out
}

func checkCORSList(c *ProjectContext, cj *project.JSONFile, section string, configure shim.Expr, ev []corsEvidence) {
	list, ok := literalStrings(configure, "corsOrigins")
	if !ok {
		return // absent or templated: the dashboard or the build decides
	}
	allowed := map[string]bool{}
	allowedLoopback := map[string]bool{}
	for _, v := range list.values {
		if o, ok := originOf(v); ok {
			allowed[o] = true
			allowedLoopback[loopbackKey(o)] = true
		}
	}
	reported := map[string]bool{}
	for _, e := range ev {
		if allowed[e.origin] || e.loopback && allowedLoopback[loopbackKey(e.origin)] || reported[e.origin] {
			continue
		}
		reported[e.origin] = true
		msg := fmt.Sprintf("authKit.%s.configure.corsOrigins does not include %s, the origin of %s: AuthKit's requests "+
			"from that page are blocked by CORS and sign-in fails. Add %q to corsOrigins (or to the WorkOS "+
			"dashboard's CORS settings)", section, e.origin, e.what, e.origin)
		var opts []Option
		if e.file != nil {
			opts = append(opts, WithRelated(e.file, e.start, e.end, e.what))
		}
		c.Report(cj.File, list.keyStart, list.keyEnd, msg, opts...)
	}
}

func checkRedirectList(c *ProjectContext, cj *project.JSONFile, section string, configure shim.Expr, ev []corsEvidence) {
	list, ok := literalStrings(configure, "redirectUris")
	if !ok {
		return
	}
	registered := map[string]bool{}
	for _, v := range list.values {
		registered[strings.TrimSuffix(v, "/")] = true
	}
	reported := map[string]bool{}
	for _, e := range ev {
		u := strings.TrimSuffix(e.url, "/")
		if !e.redirect || registered[u] || reported[u] {
			continue
		}
		reported[u] = true
		c.Report(cj.File, list.keyStart, list.keyEnd, fmt.Sprintf("authKit.%s.configure.redirectUris does not include %s, "+
			"the %s: WorkOS refuses to redirect there after sign-in. Add it to redirectUris", section, e.url, e.what),
			WithRelated(e.file, e.start, e.end, e.what))
	}
}

// stringList is a JSON array of literal strings and where its key is.
type stringList struct {
	values           []string
	items            []shim.Expr
	keyStart, keyEnd int
}

// literalStrings reads obj[key] as an array of strings; ok is false when it is absent, not an
// array, or holds a non-string or a ${...} template the CLI fills in at deploy time.
func literalStrings(obj shim.Expr, key string) (stringList, bool) {
	v, keyOff, ok := parser.Prop(obj, key)
	if !ok {
		return stringList{}, false
	}
	arr, ok := v.Data.(*shim.EArray)
	if !ok {
		return stringList{}, false
	}
	out := stringList{keyStart: keyOff, keyEnd: keyOff + len(key) + 2}
	for _, it := range arr.Items {
		s, ok := parser.String(it)
		if !ok || strings.Contains(s, "${") {
			return stringList{}, false
		}
		out.values = append(out.values, s)
		out.items = append(out.items, it)
	}
	return out, true
}

func jsonStringRange(cj *project.JSONFile, e shim.Expr) (int, int) {
	src, _ := cj.File.Content()
	r := shim.RangeOfString(src, e.Loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

// originOf is scheme://host[:port] of an absolute http(s) URL, lower-cased, default port dropped.
func originOf(raw string) (string, bool) {
	if strings.Contains(raw, "${") || strings.Contains(raw, "*") {
		return "", false
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		return u.Scheme + "://" + host + ":" + port, true
	}
	return u.Scheme + "://" + host, true
}

// loopbackKey maps the loopback host names of an origin to one key.
func loopbackKey(origin string) string {
	for _, h := range []string{"://127.0.0.1", "://[::1]"} {
		origin = strings.Replace(origin, h, "://localhost", 1)
	}
	return origin
}

var vitePortFlag = regexp.MustCompile(`\bvite\b[^&|;]*?--port[= ](\d+)`)

// viteDevOrigin is the origin of the Vite dev server: server.port (and server.https) when
// vite.config sets them literally, else --port of a dev script, else port 5173. ok is false
// when the config computes the port.
func viteDevOrigin(p *project.Project, r *project.Root) (corsEvidence, bool) {
	ev := corsEvidence{origin: "http://localhost:5173", loopback: true, what: "the Vite dev server (default port 5173)"}
	for _, ext := range []string{".ts", ".js", ".mts", ".mjs", ".cts", ".cjs"} {
		f := p.File(filepath.Join(r.Dir, "vite.config"+ext))
		if f == nil {
			continue
		}
		port, https, start, end, known := viteServerConfig(f)
		if !known {
			return corsEvidence{}, false
		}
		scheme := "http"
		if https {
			scheme = "https"
		}
		if port != "" {
			ev.origin = scheme + "://localhost:" + port
			ev.file, ev.start, ev.end = f, start, end
			ev.what = "the Vite dev server (server.port in " + filepath.Base(f.Path) + ")"
			return ev, true
		}
		ev.origin = scheme + "://localhost:5173"
		break
	}
	if r.Package == nil {
		return ev, true
	}
	scripts, ok := r.Package.Get("scripts")
	obj, isObj := scripts.Data.(*shim.EObject)
	if !ok || !isObj {
		return ev, true
	}
	// "dev", or the template's "dev:frontend" that "dev" runs in parallel with the backend.
	for _, prop := range obj.Properties {
		k, isStr := prop.Key.Data.(*shim.EString)
		cmd, isCmd := parser.String(prop.ValueOrNil)
		if !isStr || !isCmd || !strings.HasPrefix(shim.StringValue(k), "dev") {
			continue
		}
		if m := vitePortFlag.FindStringSubmatch(cmd); m != nil {
			ev.origin = strings.Replace(ev.origin, ":5173", ":"+m[1], 1)
			start, end := jsonStringRange(r.Package, prop.ValueOrNil)
			ev.file, ev.start, ev.end = r.Package.File, start, end
			ev.what = "the Vite dev server (--port in the " + shim.StringValue(k) + " script)"
			break
		}
	}
	return ev, true
}

// viteServerConfig reads server.port and server.https from a Vite config. known is false when
// either is present but not a literal.
func viteServerConfig(f *project.File) (port string, https bool, start, end int, known bool) {
	tree, _ := f.AST()
	if tree == nil {
		return "", false, 0, 0, false
	}
	known = true
	parser.Inspect(tree, func(n parser.Node, _ *parser.Cursor) bool {
		e, ok := n.(shim.Expr)
		if !ok || !known {
			return known
		}
		server, _, ok := parser.Prop(e, "server")
		if !ok {
			return true
		}
		if v, keyOff, ok := parser.Prop(server, "port"); ok {
			num, isNum := v.Data.(*shim.ENumber)
			if !isNum {
				known = false
				return false
			}
			port = strconv.Itoa(int(num.Value))
			start, end = keyOff, keyOff+len("port")
		}
		if v, _, ok := parser.Prop(server, "https"); ok {
			b, isBool := v.Data.(*shim.EBoolean)
			switch {
			case isBool:
				https = b.Value
			case v.Data != nil:
				https = true // an options object: TLS is on
			}
		}
		return false
	})
	return port, https, start, end, known
}
