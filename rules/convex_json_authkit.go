package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/internal/nearest"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "convex-json-authkit",
		Title:    "convex.json authKit block the Convex CLI rejects or silently ignores",
		Severity: Error,
		Fixable:  true,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJSON,
		Triggers: []string{"authKit"},
		Applies:  isConvexJSON,
		Doc: Doc{
			Why: "`npx convex dev` and `npx convex deploy` provision WorkOS from the `authKit` block of " +
				"`convex.json` (convex 1.45, `AuthKitConfigSchema` in the CLI's `config.ts` and " +
				"`resolveTemplate` in `workos.ts`). The CLI stops on a block it cannot read and drops " +
				"keys it does not know without a word, so a typo leaves redirect URIs or CORS origins " +
				"unconfigured. Checked as the CLI reads it:\n\n" +
				"- keys are `dev`, `preview` and `prod`; each holds `environmentType`, `configure` and " +
				"`localEnvVars` (other keys are ignored);\n" +
				"- `configure` is `false` or `{redirectUris, appHomepageUrl, corsOrigins}` (string arrays " +
				"and a string; other keys are ignored);\n" +
				"- `localEnvVars` is `false` or an object of strings, and only `dev` may have one " +
				"(\"authKit.localEnvVars is only supported for dev deployments\");\n" +
				"- `environmentType` is only allowed in `prod` and is `development`, `staging` or `production`;\n" +
				"- template expressions are `${buildEnv.NAME}` or `${authEnv.WORKOS_CLIENT_ID}`, " +
				"`${authEnv.WORKOS_API_KEY}`, `${authEnv.WORKOS_ENVIRONMENT_ID}`; anything else fails " +
				"with \"Unknown template expression\";\n" +
				"- a redirect URI, homepage or CORS origin that starts with `${buildEnv.VERCEL_URL}`, " +
				"`VERCEL_BRANCH_URL` or `VERCEL_PROJECT_PRODUCTION_URL`: Vercel's system variables hold a " +
				"host name without `https://` (Vercel's system environment variables), so WorkOS is sent " +
				"a URI without a scheme. The fix puts `https://` in front of that variable; the other " +
				"findings need a decision and get no fix.",
			Bad: "{\n  \"authKit\": {\n    \"preview\": {\n      \"configure\": {\n" +
				"        \"redirectUri\": [\"${buildEnv.VERCEL_BRANCH_URL}/callback\"]\n      },\n" +
				"      \"localEnvVars\": { \"WORKOS_CLIENT_ID\": \"${authEnv.CLIENT_ID}\" }\n    }\n  }\n}\n",
			Good: "{\n  \"authKit\": {\n    \"preview\": {\n      \"configure\": {\n" +
				"        \"redirectUris\": [\"https://${buildEnv.VERCEL_BRANCH_URL}/callback\"]\n      }\n    }\n  }\n}\n",
			Lang: "json",
		},
		CheckFile: checkConvexJSONAuthKit,
	})
}

// isConvexJSON accepts the convex.json of a root: the file the Convex CLI reads.
func isConvexJSON(_ *project.Project, f *project.File) bool {
	return filepath.Base(f.Path) == "convex.json" && f.Root != nil && f.Root.ConvexJSON != nil && f.Root.ConvexJSON.File == f
}

var (
	authKitEnvKeys       = []string{"dev", "preview", "prod"}
	authKitSettingKeys   = []string{"environmentType", "configure", "localEnvVars"}
	authKitConfigureKeys = []string{"redirectUris", "appHomepageUrl", "corsOrigins"}
	authKitEnvTypes      = []string{"development", "staging", "production"}
	authKitAuthEnv       = []string{"WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_ENVIRONMENT_ID"}
	// vercelHostVars hold a host name without a scheme.
	vercelHostVars = []string{"VERCEL_URL", "VERCEL_BRANCH_URL", "VERCEL_PROJECT_PRODUCTION_URL"}
	templateExpr   = regexp.MustCompile(`\$\{([^}]+)\}`)
	buildEnvName   = regexp.MustCompile(`^buildEnv\.[A-Za-z_][A-Za-z0-9_]*$`)
)

// jsonChecker reports into one convex.json.
type jsonChecker struct {
	c   *FileContext
	src string
}

// rng is the range of a JSON value: a string with its quotes, a keyword or number, the opening
// brace or bracket of an object or array.
func (j jsonChecker) rng(e shim.Expr) (int, int) {
	start := int(e.Loc.Start)
	switch e.Data.(type) {
	case *shim.EString:
		r := shim.RangeOfString(j.src, e.Loc)
		return int(r.Loc.Start), int(r.Loc.Start + r.Len)
	case *shim.EObject, *shim.EArray:
		return start, start + 1
	}
	end := start
	for end < len(j.src) && strings.IndexByte(",}] \t\r\n", j.src[end]) < 0 {
		end++
	}
	return start, end
}

// keyRange is the range of an object key with its quotes.
func (j jsonChecker) keyRange(p shim.Property) (int, int) {
	r := shim.RangeOfString(j.src, p.Key.Loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

// object is v as an object, or reports it (format, args) at v when it is not one.
func (j jsonChecker) object(v shim.Expr, format string, args ...any) (*shim.EObject, bool) {
	o, ok := v.Data.(*shim.EObject)
	if !ok {
		s, e := j.rng(v)
		j.report(s, e, format, args...)
	}
	return o, ok
}

func (j jsonChecker) report(start, end int, format string, args ...any) {
	j.c.Report(start, end, fmt.Sprintf(format, args...))
}

func (j jsonChecker) reportFix(start, end int, fix Option, format string, args ...any) {
	j.c.Report(start, end, fmt.Sprintf(format, args...), fix)
}

func keyName(p shim.Property) string {
	if k, ok := p.Key.Data.(*shim.EString); ok {
		return shim.StringValue(k)
	}
	return ""
}

func checkConvexJSONAuthKit(c *FileContext) {
	cj := c.File.Root.ConvexJSON
	ak, ok := cj.Get("authKit")
	if !ok {
		return
	}
	j := jsonChecker{c: c, src: c.Source}
	o, ok := j.object(ak, "authKit must be an object with dev, preview and prod blocks: the Convex CLI rejects convex.json")
	if !ok {
		return
	}
	for _, p := range o.Properties {
		env := keyName(p)
		if !containsStr(authKitEnvKeys, env) {
			s, e := j.keyRange(p)
			j.report(s, e, "authKit.%s is not a deployment type: the Convex CLI reads only dev, preview and prod and ignores this block%s",
				env, suggest(env, authKitEnvKeys))
			continue
		}
		j.checkEnv(env, p.ValueOrNil)
	}
}

func (j jsonChecker) checkEnv(env string, v shim.Expr) {
	o, ok := j.object(v, "authKit.%s must be an object (environmentType, configure, localEnvVars): the Convex CLI rejects convex.json", env)
	if !ok {
		return
	}
	for _, p := range o.Properties {
		key, val := keyName(p), p.ValueOrNil
		ks, ke := j.keyRange(p)
		switch key {
		case "environmentType":
			if env != "prod" {
				j.report(ks, ke, "authKit.%s.environmentType: the Convex CLI allows environmentType only in the prod section "+
					"(\"authKit.environmentType is only allowed in the prod section\") and rejects convex.json", env)
				continue
			}
			if s, ok := val.Data.(*shim.EString); !ok || !containsStr(authKitEnvTypes, shim.StringValue(s)) {
				s, e := j.rng(val)
				j.report(s, e, "authKit.prod.environmentType must be \"development\", \"staging\" or \"production\": the Convex CLI rejects convex.json")
			}
		case "configure":
			j.checkConfigure(env, val)
		case "localEnvVars":
			j.checkLocalEnvVars(env, ks, ke, val)
		default:
			j.report(ks, ke, "authKit.%s.%s is not an AuthKit setting: the Convex CLI ignores it (it reads environmentType, configure and localEnvVars)%s",
				env, key, suggest(key, authKitSettingKeys))
		}
	}
}

func (j jsonChecker) checkConfigure(env string, v shim.Expr) {
	if b, ok := v.Data.(*shim.EBoolean); ok && !b.Value {
		return
	}
	o, ok := j.object(v, "authKit.%s.configure must be false or an object {redirectUris, appHomepageUrl, corsOrigins}: the Convex CLI rejects convex.json", env)
	if !ok {
		return
	}
	for _, p := range o.Properties {
		key, val := keyName(p), p.ValueOrNil
		path := "authKit." + env + ".configure." + key
		switch key {
		case "redirectUris", "corsOrigins":
			arr, ok := val.Data.(*shim.EArray)
			if !ok {
				s, e := j.rng(val)
				j.report(s, e, "%s must be an array of strings: the Convex CLI rejects convex.json", path)
				continue
			}
			for _, it := range arr.Items {
				j.checkURLString(path, it)
			}
		case "appHomepageUrl":
			j.checkURLString(path, val)
		default:
			s, e := j.keyRange(p)
			j.report(s, e, "%s is not a configure setting: the Convex CLI ignores it (it reads redirectUris, appHomepageUrl and corsOrigins)%s",
				path, suggest(key, authKitConfigureKeys))
		}
	}
}

func (j jsonChecker) checkLocalEnvVars(env string, ks, ke int, v shim.Expr) {
	if b, ok := v.Data.(*shim.EBoolean); ok && !b.Value {
		return
	}
	if env != "dev" {
		j.report(ks, ke, "authKit.%s.localEnvVars: the Convex CLI writes local env vars only for dev deployments "+
			"(\"authKit.localEnvVars is only supported for dev deployments\") and rejects convex.json; set %s variables in the deployment platform", env, env)
		return
	}
	o, ok := j.object(v, "authKit.dev.localEnvVars must be false or an object of strings: the Convex CLI rejects convex.json")
	if !ok {
		return
	}
	for _, p := range o.Properties {
		name := keyName(p)
		if _, ok := p.ValueOrNil.Data.(*shim.EString); !ok {
			s, e := j.rng(p.ValueOrNil)
			j.report(s, e, "authKit.dev.localEnvVars.%s must be a string: the Convex CLI rejects convex.json", name)
			continue
		}
		j.checkTemplates("authKit.dev.localEnvVars."+name, p.ValueOrNil, isURLVarName(name))
	}
}

// isURLVarName says whether an env var holds a URL (so a bare Vercel host in it is wrong).
func isURLVarName(name string) bool {
	return strings.HasSuffix(name, "_URI") || strings.HasSuffix(name, "_URL") || strings.HasSuffix(name, "_ORIGIN")
}

func (j jsonChecker) checkURLString(path string, v shim.Expr) {
	if _, ok := v.Data.(*shim.EString); !ok {
		s, e := j.rng(v)
		j.report(s, e, "%s must be a string: the Convex CLI rejects convex.json", path)
		return
	}
	j.checkTemplates(path, v, true)
}

// checkTemplates checks the ${…} expressions of a string value as resolveTemplate reads them.
func (j jsonChecker) checkTemplates(path string, v shim.Expr, isURL bool) {
	s, e := j.rng(v)
	raw := j.src[s:e]
	for _, m := range templateExpr.FindAllStringSubmatchIndex(raw, -1) {
		expr := raw[m[2]:m[3]]
		ts, te := s+m[0], s+m[1]
		name, isAuth := strings.CutPrefix(expr, "authEnv.")
		switch {
		case isAuth && containsStr(authKitAuthEnv, name):
		case isAuth:
			j.report(ts, te, "%s: ${%s} is not a template the Convex CLI knows (\"Unknown template expression\"): "+
				"authEnv has WORKOS_CLIENT_ID, WORKOS_API_KEY and WORKOS_ENVIRONMENT_ID%s", path, expr, suggest(name, authKitAuthEnv))
		case buildEnvName.MatchString(expr):
			if isURL && m[0] == 1 && containsStr(vercelHostVars, strings.TrimPrefix(expr, "buildEnv.")) {
				j.reportFix(ts, te, WithFix("Add https://", Replace(j.c.File, ts, ts, "https://")),
					"%s starts with ${%s}, which holds a host name without a scheme: write https://${%s}", path, expr, expr)
			}
		default:
			j.report(ts, te, "%s: ${%s} is not a template the Convex CLI knows (\"Unknown template expression\"): "+
				"use ${buildEnv.NAME} for a build environment variable or ${authEnv.WORKOS_CLIENT_ID} for a provisioned value", path, expr)
		}
	}
}

// suggest names the closest known key, for typos.
func suggest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		a, b := strings.ToLower(key), strings.ToLower(k)
		if a != "" && (strings.HasPrefix(a, b) || strings.HasSuffix(b, a)) {
			return "; did you mean " + k + "?"
		}
		if d := nearest.Distance(a, b); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
