package analysis

import (
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// The project's reverse import graph: for each project file, the project files that import it
// or re-export from it. It is built once per run from the text of the files (their `from "…"`
// specifiers resolved with ResolveImport), without parsing any, so that the cross-file
// questions (who renders this component) parse only the files that can answer them.

type importGraph struct {
	importers map[*project.File][]*project.File
}

func (pc *projectCache) importGraph(p *project.Project) *importGraph {
	pc.importersOnce.Do(func() { pc.importers = buildImportGraph(p) })
	return pc.importers
}

// Importers are the project files that import f or re-export from it (`import … from`,
// `export … from`), sorted by path; f itself is not among them.
func (g *Graph) Importers(f *project.File) []*project.File {
	p := g.Project()
	if p == nil || f == nil {
		return nil
	}
	return cacheOf(p).importGraph(p).importers[f]
}

func buildImportGraph(p *project.Project) *importGraph {
	var files []*project.File
	for _, f := range p.Files {
		if f.Kind == project.KindJS {
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
				src, err := f.Content()
				if err != nil {
					continue
				}
				seen := map[*project.File]bool{}
				for _, spec := range ImportSpecifiers(src) {
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
	g := &importGraph{importers: map[*project.File][]*project.File{}}
	for _, es := range parts {
		for _, e := range es {
			g.importers[e.to] = append(g.importers[e.to], e.from)
		}
	}
	for _, fs := range g.importers {
		sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
	}
	return g
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
