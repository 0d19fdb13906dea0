package rules

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "shared-dev-prod-client-id",
		Title:    "Development and production use the same WorkOS client ID",
		Severity: Warning,
		Tags:     []string{"correctness", "config", "env"},
		// Reported at a client ID (FindClientIDs: "client_" and a ULID) in an env file or convex.json.
		Triggers:     []string{"client_"},
		CheckProject: checkSharedDevProdClientID,
		Doc: Doc{
			Why: "A WorkOS client ID names one WorkOS environment. When the development env files and the " +
				"production ones carry the same `WORKOS_CLIENT_ID`, development and production share " +
				"users, sessions, redirect URIs and CORS origins: test sign-ups land among real users, " +
				"`localhost` callbacks must be allowed in the production environment, and the Convex " +
				"deployments validate each other's tokens. WorkOS gives every account a staging and a " +
				"production environment for this; set the production deployment's `WORKOS_CLIENT_ID` " +
				"(`npx convex env set --prod`) and the production env file to the production client ID.\n\n" +
				"Compared: `WORKOS_CLIENT_ID` with any prefix (`VITE_`, `NEXT_PUBLIC_`) in development " +
				"env files (`.env.local`, `.env.development*`) against production ones " +
				"(`.env.production*`) of one package and its workspace roots (never across unrelated projects, " +
				"which a run from a parent folder sees side by side), and client IDs written in `convex.json` " +
				"`authKit.dev` against `authKit.prod` (the package's own and its deployment's). The finding sits on the production value, with the " +
				"development line as related location. `.env` (loaded everywhere), placeholders and " +
				"interpolated values are not compared.",
			Bad:   "# .env.local\nWORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n# .env.production\nWORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n",
			Good:  "# .env.local\nWORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n# .env.production\nWORKOS_CLIENT_ID=client_01J0QWRTE7K2M3N4P5Q6R7S8T9\n",
			Lang:  "dotenv",
			Guide: "DON'T: Use same WorkOS env for dev and prod. Set different WORKOS_CLIENT_ID in Convex Dashboard for dev vs prod deployments.",
		},
	})
}

// clientIDSite is one place that sets a client ID for an environment.
type clientIDSite struct {
	file       *project.File
	start, end int
	id, label  string // label names the place in messages: "WORKOS_CLIENT_ID in .env.local"
}

func checkSharedDevProdClientID(c *ProjectContext) {
	// Each package is compared with itself: its env files and those of its workspace roots,
	// its convex.json and that of its deployment. Unrelated projects are never paired.
	type siteKey struct {
		file  *project.File
		start int
	}
	var prods []clientIDSite
	devsOf := map[siteKey][]clientIDSite{}
	// A target convex.json may pair with any package's env files; otherwise only packages
	// whose production env files are targets need their deployment looked up.
	anyConvexJSON := slices.ContainsFunc(c.Project.Targets, func(f *project.File) bool {
		return filepath.Base(f.Path) == "convex.json"
	})
	for _, r := range c.Project.Roots {
		dev, prod := clientIDSitesOf(c.Project, r, anyConvexJSON)
		for _, p := range prod {
			k := siteKey{p.file, p.start}
			if _, seen := devsOf[k]; !seen {
				prods = append(prods, p)
				devsOf[k] = []clientIDSite{}
			}
			for _, d := range dev {
				if d.id == p.id && !slices.ContainsFunc(devsOf[k], func(o clientIDSite) bool { return o.file == d.file && o.start == d.start }) {
					devsOf[k] = append(devsOf[k], d)
				}
			}
		}
	}
	for _, p := range prods {
		devs := devsOf[siteKey{p.file, p.start}]
		if len(devs) == 0 {
			continue
		}
		var opts []Option
		for _, d := range devs {
			opts = append(opts, WithRelated(d.file, d.start, d.end, "development uses the same client ID here ("+d.label+")"))
		}
		c.Report(p.file, p.start, p.end, fmt.Sprintf("%s is the client ID that development uses too (%s): dev and "+
			"prod share one WorkOS environment, its users, sessions and redirect URIs; use the client ID of the "+
			"WorkOS production environment here", p.label, devs[0].label), opts...)
	}
}

// clientIDSitesOf collects the client IDs that the package r sets for development and for
// production: in its env files and its workspace roots' (outermost first), and in the
// convex.json authKit sections of those roots and of the deployment r talks to.
func clientIDSitesOf(p *project.Project, r *project.Root, withBackend bool) (dev, prod []clientIDSite) {
	for _, e := range analysis.EnvFilesOf(p, r) {
		if !analysis.IsDevEnv(e) && !analysis.IsProdEnv(e) {
			continue
		}
		for _, en := range e.Parsed.Entries {
			if !analysis.IsClientIDVar(en.Key) || en.Interpolated {
				continue
			}
			ids := analysis.FindClientIDs(en.Value)
			if len(ids) != 1 || ids[0][0] != 0 || ids[0][1] != len(en.Value) {
				continue // not exactly one real-looking client ID
			}
			s := clientIDSite{e.File, en.ValueStart, en.ValueEnd, en.Value, en.Key + " in " + filepath.Base(e.Path)}
			if analysis.IsDevEnv(e) {
				dev = append(dev, s)
			} else {
				prod = append(prod, s)
			}
		}
	}
	roots := r.Chain()
	withBackend = withBackend || slices.ContainsFunc(prod, func(s clientIDSite) bool { return p.IsTarget(s.file.Path) })
	if d := backendIf(p, r, withBackend); d != nil && !slices.Contains(roots, d) {
		roots = append(roots, d)
	}
	for _, o := range roots {
		if j := o.ConvexJSON; j != nil {
			if v, ok := j.Get("authKit", "dev"); ok {
				dev = append(dev, convexJSONClientIDs(j, v, "authKit.dev")...)
			}
			if v, ok := j.Get("authKit", "prod"); ok {
				prod = append(prod, convexJSONClientIDs(j, v, "authKit.prod")...)
			}
		}
	}
	return dev, prod
}

func backendIf(p *project.Project, r *project.Root, ok bool) *project.Root {
	if !ok {
		return nil
	}
	return analysis.BackendOf(p, r)
}

// convexJSONClientIDs finds the client IDs written in a convex.json authKit section.
func convexJSONClientIDs(j *project.JSONFile, v shim.Expr, section string) []clientIDSite {
	src, _ := j.Content()
	var out []clientIDSite
	var walk func(e shim.Expr)
	walk = func(e shim.Expr) {
		switch x := e.Data.(type) {
		case *shim.EObject:
			for _, p := range x.Properties {
				walk(p.ValueOrNil)
			}
		case *shim.EArray:
			for _, it := range x.Items {
				walk(it)
			}
		case *shim.EString:
			s := shim.StringValue(x)
			r := shim.RangeOfString(src, e.Loc)
			start := int(r.Loc.Start) + 1 // after the quote
			for _, m := range analysis.FindClientIDs(s) {
				id, a, b := s[m[0]:m[1]], start+m[0], start+m[1]
				if b > len(src) || src[a:b] != id { // escapes before the ID: point at the whole literal
					a, b = int(r.Loc.Start), int(r.Loc.Start+r.Len)
				}
				out = append(out, clientIDSite{j.File, a, b, id, "the client ID in convex.json " + section})
			}
		}
	}
	walk(v)
	return out
}
