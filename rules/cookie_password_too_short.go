package rules

import (
	"fmt"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
)

// minCookiePassword is iron-session's minimum, which authkit-nextjs and the other AuthKit
// server SDKs enforce ("Password string too short (min 32 characters required)").
const minCookiePassword = 32

func init() {
	Register(&Rule{
		ID:       "cookie-password-too-short",
		Title:    "WORKOS_COOKIE_PASSWORD is shorter than 32 characters",
		Severity: Error,
		Tags:     []string{"correctness", "config", "env"},
		Kinds:    KindEnv,
		Triggers: []string{"WORKOS_COOKIE_PASSWORD"},
		Applies:  notInTestTree,
		Doc: Doc{
			Why: "AuthKit's server SDKs (authkit-nextjs, the TanStack Start and Remix kits) seal the " +
				"session cookie with iron-session, which refuses a password shorter than 32 characters: " +
				"every request that touches the session fails at runtime with \"Password string too short " +
				"(min 32 characters required)\", so sign-in never completes (the TanStack Start kit, " +
				"`@workos/authkit-tanstack-react-start` 0.11.0, goes through `@workos/authkit-session` 0.7, " +
				"whose configuration check rejects a `WORKOS_COOKIE_PASSWORD` under 32 characters). The rule checks " +
				"`WORKOS_COOKIE_PASSWORD` in every env file, templates included, because people copy " +
				"templates: the value is read as dotenv 16.3.1 (bundled by @next/env) reads it, so an unquoted " +
				"`#` ends it, and the length is counted after unquoting, as JavaScript counts it.\n\n" +
				"Not reported: an empty value in a template, an empty value that another env file of the " +
				"project fills in, placeholders in templates (`your_32_char_minimum_password_here`), " +
				"values built from other variables (`${SECRET}`), commented-out lines, and env files of " +
				"test fixtures. Generate a password with `openssl rand -base64 32`.",
			Bad:   "WORKOS_COOKIE_PASSWORD=hunter2-not-long-enough\n",
			Good:  "# 44 random characters from `openssl rand -base64 32`, never copied from docs\nWORKOS_COOKIE_PASSWORD=<output of openssl rand -base64 32>\n",
			Lang:  "dotenv",
			Guide: "DO: Use 32+ char WORKOS_COOKIE_PASSWORD for Next.js.",
		},
		CheckFile: checkCookiePasswordTooShort,
	})
}

func checkCookiePasswordTooShort(c *FileContext) {
	if c.Env == nil {
		return
	}
	for _, e := range c.Env.Parsed.Entries {
		if e.Key != "WORKOS_COOKIE_PASSWORD" || e.Interpolated {
			continue
		}
		n := analysis.UTF16Len(e.Value)
		if n >= minCookiePassword {
			continue
		}
		name := analysis.EnvDisplayName(c.Env)
		if n == 0 {
			if c.Env.Template || cookiePasswordSetElsewhere(c) {
				continue
			}
			c.Report(e.KeyStart, e.ValueEnd, fmt.Sprintf("WORKOS_COOKIE_PASSWORD is empty in %s: AuthKit needs a "+
				"random secret of at least %d characters to seal the session cookie; generate one with "+
				"`openssl rand -base64 32`", name, minCookiePassword))
			continue
		}
		placeholder := analysis.IsPlaceholder(e.Value)
		if placeholder && c.Env.Template {
			continue // a template's placeholder is replaced, not used
		}
		what := fmt.Sprintf("WORKOS_COOKIE_PASSWORD in %s is %d characters long", name, n)
		if placeholder {
			what = fmt.Sprintf("WORKOS_COOKIE_PASSWORD in %s is still a placeholder of %d characters", name, n)
		}
		if e.Quote == 0 && e.ValueEnd < len(c.Source) && c.Source[e.ValueEnd] == '#' {
			what += " (dotenv ends an unquoted value at #: quote the value)"
		}
		c.Report(e.ValueStart, e.ValueEnd, fmt.Sprintf("%s: AuthKit needs at least %d, or every session "+
			"fails with \"Password string too short\"; generate one with `openssl rand -base64 32`",
			what, minCookiePassword))
	}
}

// cookiePasswordSetElsewhere reports whether another loaded env file of the same directory gives
// WORKOS_COOKIE_PASSWORD a value: an empty line in .env is then only a declaration.
func cookiePasswordSetElsewhere(c *FileContext) bool {
	if c.File.Root == nil {
		return false
	}
	for _, other := range c.File.Root.EnvFiles {
		if other.File == c.File || other.Template {
			continue
		}
		if e, ok := other.Parsed.Lookup("WORKOS_COOKIE_PASSWORD"); ok && (e.Value != "" || e.Interpolated) {
			return true
		}
	}
	return false
}
