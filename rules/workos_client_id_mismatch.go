package rules

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func init() {
	Register(&Rule{
		ID:       "workos-client-id-mismatch",
		Title:    "WorkOS providers read the client ID from different sources",
		Severity: Error,
		Tags:     []string{"correctness", "config"},
		Kinds:    KindJS,
		Triggers: []string{project.WorkOSHost},
		Applies:  isAuthConfigFile,
		Doc: Doc{
			Why: "The client ID appears up to four times in the WorkOS providers: in the user_management " +
				"issuer, in both jwks URLs and in the SSO provider's applicationID. They must all be the " +
				"same value. When one reads `process.env.WORKOS_CLIENT_ID` and another a literal, another " +
				"variable (`WORKOS_CLIENT_ID_PROD`, `VITE_WORKOS_CLIENT_ID`) or a stale ID, the deployments " +
				"drift apart: the issuer names one WorkOS environment while the keys or the audience come " +
				"from another, and tokens fail to validate in one environment only, usually production.\n\n" +
				"Read it once (`const clientId = process.env.WORKOS_CLIENT_ID;`) and use that everywhere. " +
				"The finding sits on each use that differs from the most common source, with that source " +
				"as related location. A `??` fallback does not count as a source (hardcoded-client-id " +
				"reports literal fallbacks); values the linter cannot see (helpers, wrapper modules) are " +
				"not compared.",
			Bad:   "const clientId = process.env.WORKOS_CLIENT_ID;\n// ...\napplicationID: \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\",\njwks: `https://api.workos.com/sso/jwks/${clientId}`,\n",
			Good:  "const clientId = process.env.WORKOS_CLIENT_ID;\n// ...\napplicationID: clientId,\njwks: `https://api.workos.com/sso/jwks/${clientId}`,\n",
			Lang:  "ts",
			Guide: "Required Configuration: `const clientId = process.env.WORKOS_CLIENT_ID;` used by both providers. DON'T: Hardcode the client ID (use env var).",
		},
		CheckFile: checkWorkOSClientIDMismatch,
	})
}

func checkWorkOSClientIDMismatch(c *FileContext) {
	ac := project.AuthConfigFor(c.File)
	if ac == nil {
		return
	}
	var uses []project.ClientIDUse
	count := map[string]int{}
	for _, p := range ac.Providers {
		if !p.IsWorkOS() {
			continue
		}
		for _, u := range p.ClientIDs() {
			if k := u.Value.SourceKey(); k != "" {
				uses = append(uses, u)
				count[k]++
			}
		}
	}
	if len(count) < 2 {
		return
	}
	ref := uses[0]
	for _, u := range uses {
		if count[u.Value.SourceKey()] > count[ref.Value.SourceKey()] {
			ref = u
		}
	}
	refKey := ref.Value.SourceKey()
	for _, u := range uses {
		k := u.Value.SourceKey()
		if k == refKey {
			continue
		}
		v := u.Value
		c.Report(v.Start, v.End, "the "+u.Field+" reads the client ID from "+describeSource(k)+" while the other "+
			"WorkOS provider settings use "+describeSource(refKey)+"; read it from one place everywhere",
			WithRelated(c.File, ref.Value.SrcStart, ref.Value.SrcEnd, "client ID from "+describeSource(refKey)))
	}
}

// describeSource renders a SourceKey for messages.
func describeSource(k string) string {
	if name, ok := strings.CutPrefix(k, "env:"); ok {
		return "process.env." + name
	}
	lit := strings.TrimPrefix(k, "lit:")
	if len(lit) > 60 {
		lit = lit[:57] + "..."
	}
	return "the literal \"" + lit + "\""
}
