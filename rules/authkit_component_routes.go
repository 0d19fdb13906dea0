package rules

import (
	"fmt"
	"path/filepath"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "authkit-component-routes",
		Title:    "@convex-dev/workos-authkit installed without its webhook routes served",
		Severity: Error,
		Tags:     []string{"correctness", "convex"},
		Doc: Doc{
			Why: "The component syncs users from WorkOS webhooks: `authKit.registerRoutes(http)` of " +
				"`@convex-dev/workos-authkit` (0.2.7) adds `POST /workos/webhook` and `POST /workos/action` " +
				"to an HTTP router, and Convex serves only the router that `convex/http.ts` exports as " +
				"default. With `app.use(workOSAuthKit)` in `convex/convex.config.ts` and a `new AuthKit(...)` " +
				"but no `registerRoutes(http)`, or with `registerRoutes` called in an `http.ts` without a " +
				"default export (or in another file when there is no `http.ts`), every webhook gets a 404: " +
				"the component's users table stays empty and `authKit.getAuthUser` returns null.\n\n" +
				"A `registerRoutes` call in another module is trusted when `convex/http.ts` exists (it may " +
				"import that router).",
			Bad: "// convex/http.ts\nimport { httpRouter } from \"convex/server\";\n\n" +
				"const http = httpRouter();\nexport default http;\n",
			Good: "// convex/http.ts\nimport { httpRouter } from \"convex/server\";\nimport { authKit } from \"./auth\";\n\n" +
				"const http = httpRouter();\nauthKit.registerRoutes(http);\nexport default http;\n",
			Lang: "ts",
		},
		// Reported at `new AuthKit` (the file imports the component) or at registerRoutes.
		Triggers:     []string{analysis.ConvexAuthKitComponent, "registerRoutes"},
		CheckProject: checkAuthKitComponentRoutes,
	})
}

func checkAuthKitComponentRoutes(c *ProjectContext) {
	p := c.Project
	for _, d := range analysis.AuthKitDeployments(p) {
		if d.Installed == nil {
			continue
		}
		var httpFile *project.File
		for _, ext := range analysis.JSExtensions {
			if f := p.File(filepath.Join(d.Root.FunctionsDir, "http"+ext)); f != nil {
				httpFile = f
				break
			}
		}
		httpName := "convex/http.ts"
		if httpFile != nil {
			httpName = httpFile.Rel
		}
		var registered []*analysis.InstanceCall
		for _, inst := range d.Instances {
			registered = append(registered, inst.CallsOf("registerRoutes")...)
		}
		if len(registered) == 0 {
			inst := d.Instances[0]
			s, e := d.Installed.Target.Loc.Start, d.Installed.CloseParenLoc.Start+1
			c.Report(inst.File, inst.Start, inst.End, fmt.Sprintf("the AuthKit component is installed (%s) but "+
				"authKit.registerRoutes(http) is never called: WorkOS webhooks to /workos/webhook get a 404 and users never "+
				"sync; in %s: const http = httpRouter(); authKit.registerRoutes(http); export default http", d.ConfigFile.Rel, httpName),
				WithRelated(d.ConfigFile, int(s), int(e), "app.use of the component"))
			continue
		}
		for _, call := range registered {
			if !p.IsTarget(call.File.Path) {
				continue
			}
			switch {
			case httpFile == nil:
				c.Report(call.File, call.Start, call.End, "registerRoutes adds the webhook routes to a router that is never "+
					"served: Convex serves only the default export of convex/http.ts, which does not exist; move this there "+
					"and export default the router")
			case call.File == httpFile:
				names, _, ok := analysis.ExportedNames(httpFile)
				if ok && !names["default"] {
					c.Report(call.File, call.Start, call.End, fmt.Sprintf("%s has no default export: Convex serves only the "+
						"default-exported router, so the routes registerRoutes adds (/workos/webhook) get a 404; export default http",
						httpFile.Rel))
				}
			}
		}
	}
}
