package analysis

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// LibrarySource reports a file of the source of a package the rules check apps' use of: a
// published package (not private) named convex, @workos-inc/… or @workos/…, holding no
// Convex deployment. Apps import these packages; the packages' own code is not an app (a
// vendored or checked-out convex or authkit-nextjs is the library's internals, full of the
// words the app rules look for), so the rules about apps neither parse it nor start the
// component graph from it. Rules on raw text (keys in source) still read it. A file outside
// any package is not library source; a nested package.json is a package of its own (see
// project/context.go), so a dist/esm/package.json without a name is not one either.
func LibrarySource(p *project.Project, f *project.File) bool {
	r := f.Root
	if r == nil {
		return false
	}
	lib, _ := r.Memo(libraryKey{}, func() any { return isLibraryPackage(r) }).(bool)
	return lib
}

type libraryKey struct{}

func isLibraryPackage(r *project.Root) bool {
	name := packageName(r)
	if name != "convex" && !strings.HasPrefix(name, "@workos-inc/") && !strings.HasPrefix(name, "@workos/") {
		return false
	}
	if r.HasConvex || r.ConvexJSON != nil {
		return false
	}
	if v, ok := r.Package.Get("private"); ok {
		if b, ok := v.Data.(*shim.EBoolean); ok && b.Value {
			return false
		}
	}
	return true
}

// AppFiles are the project's files that are not LibrarySource, in p.Files order: what the
// project checks that search the whole project for code of an app (providers, token
// fetchers, components reading auth state) look through.
func AppFiles(p *project.Project) []*project.File {
	return p.Memo(appFilesKey{}, func() any {
		out := make([]*project.File, 0, len(p.Files))
		for _, f := range p.Files {
			if f.Kind != project.KindJS || !LibrarySource(p, f) {
				out = append(out, f)
			}
		}
		return out
	}).([]*project.File)
}

type appFilesKey struct{}
