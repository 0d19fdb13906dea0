package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "mixed-workos-environment",
		Title:    "Env file mixes WorkOS staging and production settings",
		Severity: Error,
		Tags:     []string{"correctness", "config", "env"},
		Kinds:    KindEnv,
		Triggers: []string{"sk_test_", "sk_live_", "WORKOS_REDIRECT_URI"},
		Applies:  notInTestTree,
		Doc: Doc{
			Why: "WorkOS keeps staging (`sk_test_` keys) and production (`sk_live_` keys) apart: each has " +
				"its own users, client ID, redirect URIs and CORS origins. An env file that mixes them " +
				"breaks sign-in in confusing ways or, worse, points development at production: a live key " +
				"next to a `localhost` redirect URI lets a laptop create and delete real users; a test key " +
				"next to the production callback URL sends real users to the staging environment, whose " +
				"redirect allow-list rejects them.\n\n" +
				"Reported, in one env file: an `sk_test_` key with an https redirect URI on a public host; " +
				"an `sk_live_` key with a localhost redirect URI; a production file (`.env.production*`) " +
				"with an `sk_test_` key or a localhost redirect URI; a development file (`.env.local`, " +
				"`.env.development*`) with an `sk_live_` key; a template that is not a production one " +
				"(`.env.example`) showing an `sk_live_` key, even a placeholder, because developers copy " +
				"it to `.env.local`. Redirect URIs are read from `WORKOS_REDIRECT_URI` (the only name " +
				"TanStack Start's `@workos/authkit-tanstack-react-start` 0.11.0 reads, through authkit-session), " +
				"`NEXT_PUBLIC_WORKOS_REDIRECT_URI` and `VITE_WORKOS_REDIRECT_URI`. Keys count when the " +
				"variable name holds `WORKOS` or the key is WorkOS-shaped (Stripe uses `sk_` too). " +
				"Placeholder keys count only in templates; placeholder URLs, tunnels and preview hosts " +
				"(ngrok, `*.vercel.app`) never count; `.env.staging` and `.env.test` only meet the " +
				"live-key-with-localhost check.",
			Bad:   "# .env.production\nWORKOS_API_KEY=sk_test_…\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n",
			Good:  "# .env.production\nWORKOS_API_KEY=sk_live_…\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=https://app.example.com/callback\n",
			Lang:  "dotenv",
			Guide: "DON'T: Use same WorkOS env for dev and prod. Development: `sk_test_...` with `http://localhost:3000/callback`; production: `sk_live_...` with `https://your-domain.com/callback`.",
		},
		CheckFile: checkMixedWorkOSEnvironment,
	})
}

type envKeyEntry struct {
	entry parser.EnvEntry
	live  bool
}

type envRedirectEntry struct {
	entry parser.EnvEntry
	kind  analysis.RedirectKind
}

func checkMixedWorkOSEnvironment(c *FileContext) {
	if c.Env == nil {
		return
	}
	env, name := c.Env, analysis.EnvDisplayName(c.Env)
	var keys []envKeyEntry
	var redirects []envRedirectEntry
	for _, e := range env.Parsed.Entries {
		if e.Interpolated {
			continue
		}
		if p := analysis.APIKeyPrefix(e.Value); p != "" && (strings.Contains(strings.ToUpper(e.Key), "WORKOS") || analysis.IsWorkOSKeyBody(e.Value)) {
			if env.Template || len(analysis.FindAPIKeys(e.Value)) > 0 {
				keys = append(keys, envKeyEntry{e, p == "sk_live_"})
			}
		}
		if analysis.IsRedirectURIVar(e.Key) {
			if k := analysis.ClassifyRedirectURI(e.Value); k != analysis.RedirectUnknown {
				redirects = append(redirects, envRedirectEntry{e, k})
			}
		}
	}
	firstRedirect := func(kind analysis.RedirectKind) (parser.EnvEntry, bool) {
		for _, r := range redirects {
			if r.kind == kind {
				return r.entry, true
			}
		}
		return parser.EnvEntry{}, false
	}
	related := func(r parser.EnvEntry) Option {
		return WithRelated(c.File, r.ValueStart, r.ValueEnd, r.Key+" is set here")
	}
	for _, k := range keys {
		e, masked := k.entry, analysis.Mask(k.entry.Value)
		switch {
		case env.Env == project.EnvProd && !k.live:
			c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("%s is a production env file but %s is a test key (%s): "+
				"production would run against the WorkOS staging environment; use the production environment's "+
				"sk_live_ key", name, e.Key, masked))
		case env.Env == project.EnvDev && k.live:
			c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("%s is a development env file but %s is a live key (%s): "+
				"local runs would act on production users; use the staging environment's sk_test_ key", name, e.Key, masked))
		case env.Template && k.live && env.Env != project.EnvProd:
			c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("template %s suggests a live key for %s (%s): developers "+
				"who copy it to .env.local point development at production; show an sk_test_ placeholder instead",
				name, e.Key, masked))
		case k.live && env.Env != project.EnvProd:
			if r, ok := firstRedirect(analysis.RedirectLocal); ok {
				c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("%s in %s is a live key (%s) but %s redirects to %s: "+
					"one file mixes production and development; use an sk_test_ key for local runs, or the "+
					"production callback URL in production", e.Key, name, masked, r.Key, redirectHost(r.Value)), related(r))
			}
		case !k.live && (env.Env == project.EnvAll || env.Env == project.EnvDev):
			if r, ok := firstRedirect(analysis.RedirectRemote); ok {
				c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("%s in %s is a test key (%s) but %s redirects to %s: "+
					"sign-ins would go to the WorkOS staging environment, which does not allow that production "+
					"callback; pair the production URL with the sk_live_ key in the production env", e.Key, name,
					masked, r.Key, redirectHost(r.Value)), related(r))
			}
		}
	}
	if env.Env == project.EnvProd {
		for _, r := range redirects {
			if r.kind == analysis.RedirectLocal {
				e := r.entry
				c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("%s in production env file %s redirects to %s: after "+
					"sign-in, users would be sent to their own machine; set the production callback URL",
					e.Key, name, redirectHost(e.Value)))
			}
		}
	}
}

// redirectHost shows a redirect URI's scheme and host (the part that names the environment).
func redirectHost(v string) string {
	if u, err := url.Parse(v); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return v
}
