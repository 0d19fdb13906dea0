package analysis

// The routes of a Next.js app: pages, route handlers and layouts of the App Router (and Pages
// Router files), their URL patterns, and which route serves a concrete path.

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// RouteKind says which kind of file a route is.
type RouteKind uint8

const (
	RoutePage    RouteKind = iota // app/**/page.*
	RouteHandler                  // app/**/route.*
	RouteLayout                   // app/**/layout.*: renders for every page below it
	RouteLegacy                   // pages/**: the Pages Router, only used to know a path exists
)

// SegmentKind says how a segment of a route's path matches.
type SegmentKind uint8

const (
	SegStatic SegmentKind = iota
	SegDynamic
	SegCatchAll
	SegOptionalCatchAll
)

// Segment is one segment of a route's path: a static name or a dynamic parameter.
type Segment struct {
	Kind SegmentKind
	Name string
}

// Route is a page, route handler or layout of the app, with its URL pattern.
type Route struct {
	File *project.File
	Kind RouteKind
	Segs []Segment
	Path string // display form: /blog/[slug]
}

// Module is the route file's module facts; nil when it does not parse.
func (r *Route) Module() *Module { return ModuleOf(r.File) }

// Methods are the HTTP methods a route handler exports; known is false when it re-exports
// everything from another module or does not parse.
func (r *Route) Methods() (map[string]bool, bool) {
	fi := r.Module()
	if fi == nil || fi.Exports.Star {
		return nil, false
	}
	out := map[string]bool{}
	for name := range fi.Exports.Names {
		switch name {
		case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS":
			out[name] = true
		}
	}
	return out, true
}

// IsStatic reports a route without dynamic segments.
func (r *Route) IsStatic() bool {
	for _, s := range r.Segs {
		if s.Kind != SegStatic {
			return false
		}
	}
	return true
}

// Matches reports whether the route serves the concrete path.
func (r *Route) Matches(path string) bool {
	return matchSegs(r.Segs, SplitPath(path))
}

// SplitPath splits a URL path into its segments: "/a/b/" gives a, b.
func SplitPath(path string) []string {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

func matchSegs(segs []Segment, parts []string) bool {
	if len(segs) == 0 {
		return len(parts) == 0
	}
	switch s := segs[0]; s.Kind {
	case SegCatchAll, SegOptionalCatchAll:
		return len(segs) == 1 && (len(parts) > 0 || s.Kind == SegOptionalCatchAll)
	case SegDynamic:
		return len(parts) > 0 && matchSegs(segs[1:], parts[1:])
	default:
		return len(parts) > 0 && parts[0] == s.Name && matchSegs(segs[1:], parts[1:])
	}
}

// Samples are concrete paths the route serves: dynamic segments get sample values. A rule that
// asks whether "the route" is covered by something asks it of every sample.
func (r *Route) Samples() []string {
	var out []string
	values := [][2]string{{"1", "1"}, {"abc", "abc"}, {"abc", "abc/1"}}
	for i, v := range values {
		var b strings.Builder
		for _, s := range r.Segs {
			switch s.Kind {
			case SegStatic:
				b.WriteString("/" + s.Name)
			case SegDynamic:
				b.WriteString("/" + v[0])
			case SegCatchAll:
				b.WriteString("/" + v[1])
			case SegOptionalCatchAll:
				if i > 0 {
					b.WriteString("/" + v[1])
				}
			}
		}
		p := b.String()
		if p == "" {
			p = "/"
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// specificity orders routes the way Next.js prefers them: static segments before dynamic ones
// before catch-alls.
func (r *Route) specificity() []SegmentKind {
	out := make([]SegmentKind, len(r.Segs))
	for i, s := range r.Segs {
		out[i] = s.Kind
	}
	return out
}

// RouteOf reads the route of a file below an app directory; ok is false for files that are
// not pages, route handlers or layouts, or that sit in private folders or intercepting routes.
func RouteOf(appDir string, f *project.File) (*Route, bool) {
	rel, ext, ok := relRouteFile(appDir, f)
	if !ok {
		return nil, false
	}
	parts := strings.Split(rel, "/")
	r := &Route{File: f}
	switch strings.TrimSuffix(parts[len(parts)-1], ext) {
	case "page":
		r.Kind = RoutePage
	case "route":
		r.Kind = RouteHandler
	case "layout":
		r.Kind = RouteLayout
	default:
		return nil, false
	}
	for _, p := range parts[:len(parts)-1] {
		switch {
		case strings.HasPrefix(p, "_"):
			return nil, false // private folder
		case strings.HasPrefix(p, "(.") && strings.Contains(p, ")"):
			return nil, false // intercepting route: only reached by client navigation
		case strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")"), strings.HasPrefix(p, "@"):
			continue // route group, parallel slot
		default:
			s := segmentOf(p)
			if s.Kind == SegStatic && strings.HasPrefix(strings.ToUpper(p), "%5F") {
				s.Name = "_" + p[3:]
			}
			r.Segs = append(r.Segs, s)
		}
	}
	r.Path = displayPath(r.Segs)
	return r, true
}

func displayPath(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.Kind {
		case SegStatic:
			b.WriteString("/" + s.Name)
		case SegDynamic:
			b.WriteString("/[" + s.Name + "]")
		case SegCatchAll:
			b.WriteString("/[..." + s.Name + "]")
		case SegOptionalCatchAll:
			b.WriteString("/[[..." + s.Name + "]]")
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// legacyRouteOf reads a Pages Router file (pages/about.tsx, pages/blog/[id].tsx).
func legacyRouteOf(pagesDir string, f *project.File) (*Route, bool) {
	rel, ext, ok := relRouteFile(pagesDir, f)
	if !ok {
		return nil, false
	}
	rel = strings.TrimSuffix(rel, ext)
	if strings.HasPrefix(rel, "_") {
		return nil, false // _app, _document, _error
	}
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, "index"), "/")
	r := &Route{File: f, Kind: RouteLegacy}
	for _, p := range SplitPath(rel) {
		r.Segs = append(r.Segs, segmentOf(p))
	}
	r.Path = displayPath(r.Segs)
	return r, true
}

// relRouteFile is f's slash-separated path below dir and its extension, when f is a .tsx,
// .ts, .jsx or .js file there.
func relRouteFile(dir string, f *project.File) (rel, ext string, ok bool) {
	r, err := filepath.Rel(dir, f.Path)
	if err != nil || strings.HasPrefix(r, "..") {
		return "", "", false
	}
	rel = filepath.ToSlash(r)
	switch ext = filepath.Ext(rel); ext {
	case ".tsx", ".ts", ".jsx", ".js":
		return rel, ext, true
	}
	return "", "", false
}

// segmentOf reads one segment of a route's path: [[...name]], [...name], [name] or a static
// name.
func segmentOf(p string) Segment {
	switch {
	case strings.HasPrefix(p, "[[...") && strings.HasSuffix(p, "]]"):
		return Segment{SegOptionalCatchAll, p[5 : len(p)-2]}
	case strings.HasPrefix(p, "[...") && strings.HasSuffix(p, "]"):
		return Segment{SegCatchAll, p[4 : len(p)-1]}
	case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]"):
		return Segment{SegDynamic, p[1 : len(p)-1]}
	}
	return Segment{SegStatic, p}
}
