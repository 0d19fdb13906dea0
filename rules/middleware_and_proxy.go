package rules

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

func init() {
	Register(&Rule{
		ID:       "middleware-and-proxy",
		Title:    "Next.js 16 proxy.ts that the build rejects: beside middleware.ts, with a runtime, or without a proxy export",
		Severity: Error,
		Tags:     []string{"correctness", "nextjs"},
		Kinds:    KindJS,
		Applies:  isMiddlewareOrProxyFile,
		Doc: Doc{
			Why: "Next.js 16 renamed `middleware.ts` to `proxy.ts`, and `next build` / `next dev` stop on three " +
				"shapes of it (next 16, `get-page-static-info` and the proxy e2e tests):\n\n" +
				"- both files beside the app: `Both middleware file \"./middleware.ts\" and proxy file " +
				"\"./proxy.ts\" are detected. Please use \"./proxy.ts\" only.`;\n" +
				"- a proxy that exports a runtime (`export const runtime = 'edge'` or `config.runtime`): " +
				"`Route segment config is not allowed in Proxy file … Proxy always runs on Node.js runtime.`;\n" +
				"- a proxy that exports neither a default function nor one named `proxy`.\n\n" +
				"With AuthKit the proxy is where `authkitProxy()` (authkit-nextjs 3, an alias of " +
				"`authkitMiddleware`) refreshes the session, so an app that does not build cannot sign anyone in. " +
				"Only apps whose `next` range is 16 or later are checked; `middleware.ts` alone is still read " +
				"by Next.js 16.",
			Bad: "// proxy.ts, with middleware.ts still beside it\n" +
				"import { authkitProxy } from '@workos-inc/authkit-nextjs';\n\n" +
				"export default authkitProxy();\nexport const config = { runtime: 'edge', matcher: ['/'] };\n",
			Good: "// proxy.ts (middleware.ts deleted)\n" +
				"import { authkitProxy } from '@workos-inc/authkit-nextjs';\n\n" +
				"export default authkitProxy();\nexport const config = { matcher: ['/'] };\n",
			Lang: "ts",
		},
		CheckFile: checkMiddlewareAndProxy,
	})
}

// isMiddlewareOrProxyFile accepts middleware.* and proxy.* files of Next.js 16 apps, wherever
// they sit (checkMiddlewareAndProxy keeps those beside the app directory).
func isMiddlewareOrProxyFile(p *project.Project, f *project.File) bool {
	stem := strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path))
	return (stem == "middleware" || stem == "proxy") && inNextRoot(p, f) &&
		analysis.PackageAtLeast(p, f.Root, "next", analysis.Version{Major: 16}) == analysis.Yes
}

// nextMiddlewareExts are the extensions Next.js loads a middleware or proxy file with.
var nextMiddlewareExts = []string{".ts", ".js", ".tsx", ".jsx", ".mts", ".mjs"}

func checkMiddlewareAndProxy(c *FileContext) {
	a := analysis.NextAppFor(c.Project, c.File)
	if a == nil || a.AppDir == "" || filepath.Dir(c.File.Path) != a.SrcDir {
		return
	}
	base := filepath.Base(c.File.Path)
	ext := filepath.Ext(base)
	if !slices.Contains(nextMiddlewareExts, ext) {
		return
	}
	m := analysis.ModuleOf(c.File)
	if strings.TrimSuffix(base, ext) == "middleware" {
		for _, e := range nextMiddlewareExts {
			if proxy := c.Project.File(filepath.Join(a.SrcDir, "proxy"+e)); proxy != nil {
				start, end := wholeFileAnchor(c, m)
				c.Report(start, end, "Next.js 16 refuses to build with both "+base+" and proxy"+e+" (\"Please use proxy only\"): "+
					"move what this file does into proxy"+e+" and delete it",
					WithRelated(proxy, 0, 0, "proxy"+e+" is here"))
				return
			}
		}
		return
	}
	if m == nil {
		return
	}
	// export const runtime = '…' / export const config = { runtime: '…' }
	if ex, ok := m.Exports.Names["runtime"]; ok && ex.From == "" {
		s, e := analysis.IdentRange(c.Source, int(ex.Loc.Start))
		c.Report(s, e, "Next.js 16 rejects a runtime in proxy files (\"Route segment config is not allowed in Proxy file\": "+
			"the proxy always runs on Node.js): remove this export", runtimeHint(m, ex.Value))
	}
	if ex, ok := m.Exports.Names["config"]; ok && ex.From == "" {
		if val, keyLoc, found, _ := analysis.ObjectProp(m.Const(ex.Value), "runtime"); found {
			s, e := analysis.IdentRange(c.Source, int(keyLoc.Start))
			c.Report(s, e, "Next.js 16 rejects a runtime in proxy files (\"Route segment config is not allowed in Proxy file\": "+
				"the proxy always runs on Node.js): remove runtime from config", runtimeHint(m, val))
		}
	}
	if m.Exports.Star {
		return
	}
	if _, ok := m.Exports.Names["default"]; ok {
		return
	}
	if _, ok := m.Exports.Names["proxy"]; ok {
		return
	}
	msg := "Next.js 16 needs the proxy file to export a default function or one named `proxy`"
	if ex, ok := m.Exports.Names["middleware"]; ok {
		s, e := analysis.IdentRange(c.Source, int(ex.Loc.Start))
		c.Report(s, e, msg+": rename the `middleware` export to `proxy` (or `export default`)")
		return
	}
	start, end := wholeFileAnchor(c, m)
	c.Report(start, end, msg+" (`export default authkitProxy()`)")
}

// runtimeHint adds, for an edge runtime, what the author probably wanted.
func runtimeHint(m *analysis.Module, v shim.Expr) Option {
	return func(d *Diagnostic) {
		if s, ok := analysis.StaticString(m.Const(v)); ok && s == "edge" {
			d.Message += "; an app that must run on the edge keeps middleware.ts, which Next.js 16 still reads"
		}
	}
}

// wholeFileAnchor is where a finding about a whole file goes: its default export, else its
// first line.
func wholeFileAnchor(c *FileContext, m *analysis.Module) (int, int) {
	if m != nil {
		if ex, ok := m.Exports.Names["default"]; ok {
			s := int(ex.Loc.Start)
			return s, s + len("export default")
		}
	}
	end := strings.IndexByte(c.Source, '\n')
	if end < 0 {
		end = len(c.Source)
	}
	return 0, end
}
