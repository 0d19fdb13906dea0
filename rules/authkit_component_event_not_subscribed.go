package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "authkit-component-event-not-subscribed",
		Title:    "authKit.events() handler for an event the component never delivers, or an ignored webhookPath",
		Severity: Warning,
		Tags:     []string{"correctness", "convex"},
		Doc: Doc{
			Why: "`@convex-dev/workos-authkit` (0.2.7) fetches `user.created`, `user.updated` and " +
				"`user.deleted` from the WorkOS events API, plus the types listed in the " +
				"`additionalEventTypes` option of `new AuthKit(...)`, and runs `authKit.events({...})` " +
				"handlers for those only: a handler keyed `session.revoked` or `organization.updated` " +
				"without the type in `additionalEventTypes` never runs. `*.created` events are processed " +
				"straight from the webhook, so those are not reported.\n\n" +
				"The `webhookPath` option is ignored: `registerRoutes` always serves `POST /workos/webhook` " +
				"(and `/workos/action`). A webhook that WorkOS sends to the custom path gets a 404; point it " +
				"at `https://<deployment>.convex.site/workos/webhook` and drop the option.",
			Bad: "const authKit = new AuthKit<DataModel>(components.workOSAuthKit, { authFunctions });\n\n" +
				"export const { authKitEvent } = authKit.events({\n" +
				"  \"session.revoked\": async (ctx, event) => { /* never called */ },\n});\n",
			Good: "const authKit = new AuthKit<DataModel>(components.workOSAuthKit, {\n" +
				"  authFunctions,\n  additionalEventTypes: [\"session.revoked\"],\n});\n",
			Lang: "ts",
		},
		// Reported at an events() key or at the webhookPath option.
		Triggers:     []string{".events(", "webhookPath"},
		CheckProject: checkAuthKitEventNotSubscribed,
	})
}

func checkAuthKitEventNotSubscribed(c *ProjectContext) {
	p := c.Project
	for _, d := range analysis.AuthKitDeployments(p) {
		for _, inst := range d.Instances {
			if wp, ok := inst.Option("webhookPath"); ok && p.IsTarget(inst.File.Path) {
				c.Report(inst.File, wp.KeyStart, wp.KeyEnd, "webhookPath is ignored by @convex-dev/workos-authkit: registerRoutes "+
					"always serves POST /workos/webhook, so a WorkOS webhook sent to this path gets a 404; point the webhook at "+
					"https://<deployment>.convex.site/workos/webhook and drop the option")
			}
			if !inst.OptionsKnown {
				continue
			}
			extra, known := additionalEventTypes(inst)
			if !known {
				continue
			}
			for _, call := range inst.CallsOf("events") {
				if !p.IsTarget(call.File.Path) || len(call.Call.Args) == 0 {
					continue
				}
				obj, ok := call.Module.Const(call.Call.Args[0]).Data.(*shim.EObject)
				if !ok {
					continue
				}
				src, _ := call.File.Content()
				for _, prop := range obj.Properties {
					k, ok := prop.Key.Data.(*shim.EString)
					if !ok || prop.Kind == shim.PropertySpread {
						continue
					}
					event := shim.StringValue(k)
					if slices.Contains(analysis.AuthKitDefaultEvents, event) || slices.Contains(extra, event) || strings.HasSuffix(event, ".created") {
						continue
					}
					start, end := analysis.IdentRange(src, int(prop.Key.Loc.Start))
					c.Report(call.File, start, end, fmt.Sprintf("the %q handler never runs: the component only fetches user.created, "+
						"user.updated, user.deleted and the additionalEventTypes of new AuthKit (%s); add %q to additionalEventTypes "+
						"(and select it in the WorkOS webhook)", event, inst.File.Rel, event),
						WithRelated(inst.File, inst.Start, inst.End, "the AuthKit instance"))
				}
			}
		}
	}
}

// additionalEventTypes reads the option's string literals; known is false when it is not a
// literal array of strings.
func additionalEventTypes(inst *analysis.AuthKitInstance) (types []string, known bool) {
	op, ok := inst.Option("additionalEventTypes")
	if !ok {
		return nil, true
	}
	arr, ok := inst.Module.Const(op.Value).Data.(*shim.EArray)
	if !ok {
		return nil, false
	}
	for _, it := range arr.Items {
		s, ok := analysis.StaticString(inst.Module.Const(it))
		if !ok {
			return nil, false
		}
		types = append(types, s)
	}
	return types, true
}
