package analysis

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

var matcherPaths = []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/_next/static/chunk.js", "/favicon.ico", "/image.png", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}

// Generated with path-to-regexp 6.3.0 and node's RegExp.
var matcherCases = []struct {
	kind, source, regexp string
	matches              []string
}{
	{"next", "/", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/(\\/?index|\\/?index\\.json))?[\\/#\\?]?$", []string{"/", "/index"}},
	{"next", "/dashboard", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/dashboard(\\.json)?[\\/#\\?]?$", []string{"/dashboard", "/dashboard/", "/_next/data/build/dashboard.json"}},
	{"next", "/dashboard/:path*", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/dashboard(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json)?[\\/#\\?]?$", []string{"/dashboard", "/dashboard/", "/dashboard/a/b", "/_next/data/build/dashboard.json"}},
	{"next", "/admin/:path+", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/admin(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))(\\.json)?[\\/#\\?]?$", []string{"/admin/users"}},
	{"next", "/blog/:slug", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/blog(?:\\/([^\\/#\\?]+?))(\\.json)?[\\/#\\?]?$", []string{"/blog/x"}},
	{"next", "/blog/:slug?", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/blog(?:\\/([^\\/#\\?]+?))?(\\.json)?[\\/#\\?]?$", []string{"/blog", "/blog/x"}},
	{"next", "/((?!api|_next/static|_next/image|favicon.ico).*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!api|_next\\/static|_next\\/image|favicon.ico).*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/image.png", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}},
	{"next", "/((?!.*\\..*|_next).*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!.*\\..*|_next).*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/about", "/sign-in", "/callback", "/trpc/x", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit"}},
	{"next", "/(api|trpc)(.*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/(api|trpc))(.*)(\\.json)?[\\/#\\?]?$", []string{"/api/me", "/api", "/trpc/x"}},
	{"next", "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/data.json", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit"}},
	{"next", "/((?!api|_next/static|_next/image|.*\\.png$).*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!api|_next\\/static|_next\\/image|.*\\.png$).*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/favicon.ico", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.pngx"}},
	{"next", "/((?!_next/static|_next/image|_next/data|favicon.ico|assets).*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!_next\\/static|_next\\/image|_next\\/data|favicon.ico|assets).*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/image.png", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}},
	{"next", "/account/:path*", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/account(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json)?[\\/#\\?]?$", []string{"/account", "/account/settings"}},
	{"next", "/:locale/dashboard", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/([^\\/#\\?]+?))\\/dashboard(\\.json)?[\\/#\\?]?$", []string{"/en/dashboard"}},
	{"next", "/files/:id(\\d+)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/files(?:\\/(\\d+))(\\.json)?[\\/#\\?]?$", []string{"/files/12"}},
	{"next", "/(.*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/(.*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/_next/static/chunk.js", "/favicon.ico", "/image.png", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}},
	{"next", "/:path*", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/_next/static/chunk.js", "/favicon.ico", "/image.png", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}},
	{"next", "/((?!sign-in|sign-up|callback).*)", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?!sign-in|sign-up|callback).*))(\\.json)?[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/_next/static/chunk.js", "/favicon.ico", "/image.png", "/about", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}},
	{"next", "/api/:path*", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/api(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json)?[\\/#\\?]?$", []string{"/api/me", "/api"}},
	{"next", "/settings{/:tab}?", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/settings(?:\\/([^\\/#\\?]+?))?(\\.json)?[\\/#\\?]?$", []string{"/settings", "/settings/profile"}},
	{"next", "/Dashboard", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/Dashboard(\\.json)?[\\/#\\?]?$", []string{"/Dashboard"}},
	{"next", "/((?<!\\.png).)*", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/((?:(?<!\\.png).)(?:\\/(?:(?<!\\.png).))*))?(\\.json)?[\\/#\\?]?$", []string{"/"}},
	{"next", "/(dash|admin)/:rest*", "^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/(dash|admin))(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json)?[\\/#\\?]?$", []string{"/admin", "/admin/users"}},
	{"next", "/a-:b", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/a-([^\\/#\\?]+?)(\\.json)?[\\/#\\?]?$", []string{"/a-c"}},
	{"next", "/docs/:slug*/edit", "^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/docs(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?\\/edit(\\.json)?[\\/#\\?]?$", []string{"/docs/x/edit", "/docs/edit"}},
	{"auth", "/", "^\\/[\\/#\\?]?$", []string{"/"}},
	{"auth", "/sign-in", "^\\/sign-in[\\/#\\?]?$", []string{"/sign-in"}},
	{"auth", "/about", "^\\/about[\\/#\\?]?$", []string{"/about"}},
	{"auth", "/courses/:slug*", "^\\/courses(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?[\\/#\\?]?$", []string{}},
	{"auth", "/api/:path*", "^\\/api(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?[\\/#\\?]?$", []string{"/api/me", "/api"}},
	{"auth", "/u/:username*", "^\\/u(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?[\\/#\\?]?$", []string{}},
	{"auth", "/blog/(.*)", "^\\/blog(?:\\/(.*))[\\/#\\?]?$", []string{"/blog/x", "/blog/x/y"}},
	{"auth", "/a/../b", "^\\/b[\\/#\\?]?$", []string{}},
	{"auth", "/x?y=1", "^\\/x[\\/#\\?]?$", []string{}},
	{"auth", "/Sign-In", "^\\/Sign-In[\\/#\\?]?$", []string{}},
	{"auth", "/callback", "^\\/callback[\\/#\\?]?$", []string{"/callback"}},
	{"auth", "/:id?", "^(?:\\/([^\\/#\\?]+?))[\\/#\\?]?$", []string{"/dashboard", "/dashboard/", "/admin", "/blog", "/api", "/favicon.ico", "/image.png", "/about", "/sign-in", "/callback", "/style.css", "/data.json", "/app.js", "/account", "/settings", "/Dashboard", "/index", "/a-c", "/x.png", "/x.pngx"}},
	{"auth", "/(.*)", "^(?:\\/(.*))[\\/#\\?]?$", []string{"/", "/dashboard", "/dashboard/", "/dashboard/a/b", "/admin", "/admin/users", "/blog", "/blog/x", "/blog/x/y", "/api/me", "/api", "/_next/static/chunk.js", "/favicon.ico", "/image.png", "/about", "/sign-in", "/callback", "/_next/data/build/dashboard.json", "/trpc/x", "/style.css", "/data.json", "/app.js", "/account", "/account/settings", "/en/dashboard", "/files/12", "/files/ab", "/settings", "/settings/profile", "/assets/x", "/Dashboard", "/index", "/a-c", "/docs/x/edit", "/docs/edit", "/x.png", "/x.pngx"}},
}

func TestNextMatcherAgainstPathToRegexp(t *testing.T) {
	for _, c := range matcherCases {
		var re *JSRegexp
		var err error
		if c.kind == "next" {
			re, err = nextMatcherRegexp(c.source)
		} else {
			re, err = AuthKitPathRegexp(c.source)
		}
		if err != nil {
			t.Errorf("%s %q: %v", c.kind, c.source, err)
			continue
		}
		// RegExp.prototype.source escapes every "/"; the expressions are the same.
		if strings.ReplaceAll(re.source, `\/`, "/") != strings.ReplaceAll(c.regexp, `\/`, "/") {
			t.Errorf("%s %q: regexp\n got %s\nwant %s", c.kind, c.source, re.source, c.regexp)
		}
		for _, p := range matcherPaths {
			got, err := re.MatchString(p)
			if err != nil {
				t.Errorf("%s %q on %q: %v", c.kind, c.source, p, err)
			}
			if want := slices.Contains(c.matches, p); got != want {
				t.Errorf("%s %q on %q: got %v, want %v", c.kind, c.source, p, got, want)
			}
		}
	}
}

func appAt(t *testing.T, p *project.Project, dir string) *NextApp {
	t.Helper()
	for _, r := range p.Roots {
		if r.Dir == dir {
			if a := NextAppOf(p, r); a != nil {
				return a
			}
		}
	}
	t.Fatalf("no Next.js app at %s", dir)
	return nil
}

func TestMiddlewareDetection(t *testing.T) {
	cases := []struct {
		name, archive string
		want          Tri
		file          string
	}{
		{"reexport through alias and barrel", `
-- package.json --
{"dependencies": {"next": "15.0.0", "@workos-inc/authkit-nextjs": "2.0.0"}}
-- tsconfig.json --
{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}
-- src/middleware.ts --
export { authMiddleware as default } from '@/lib/auth';
-- src/lib/auth/index.ts --
export { authMiddleware } from './authkit';
-- src/lib/auth/authkit.ts --
import { authkitMiddleware } from '@workos-inc/authkit-nextjs';
export const authMiddleware = authkitMiddleware();
-- src/app/page.tsx --
export default function P() { return null; }
`, Yes, "src/middleware.ts"},
		{"workspace package", `
-- package.json --
{"dependencies": {"next": "15.0.0", "@acme/auth": "workspace:*"}}
-- middleware.ts --
export { default } from '@acme/auth/middleware';
-- app/page.tsx --
export default function P() { return null; }
`, Unknown, "middleware.ts"},
		{"third-party only", `
-- package.json --
{"dependencies": {"next": "15.0.0", "next-intl": "3.0.0"}}
-- middleware.ts --
import createMiddleware from 'next-intl/middleware';
import './polyfill.css';
export default createMiddleware({});
-- app/page.tsx --
export default function P() { return null; }
`, No, "middleware.ts"},
		{"unresolvable relative import", `
-- package.json --
{"dependencies": {"next": "15.0.0"}}
-- middleware.ts --
export { default } from './generated/mw';
-- app/page.tsx --
export default function P() { return null; }
`, Unknown, "middleware.ts"},
		{"namespace import in a wrapper", `
-- package.json --
{"dependencies": {"next": "16.0.0"}}
-- proxy.js --
import * as AK from '@workos-inc/authkit-nextjs';
export function proxy(req, ev) { return AK.authkitProxy()(req, ev); }
-- app/page.js --
export default function P() { return null; }
`, Yes, "proxy.js"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, dir := loadArchive(t, c.archive)
			mw := appAt(t, p, dir).Middleware()
			if mw == nil {
				t.Fatal("no middleware found")
			}
			if got := filepath.ToSlash(strings.TrimPrefix(mw.File.Path, dir+string(filepath.Separator))); got != c.file {
				t.Errorf("middleware file %s, want %s", got, c.file)
			}
			if mw.AuthKit != c.want {
				t.Errorf("authkit = %v, want %v", mw.AuthKit, c.want)
			}
		})
	}
}

// Generated with node's RegExp.
var jsRegexpCases = []struct {
	source string
	inputs map[string]bool
}{
	{"^a+?b$", map[string]bool{"aab": true, "b": false, "ab": true, "aaab": true, "a": false}},
	{"^(?:ab|a)(?=b)b$", map[string]bool{"abb": true, "ab": true, "aab": false}},
	{"(?<=x)y", map[string]bool{"xy": true, "y": false, "zy": false}},
	{"(?<!x)y", map[string]bool{"xy": false, "y": true, "zy": true}},
	{"^\\bfoo\\b", map[string]bool{"foo": true, "foobar": false, "foo bar": true}},
	{"^[^a-c\\d]+$", map[string]bool{"xyz": true, "xa": false, "x1": false, "--": true}},
	{"^[\\w-]{2,3}$", map[string]bool{"ab": true, "a-b": true, "abcd": false, "a": false}},
	{"^x{2}$", map[string]bool{"xx": true, "x": false, "xxx": false}},
	{"^a{,2}$", map[string]bool{"a{,2}": true, "aa": false}},
	{"^(a|ab)(c|bcd)(d*)$", map[string]bool{"abcd": true, "acd": true, "abcdd": true}},
	{"^(?:a*)*b$", map[string]bool{"aaab": true, "b": true, "aaa": false}},
	{"^\\/api(?!\\/public)", map[string]bool{"/api/x": true, "/api/public": false, "/apix": true}},
	{"^[.]$", map[string]bool{".": true, "a": false}},
	{"^\\x41\\u0042$", map[string]bool{"AB": true, "ab": false}},
	{"^(?<year>\\d{4})-\\d\\d$", map[string]bool{"2024-01": true, "24-01": false}},
	{"^[^]$", map[string]bool{"a": true, "": false}},
	{"^[]$", map[string]bool{"a": false, "": false}},
	{"^a.c$", map[string]bool{"abc": true, "a\nc": false}},
	{"^\\s\\S$", map[string]bool{" a": true, "  ": false, "a ": false}},
}

func TestJSRegexp(t *testing.T) {
	for _, c := range jsRegexpCases {
		re, err := compileJSRegexp(c.source)
		if err != nil {
			t.Errorf("%q: %v", c.source, err)
			continue
		}
		for in, want := range c.inputs {
			if got, err := re.MatchString(in); err != nil || got != want {
				t.Errorf("%q on %q: got %v (%v), want %v", c.source, in, got, err, want)
			}
		}
	}
	for _, bad := range []string{`(a)\1`, `\p{L}`, `a**`, `(?<name`, `[b-a]`, `(`, `)`} {
		if _, err := compileJSRegexp(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
	// A catastrophic pattern is cut off by the budget instead of hanging.
	re, err := compileJSRegexp(`^(a+)+$`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := re.MatchString(strings.Repeat("a", 40) + "b"); err != errRegexpBudget {
		t.Errorf("want the budget error, got %v", err)
	}
}

func TestRouteOf(t *testing.T) {
	app := filepath.FromSlash("/p/src/app")
	cases := map[string]string{
		"page.tsx":                             "page /",
		"(marketing)/about/page.tsx":           "page /about",
		"callback/route.ts":                    "route /callback",
		"(auth)/auth/callback/route.js":        "route /auth/callback",
		"blog/[slug]/page.tsx":                 "page /blog/[slug]",
		"docs/[...parts]/page.tsx":             "page /docs/[...parts]",
		"shop/[[...filters]]/page.jsx":         "page /shop/[[...filters]]",
		"@modal/settings/page.tsx":             "page /settings",
		"dashboard/layout.tsx":                 "layout /dashboard",
		"%5Fhidden/page.tsx":                   "page /_hidden",
		"_components/page.tsx":                 "",
		"@modal/(.)photo/[id]/page.tsx":        "",
		"feed/(..)photo/[id]/page.tsx":         "",
		"dashboard/loading.tsx":                "",
		"api/route.mdx":                        "",
		"dashboard/components/Button.tsx":      "",
		"(group)/sign-in/[[...rest]]/route.ts": "route /sign-in/[[...rest]]",
	}
	kinds := map[RouteKind]string{RoutePage: "page", RouteHandler: "route", RouteLayout: "layout"}
	for rel, want := range cases {
		f := &project.File{Path: filepath.Join(app, filepath.FromSlash(rel))}
		r, ok := RouteOf(app, f)
		got := ""
		if ok {
			got = kinds[r.Kind] + " " + r.Path
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", rel, got, want)
		}
	}
}

func TestRouteMatching(t *testing.T) {
	mk := func(rel string) *Route {
		r, ok := RouteOf("/a", &project.File{Path: "/a/" + rel})
		if !ok {
			t.Fatalf("no route for %s", rel)
		}
		return r
	}
	a := &NextApp{Routes: []*Route{mk("[...all]/page.tsx"), mk("blog/[slug]/page.tsx"), mk("blog/new/page.tsx"), mk("(x)/page.tsx"), mk("docs/[[...p]]/page.tsx")}}
	cases := map[string]string{
		"/":          "/",
		"/blog/new":  "/blog/new",
		"/blog/post": "/blog/[slug]",
		"/blog/a/b":  "/[...all]",
		"/docs":      "/docs/[[...p]]",
		"/docs/x/y":  "/docs/[[...p]]",
		"/elsewhere": "/[...all]",
	}
	for path, want := range cases {
		rs := a.RoutesAt(path)
		if len(rs) == 0 || rs[0].Path != want {
			t.Errorf("%s: got %v, want %s", path, rs, want)
		}
	}
	if s := mk("docs/[[...p]]/page.tsx").Samples(); !slices.Equal(s, []string{"/docs", "/docs/abc", "/docs/abc/1"}) {
		t.Errorf("samples = %v", s)
	}
}

func TestRedirectPath(t *testing.T) {
	cases := []struct {
		in, path string
		isURL    bool
	}{
		{"http://localhost:3000/callback", "/callback", true},
		{"https://app.example.com/api/auth/callback/", "/api/auth/callback", true},
		{"https://app.example.com", "/", true},
		{"https://app.example.com?x=1", "/", true},
		{"https://${VERCEL_URL}/callback", "/callback", true},
		{"https://${buildEnv.VERCEL_BRANCH_URL}/callback", "/callback", true},
		{"http://localhost:3000/${CALLBACK}", "", true},
		{"<your redirect uri>", "", false},
		{"$BASE_URL/callback", "", false},
	}
	for _, c := range cases {
		path, isURL := redirectPath(c.in)
		if path != c.path || isURL != c.isURL {
			t.Errorf("%q: got %q %v, want %q %v", c.in, path, isURL, c.path, c.isURL)
		}
	}
}

func TestNextMajor(t *testing.T) {
	for in, want := range map[string]int{"^15.2.0": 15, "16": 16, "15.x": 15, "~14.1": 14, "v16.0.0": 16,
		"latest": 0, "canary": 0, "workspace:*": 0, ">=14 <16": 0, "15-canary": 0} {
		if got := majorVersion(shim.Expr{Data: &shim.EString{Value: utf16.Encode([]rune(in))}}); got != want {
			t.Errorf("%q: got %d, want %d", in, got, want)
		}
	}
}

func TestMatcherUnknown(t *testing.T) {
	p, dir := loadArchive(t, `
-- package.json --
{"private": true}
-- var/package.json --
{"dependencies": {"next": "15.0.0"}}
-- var/middleware.ts --
const m = ['/a'];
export const config = { matcher: m };
-- var/app/page.tsx --
export default function P() { return null; }
-- backref/package.json --
{"dependencies": {"next": "15.0.0"}}
-- backref/middleware.ts --
export const config = { matcher: ['/a/:id((?:x)\\1)'] };
-- backref/app/page.tsx --
export default function P() { return null; }
-- reexported/package.json --
{"dependencies": {"next": "15.0.0"}}
-- reexported/middleware.ts --
export { config } from './cfg';
-- reexported/cfg.ts --
export const config = { matcher: ['/a'] };
-- reexported/app/page.tsx --
export default function P() { return null; }
-- none/package.json --
{"dependencies": {"next": "15.0.0"}}
-- none/middleware.ts --
export const config = { runtime: 'nodejs' };
-- none/app/page.tsx --
export default function P() { return null; }
-- object/package.json --
{"dependencies": {"next": "15.0.0"}}
-- object/middleware.ts --
export const config = { matcher: [{ source: '/a/:path*', missing: [{ type: 'header', key: 'x' }] }, '/b'] };
-- object/app/page.tsx --
export default function P() { return null; }
`)
	for name, want := range map[string][2]bool{"var": {false, false}, "backref": {false, false}, "reexported": {false, false},
		"none": {true, false}, "object": {true, true}} {
		mw := appAt(t, p, filepath.Join(dir, name)).Middleware()
		if mw == nil || mw.MatcherKnown != want[0] || mw.HasMatcher != want[1] {
			t.Errorf("%s: middleware %+v, want known=%v hasMatcher=%v", name, mw, want[0], want[1])
		}
	}
	mw := appAt(t, p, filepath.Join(dir, "object")).Middleware()
	for path, want := range map[string]bool{"/a": true, "/a/x/y": true, "/b": true, "/c": false} {
		if got, known := mw.Covers(path); !known || got != want {
			t.Errorf("object matcher on %s: %v %v", path, got, known)
		}
	}
}
