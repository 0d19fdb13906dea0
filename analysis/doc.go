// Package analysis holds what the rules know about a project beyond one rule: imports and
// module resolution (imports.go, resolve.go), the component graph (graph.go), the auth adapter
// hooks given to ConvexProviderWithAuth (adapter.go), the facts of a Next.js app (nextjs_*.go:
// routes, middleware, matchers, redirect URIs), the apps of a project and the packages the
// client rules know (apps.go), and predicates over env files, secrets and paths (env.go,
// secrets.go, paths.go).
//
// It imports project and parser, never rules. Derived facts are cached in the per-run Memo of
// the project, root or file they derive from, never in package-level state.
package analysis
