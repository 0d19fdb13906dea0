package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
)

func init() {
	Register(&Rule{
		ID:       "authkit-component-events-unwired",
		Title:    "authKit.events()/actions() handlers that the component never calls",
		Severity: Error,
		Tags:     []string{"correctness", "convex"},
		Doc: Doc{
			Why: "`authKit.events({...})` and `authKit.actions({...})` of `@convex-dev/workos-authkit` " +
				"(0.2.7) only build internal mutations (`authKitEvent`, `authKitAction`). The component " +
				"calls them through the `authFunctions` option of `new AuthKit(component, { authFunctions })`, " +
				"a reference such as `internal.auth` to the module that exports them under exactly those " +
				"names. Without `authFunctions` the webhook handler passes no event handle and the event " +
				"handlers never run (users still sync into the component's table, your own tables do not); " +
				"the `/workos/action` route throws \"authFunctions not set in AuthKit component " +
				"configuration, or no authKitAction function exported\", which blocks sign-ins when the " +
				"action is required. The same happens when `authFunctions` points to a module that does not " +
				"export `authKitEvent` / `authKitAction` (renamed, exported from another file).\n\n" +
				"Options that are not a literal object, `authFunctions` values other than " +
				"`internal.<module>`, and modules with `export *` are not judged.",
			Bad: "const authKit = new AuthKit<DataModel>(components.workOSAuthKit);\n\n" +
				"export const { authKitEvent } = authKit.events({\n" +
				"  \"user.created\": async (ctx, event) => { await ctx.db.insert(\"users\", { authId: event.data.id }); },\n});\n",
			Good: "const authFunctions: AuthFunctions = internal.auth;\n" +
				"const authKit = new AuthKit<DataModel>(components.workOSAuthKit, { authFunctions });\n\n" +
				"export const { authKitEvent } = authKit.events({\n" +
				"  \"user.created\": async (ctx, event) => { await ctx.db.insert(\"users\", { authId: event.data.id }); },\n});\n",
			Lang: "ts",
		},
		// Reported at the events/actions call.
		Triggers:     []string{".events(", ".actions("},
		CheckProject: checkAuthKitEventsUnwired,
	})
}

func checkAuthKitEventsUnwired(c *ProjectContext) {
	p := c.Project
	for _, d := range analysis.AuthKitDeployments(p) {
		for _, inst := range d.Instances {
			if !inst.OptionsKnown {
				continue
			}
			for _, method := range []string{"events", "actions"} {
				want := map[string]string{"events": "authKitEvent", "actions": "authKitAction"}[method]
				for _, call := range inst.CallsOf(method) {
					if !p.IsTarget(call.File.Path) {
						continue
					}
					af, ok := inst.Option("authFunctions")
					if !ok {
						c.Report(call.File, call.Start, call.End, fmt.Sprintf("the handlers of authKit.%s() never run: new AuthKit "+
							"(%s) has no authFunctions option, so the component has no %s to call; pass authFunctions: "+
							"internal.<module> for the module that exports %s", method, inst.File.Rel, want, want),
							WithRelated(inst.File, inst.Start, inst.End, "the AuthKit instance"))
						continue
					}
					f, ok := d.FunctionsModule(p, inst, af.Value)
					if !ok {
						continue
					}
					names, star, ok := analysis.ExportedNames(f)
					if !ok || star || names[want] {
						continue
					}
					c.Report(call.File, call.Start, call.End, fmt.Sprintf("the handlers of authKit.%s() never run: authFunctions "+
						"points to %s, which exports no %s, and the component calls exactly that name; export const { %s } = "+
						"authKit.%s({...}) from %s", method, f.Rel, want, want, method, f.Rel),
						WithRelated(inst.File, af.KeyStart, af.KeyEnd, "authFunctions"))
				}
			}
		}
	}
}
