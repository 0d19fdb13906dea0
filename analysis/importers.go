package analysis

import (
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// The project's reverse import graph: for each project file, the project files that import it
// or re-export from it. It is built from the text of the files (their `from "…"` specifiers
// resolved with ResolveImport), without parsing any, so that the cross-file questions (who
// renders this component) parse only the files that can answer them. A package's files are
// read only when it can import from the asked file's package (canImport): in a whole run that
// is every package once, for one saved file only the packages that can reach it.

type importGraph struct {
	mu        sync.Mutex
	scanned   map[*project.Root]bool
	importers map[*project.File][]*project.File
	reach     map[[2]*project.Root]bool
}

func (pc *projectCache) importGraph() *importGraph {
	pc.importersOnce.Do(func() {
		pc.importers = &importGraph{scanned: map[*project.Root]bool{}, importers: map[*project.File][]*project.File{}, reach: map[[2]*project.Root]bool{}}
	})
	return pc.importers
}

// Importers are the project files that import f or re-export from it (`import … from`,
// `export … from`), sorted by path; f itself is not among them. Files of a package that can
// import f's package neither by a relative path within nested packages, nor by its package
// name as a declared dependency, nor through a tsconfig path are not among them either.
func (g *Graph) Importers(f *project.File) []*project.File {
	p := g.Project()
	if p == nil || f == nil {
		return nil
	}
	ig := cacheOf(p).importGraph()
	ig.mu.Lock()
	defer ig.mu.Unlock()
	var roots []*project.Root
	seen := map[*project.Root]bool{}
	for _, o := range p.Files {
		if o.Kind != project.KindJS || seen[o.Root] {
			continue
		}
		seen[o.Root] = true
		if !ig.scanned[o.Root] && ig.canImport(p, o.Root, f.Root) {
			roots = append(roots, o.Root)
		}
	}
	if len(roots) > 0 {
		ig.scan(p, roots)
	}
	return ig.importers[f]
}

// canImport reports whether a file of package from can import a file of package to.
func (ig *importGraph) canImport(p *project.Project, from, to *project.Root) bool {
	if from == nil || to == nil || from == to {
		return true
	}
	key := [2]*project.Root{from, to}
	if v, ok := ig.reach[key]; ok {
		return v
	}
	v := within(from.Dir, to.Dir) || within(to.Dir, from.Dir)
	if name := packageName(to); !v && name != "" && from.Deps[name] {
		v = true
	}
	if !v {
		v = tsconfigReaches(p, from, to)
	}
	ig.reach[key] = v
	return v
}

func within(dir, parent string) bool {
	return strings.HasPrefix(dir, parent+string(filepath.Separator))
}

// tsconfigReaches reports whether a tsconfig of package from has a baseUrl or paths target
// in (or above) package to's directory.
func tsconfigReaches(p *project.Project, from, to *project.Root) bool {
	for _, f := range p.Files {
		if f.Root != from || f.Kind != project.KindJSON {
			continue
		}
		if base := filepath.Base(f.Path); base != "tsconfig.json" && base != "jsconfig.json" {
			continue
		}
		cfg := cacheOf(p).tsconfig(p, f.Path)
		dirs := []string{cfg.baseURL}
		for _, r := range cfg.paths {
			for _, t := range r.targets {
				if i := strings.Index(t, "*"); i >= 0 {
					t = filepath.Dir(t[:i] + "x")
				}
				dirs = append(dirs, t)
			}
		}
		for _, d := range dirs {
			if d != "" && (d == to.Dir || within(d, to.Dir) || within(to.Dir, d)) {
				return true
			}
		}
	}
	return false
}

// scan adds the edges from the JS files of roots, each resolved in a worker pool.
func (ig *importGraph) scan(p *project.Project, roots []*project.Root) {
	in := map[*project.Root]bool{}
	for _, r := range roots {
		in[r] = true
		ig.scanned[r] = true
	}
	var files []*project.File
	for _, f := range p.Files {
		if f.Kind == project.KindJS && in[f.Root] {
			files = append(files, f)
		}
	}
	// Each worker resolves a share of the files; edges are merged after.
	type edge struct{ from, to *project.File }
	workers := min(runtime.GOMAXPROCS(0), max(1, len(files)/64))
	parts := make([][]edge, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out []edge
			for i := w; i < len(files); i += workers {
				f := files[i]
				specs, ok := importSpecsOf(f)
				if !ok {
					continue
				}
				seen := map[*project.File]bool{}
				for _, spec := range specs {
					if dst := ResolveImport(p, f, spec); dst != nil && dst != f && !seen[dst] {
						seen[dst] = true
						out = append(out, edge{f, dst})
					}
				}
			}
			parts[w] = out
		}()
	}
	wg.Wait()
	added := map[*project.File][]*project.File{}
	for _, es := range parts {
		for _, e := range es {
			if ig.canImport(p, e.from.Root, e.to.Root) {
				added[e.to] = append(added[e.to], e.from)
			}
		}
	}
	// New slices: callers may still hold the old ones.
	for to, fs := range added {
		all := slices.Concat(ig.importers[to], fs)
		sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
		ig.importers[to] = all
	}
}

type importSpecsKey struct{}

// importSpecsOf are f's ImportSpecifiers, computed once; ReleaseText keeps them when it drops
// the text, so the import graph does not read the file again. The strings are copies: a
// substring would keep the whole text alive.
func importSpecsOf(f *project.File) ([]string, bool) {
	specs, _ := f.Memo(importSpecsKey{}, func() any {
		src, err := f.Content()
		if err != nil {
			return []string(nil)
		}
		out := ImportSpecifiers(src)
		for i, s := range out {
			out[i] = strings.Clone(s)
		}
		if out == nil {
			out = []string{}
		}
		return out
	}).([]string)
	return specs, specs != nil
}

// ImportSpecifiers lists the module specifiers written after the keyword `from` in src
// (`import x from "m"`, `import { a } from 'm'`, `export * from "m"`), in order. It reads text,
// not syntax: a `from "…"` in a comment or string is listed too, which costs a resolution and
// no more; every static import or re-export with a name is found (a side-effect `import "m"`
// binds nothing and is not).
func ImportSpecifiers(src string) []string {
	var out []string
	for i := 0; ; {
		j := strings.Index(src[i:], "from")
		if j < 0 {
			return out
		}
		j += i
		i = j + 4
		if j > 0 && isIdentByte(src[j-1]) || i < len(src) && isIdentByte(src[i]) {
			continue
		}
		k := i
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
			k++
		}
		if k >= len(src) || src[k] != '"' && src[k] != '\'' {
			continue
		}
		q := src[k]
		end := k + 1
		for end < len(src) && src[end] != q && src[end] != '\n' && src[end] != '\\' {
			end++
		}
		if end < len(src) && src[end] == q && end > k+1 {
			out = append(out, src[k+1:end])
			i = end + 1
		}
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
