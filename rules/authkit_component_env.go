package rules

import (
	"fmt"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
)

func init() {
	Register(&Rule{
		ID:       "authkit-component-env",
		Title:    "@convex-dev/workos-authkit needs WorkOS variables that no env source of the deployment sets",
		Severity: Warning,
		Tags:     []string{"correctness", "config", "env", "convex"},
		Doc: Doc{
			Why: "`new AuthKit(components.workOSAuthKit, options)` from `@convex-dev/workos-authkit` (0.2.7) " +
				"reads `WORKOS_CLIENT_ID`, `WORKOS_API_KEY` and `WORKOS_WEBHOOK_SECRET` from the deployment's " +
				"environment unless `clientId`, `apiKey` and `webhookSecret` are passed, and throws " +
				"\"Missing environment variables: …\" when one is missing. The constructor runs when Convex " +
				"loads the module, at every push (and `convex/auth.config.ts` that uses " +
				"`authKit.getAuthConfigProviders()` loads it too): a deployment without them, a fresh preview " +
				"deployment typically, fails to deploy. `WORKOS_ACTION_SECRET` (option `actionSecret`) is " +
				"read only by the `/workos/action` route, which throws without it: needed when the app " +
				"exports `authKit.actions(...)`.\n\n" +
				"Deployment variables live in the Convex dashboard, where the linter cannot look; the rule " +
				"reports only in projects that write their WorkOS variables down (some `WORKOS_*` variable in " +
				"an env file or template, or in `convex.json` `authKit.*.localEnvVars`) and miss the " +
				"component's. Set them on every deployment (`npx convex env set WORKOS_WEBHOOK_SECRET …`, " +
				"and the default environment variables for previews) and list them in `.env.example`.",
			Bad: "# .env.example lists WORKOS_CLIENT_ID and WORKOS_API_KEY, nothing else\n" +
				"// convex/auth.ts\nexport const authKit = new AuthKit<DataModel>(components.workOSAuthKit);\n",
			Good: "# .env.example\nWORKOS_CLIENT_ID=client_your_client_id\nWORKOS_API_KEY=sk_test_your_api_key\n" +
				"WORKOS_WEBHOOK_SECRET=your_webhook_secret\n",
			Lang: "ts",
		},
		// Reported at `new AuthKit`, in the file importing the component.
		Triggers:     []string{analysis.ConvexAuthKitComponent},
		CheckProject: checkAuthKitComponentEnv,
	})
}

func checkAuthKitComponentEnv(c *ProjectContext) {
	for _, d := range analysis.AuthKitDeployments(c.Project) {
		for _, inst := range d.Instances {
			if !inst.OptionsKnown || !c.Project.IsTarget(inst.File.Path) {
				continue
			}
			defined := analysis.LocalEnvVarNames(c.Project, inst.File.Path)
			var sources []string
			for _, f := range analysis.EnvFilesFor(c.Project, inst.File.Path) {
				sources = append(sources, f.Rel)
				for _, e := range f.Parsed.Entries {
					defined[e.Key] = true
				}
			}
			documented := false
			for k := range defined {
				documented = documented || strings.HasPrefix(k, "WORKOS_")
			}
			if !documented {
				continue // the WorkOS variables are kept elsewhere: no evidence either way
			}
			actions := len(inst.CallsOf("actions")) > 0
			var missing []string
			for _, oe := range analysis.AuthKitOptionEnv {
				if oe.Env == "WORKOS_ACTION_SECRET" && !actions {
					continue
				}
				if _, passed := inst.Option(oe.Option); passed || defined[oe.Env] {
					continue
				}
				missing = append(missing, oe.Env)
			}
			if len(missing) == 0 {
				continue
			}
			where := "convex.json localEnvVars"
			if len(sources) > 0 {
				where = strings.Join(sources, ", ") + " or " + where
			}
			c.Report(inst.File, inst.Start, inst.End, fmt.Sprintf("new AuthKit reads %s from the deployment's environment, "+
				"but no env source of this project sets %s (%s): every deployment, previews included, needs %s "+
				"(npx convex env set), or the push fails with \"Missing environment variables\"%s; add %s to .env.example too",
				strings.Join(missing, ", "), pronoun(missing), where, pronoun(missing), actionNote(missing), pronoun(missing)))
		}
	}
}

func pronoun(names []string) string {
	if len(names) == 1 {
		return "it"
	}
	return "them"
}

func actionNote(missing []string) string {
	for _, m := range missing {
		if m == "WORKOS_ACTION_SECRET" {
			return " (WORKOS_ACTION_SECRET: the /workos/action endpoint throws)"
		}
	}
	return ""
}
