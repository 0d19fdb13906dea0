package project

// A path named inside a workspace member bounds the walk (issue 9): the run reads the
// workspace root's own files, locates the other members (their package.json and tsconfig, not
// their sources), and walks in full only the packages that findings in the named paths can
// depend on:
//   - the packages holding, inside or around the named paths;
//   - their dependents, transitively: packages that declare one as a dependency or map it
//     with a tsconfig baseUrl/paths, the importers analysis/importers.go (canImport) admits;
//   - what all of those reach, transitively: the packages their import specifiers resolve
//     into (relative, tsconfig paths/baseUrl, a `_generated` directory by package name), read
//     from text before anything parses, and the Convex deployments they depend on;
//   - the workspace's Convex deployment when it has exactly one (BackendOf's last choice).
// Other workspace packages they depend on or import by name get a root from their
// package.json alone: analysis.ResolveImport does not resolve package names, so no finding
// reads those files (a workspace member named "next" is not walked because an app imports
// next/link). When the workspace root's own files import a package of the first two kinds,
// every package nested in the root can reach it through them, and the whole workspace is
// walked. Deployments found and not walked are recorded (UnloadedDeployments) so that
// BackendOf chooses as a whole run does.

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

// bound is what a bounded walk of a workspace starts from.
type bound struct {
	named []string // the lint paths inside the workspace
}

// unit is a package of a bounded walk: a member found by listing directories, a package
// holding a named path, or the workspace root itself (its own files).
type unit struct {
	dir       string
	name      string
	deps      map[string]bool
	listed    bool   // the workspace root lists it
	functions string // its Convex functions directory, "" when none
	walked    bool
	meta      bool // only its package.json is loaded (addMeta)
	files     []*File
	ts        *tsMap // tsconfig maps, read on demand
	tsFiles   []string
}

// UnloadedDeployment is a Convex deployment of a workspace that a bounded run found and did
// not load: no finding in the linted paths depends on its files, but BackendOf must know it
// exists to choose as a whole run does.
type UnloadedDeployment struct {
	Dir string
	Top string // the workspace root listing it, "" when none does
}

// UnloadedDeployments are the deployments a bounded run found and did not load.
func (p *Project) UnloadedDeployments() []UnloadedDeployment { return p.unloaded }

func (w *walker) walkBounded(s scope) {
	p := w.p
	top := s.dir
	named := s.bound.named
	var units []*unit // members, then the kept packages
	var open []string // package directories walked in full by the first walk
	s.prune = func(dir string) bool {
		for _, o := range open {
			if within(dir, o) {
				return false
			}
		}
		for _, n := range named {
			if within(n, dir) || within(dir, n) {
				open = append(open, dir)
				return false
			}
		}
		units = append(units, &unit{dir: dir})
		return true
	}
	before := len(p.Files)
	w.walk(s)
	root := &unit{dir: top, walked: true}
	var kept []*unit
	for _, d := range open {
		kept = append(kept, &unit{dir: d, walked: true})
	}
	units = append(units, kept...)
	globs := *workspaceGlobs(top)
	byName := map[string]*unit{}
	for _, u := range append(units, root) {
		u.deps = map[string]bool{}
		u.readPackage()
		u.listed = u != root && listsMember(top, globs, u.dir)
		if fn, ok := functionsDirAt(u.dir); ok {
			u.functions = fn
		}
		if u.name != "" && u != root && byName[u.name] == nil {
			byName[u.name] = u
		}
	}
	// owner is the unit holding path: a member or kept package, else the root.
	owner := func(path string) *unit {
		for _, u := range units {
			if within(path, u.dir) {
				return u
			}
		}
		return root
	}
	for _, f := range p.Files[before:] {
		u := owner(f.Path)
		u.files = append(u.files, f)
	}
	walkUnit := func(u *unit) {
		if u.walked {
			return
		}
		u.walked = true
		n := len(p.Files)
		w.walk(scope{dir: u.dir})
		u.files = append(u.files, p.Files[n:]...)
	}

	inS, inD := map[*unit]bool{}, map[*unit]bool{}
	var sQueue, dQueue []*unit
	var addD func(u *unit)
	addS := func(u *unit) {
		if !inS[u] {
			inS[u] = true
			walkUnit(u)
			sQueue = append(sQueue, u)
			addD(u)
		}
	}
	addD = func(u *unit) {
		if !inD[u] {
			inD[u] = true
			walkUnit(u)
			dQueue = append(dQueue, u)
		}
	}
	// A package only depended on or imported by name: its package.json and convex.json, and
	// a root for it (its name, version and dependencies), none of its other files.
	addMeta := func(u *unit) {
		if u.walked || u.meta {
			return
		}
		u.meta = true
		for _, name := range []string{"package.json", "convex.json"} {
			if path := filepath.Join(u.dir, name); p.byPath[path] == nil && isFile(path) {
				p.add(path, KindJSON)
			}
		}
		if !p.hasRoot(u.dir) {
			p.Roots = append(p.Roots, &Root{Dir: u.dir})
		}
	}
	for _, u := range kept {
		addS(u)
	}
	var rootReaches []*unit // what the root's own files import, read once
	rootRead := false
	for {
		for len(sQueue) > 0 {
			x := sQueue[0]
			sQueue = sQueue[1:]
			for _, m := range units {
				if !inS[m] && (x.name != "" && m.deps[x.name] || m.tsReaches(x.dir)) {
					addS(m)
				}
			}
		}
		// Reading a package's files only serves to find packages still to walk.
		allWalked := func() bool {
			for _, m := range units {
				if !m.walked {
					return false
				}
			}
			return true
		}
		for len(dQueue) > 0 && !allWalked() {
			x := dQueue[0]
			dQueue = dQueue[1:]
			full, meta := x.reaches(byName, owner, false)
			for _, m := range full {
				addD(m)
			}
			for _, m := range meta {
				addMeta(m)
			}
		}
		// The root's own files importing a package of S: every package nested in the root can
		// import those files (canImport), so all of them are dependents.
		if !rootRead && !allWalked() {
			rootRead = true
			rootReaches, _ = root.reaches(byName, owner, true)
		}
		whole := false
		for _, m := range rootReaches {
			whole = whole || inS[m]
		}
		if whole {
			for _, m := range units {
				addS(m)
			}
		}
		// A deployment whose convex.json "functions" points into another package (a root
		// convex.json naming packages/backend/convex): its auth config is there.
		for _, u := range append(units, root) {
			if u.walked && u.functions != "" {
				if o := owner(u.functions); o != u && o != root {
					addD(o)
				}
			}
		}
		// BackendOf's last choice: the workspace's only deployment.
		var only []*unit
		for _, u := range append(units, root) {
			if u.functions != "" && (u.listed || u == root) {
				only = append(only, u)
			}
		}
		if len(only) == 1 && !inD[only[0]] {
			addD(only[0])
		}
		if len(sQueue) == 0 && (len(dQueue) == 0 || allWalked()) {
			break
		}
	}
	for _, u := range units {
		if !u.walked && u.functions != "" {
			d := UnloadedDeployment{Dir: u.dir}
			if u.listed {
				d.Top = top
			}
			p.unloaded = append(p.unloaded, d)
		}
	}
}

// readPackage reads the unit's package.json: its name and dependencies.
func (u *unit) readPackage() {
	b, err := readSmall(filepath.Join(u.dir, "package.json"))
	if err != nil {
		return
	}
	var pkg struct {
		Name                 string                     `json:"name"`
		Dependencies         map[string]json.RawMessage `json:"dependencies"`
		DevDependencies      map[string]json.RawMessage `json:"devDependencies"`
		PeerDependencies     map[string]json.RawMessage `json:"peerDependencies"`
		OptionalDependencies map[string]json.RawMessage `json:"optionalDependencies"`
	}
	if json.Unmarshal(b, &pkg) != nil {
		// A broken package.json is read leniently by the model (loadRoot): take every name.
		for _, section := range []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"} {
			for name := range parser.LenientMembers(string(b), section) {
				u.deps[name] = true
			}
		}
		u.name = parser.LenientMembers(string(b))["name"]
		return
	}
	u.name = pkg.Name
	for _, sec := range []map[string]json.RawMessage{pkg.Dependencies, pkg.DevDependencies, pkg.PeerDependencies, pkg.OptionalDependencies} {
		for name := range sec {
			u.deps[name] = true
		}
	}
}

// reaches lists the units that u's code can reach: full are those whose files a finding in u
// can depend on (relative specifiers and tsconfig targets, which analysis.ResolveImport
// follows; a package-name import of a `_generated` directory, which BackendOf follows; a
// dependency that is a Convex deployment); meta are the other workspace packages u depends on
// or imports by name, of which only the package.json matters (a workspace package's version,
// its name): ResolveImport does not resolve package names, so no finding reads their files.
// Declared dependencies are skipped when filesOnly.
func (u *unit) reaches(byName map[string]*unit, owner func(string) *unit, filesOnly bool) (full, meta []*unit) {
	seen := map[*unit]bool{u: true}
	add := func(m *unit, files bool) {
		if m == nil || seen[m] {
			return
		}
		if files || m.functions != "" {
			seen[m] = true
			full = append(full, m)
		} else if !slices.Contains(meta, m) {
			meta = append(meta, m)
		}
	}
	if !filesOnly {
		for name := range u.deps {
			add(byName[name], false)
		}
	}
	ts := u.tsconfig()
	for _, f := range u.files {
		if f.Kind != KindJS {
			continue
		}
		src, err := f.Content()
		if err != nil {
			continue
		}
		for _, spec := range ModuleSpecs(src) {
			if i := strings.IndexAny(spec, "?#"); i > 0 {
				spec = spec[:i]
			}
			switch {
			case spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
				add(owner(filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(spec))), true)
			case strings.HasPrefix(spec, "/") || strings.Contains(spec, ":"):
			default:
				name := spec
				if i := strings.IndexByte(spec, '/'); i >= 0 {
					if j := strings.IndexByte(spec[i+1:], '/'); strings.HasPrefix(spec, "@") && j >= 0 {
						name = spec[:i+1+j]
					} else if !strings.HasPrefix(spec, "@") {
						name = spec[:i]
					}
				}
				add(byName[name], strings.Contains(spec, "/_generated"))
				for _, t := range ts.targets(spec) {
					add(owner(t), true)
				}
			}
		}
	}
	var metaOnly []*unit
	for _, m := range meta {
		if !seen[m] {
			metaOnly = append(metaOnly, m)
		}
	}
	return full, metaOnly
}

// tsReaches reports whether a tsconfig of u has a baseUrl or paths target in (or above) dir:
// analysis/importers.go's tsconfigReaches, for a package whose files are not walked.
func (u *unit) tsReaches(dir string) bool {
	for _, d := range u.tsconfig().dirs() {
		if d != "" && (within(d, dir) || within(dir, d)) {
			return true
		}
	}
	return false
}

// tsconfig is the union of the package's tsconfig/jsconfig maps: every such file among its
// walked files, or its top-level ones when it is not walked.
func (u *unit) tsconfig() *tsMap {
	if u.ts != nil {
		return u.ts
	}
	u.ts = &tsMap{}
	var paths []string
	if u.walked {
		for _, f := range u.files {
			if base := filepath.Base(f.Path); f.Kind == KindJSON && (base == "tsconfig.json" || base == "jsconfig.json") {
				paths = append(paths, f.Path)
			}
		}
	} else {
		for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
			if c := filepath.Join(u.dir, name); isFile(c) {
				paths = append(paths, c)
			}
		}
	}
	for _, c := range paths {
		u.ts.read(c, map[string]bool{})
	}
	return u.ts
}

// tsMap is what a package's tsconfig/jsconfig files map bare specifiers to: each file's
// effective baseUrl and paths, as analysis/resolve.go's loadTSConfig reads them (its local
// extends chain, each option replacing the inherited one; else the first reference that maps
// something). A package's several files are taken together: a bounded walk may take more
// packages than a finding needs, never fewer.
type tsMap struct {
	configs []tsEffective
}

type tsEffective struct {
	baseURL string // absolute; "" when unset
	rules   []tsRule
}

type tsRule struct {
	prefix, suffix string
	wildcard       bool
	targets        []string // absolute, "*" kept
}

const maxTSRead = 64

func (m *tsMap) read(path string, _ map[string]bool) {
	cfg := tsEffective{}
	n := 0
	applyTS(path, &cfg, map[string]bool{}, &n)
	if cfg.baseURL == "" && len(cfg.rules) == 0 {
		if v, ok := readJSON(path); ok {
			if refs, _, ok := parser.Prop(v, "references"); ok {
				if arr, ok := refs.Data.(*shim.EArray); ok {
					for _, item := range arr.Items {
						rp, _, _ := parser.Prop(item, "path")
						s, ok := parser.String(rp)
						if !ok {
							continue
						}
						ref := filepath.Join(filepath.Dir(path), filepath.FromSlash(s))
						if !strings.HasSuffix(ref, ".json") {
							ref = filepath.Join(ref, "tsconfig.json")
						}
						sub := tsEffective{}
						k := 0
						applyTS(ref, &sub, map[string]bool{}, &k)
						if sub.baseURL != "" || len(sub.rules) > 0 {
							cfg = sub
							break
						}
					}
				}
			}
		}
	}
	m.configs = append(m.configs, cfg)
}

func readJSON(path string) (shim.Expr, bool) {
	b, err := readSmall(path)
	if err != nil {
		return shim.Expr{}, false
	}
	v, problems := parser.ParseJSON(path, string(b), true)
	return v, len(problems) == 0
}

// applyTS applies the config at path onto cfg: first what it extends, then its own
// compilerOptions.
func applyTS(path string, cfg *tsEffective, stack map[string]bool, applied *int) {
	if stack[path] || *applied >= maxTSRead {
		return
	}
	*applied++
	stack[path] = true
	defer delete(stack, path)
	v, ok := readJSON(path)
	if !ok {
		return
	}
	dir := filepath.Dir(path)
	if ext, _, ok := parser.Prop(v, "extends"); ok {
		var specs []string
		if s, ok := parser.String(ext); ok {
			specs = append(specs, s)
		} else if arr, ok := ext.Data.(*shim.EArray); ok {
			for _, it := range arr.Items {
				if s, ok := parser.String(it); ok {
					specs = append(specs, s)
				}
			}
		}
		for _, s := range specs {
			if !strings.HasPrefix(s, ".") && !filepath.IsAbs(s) {
				continue // a package config (@tsconfig/...): outside the project
			}
			base := s
			if !filepath.IsAbs(base) {
				base = filepath.Join(dir, filepath.FromSlash(s))
			}
			if !strings.HasSuffix(base, ".json") && !isFile(base) {
				base += ".json"
			}
			applyTS(base, cfg, stack, applied)
		}
	}
	opts, _, ok := parser.Prop(v, "compilerOptions")
	if !ok {
		return
	}
	if b, _, ok := parser.Prop(opts, "baseUrl"); ok {
		if s, ok := parser.String(b); ok {
			cfg.baseURL = filepath.Join(dir, filepath.FromSlash(s))
		}
	}
	pv, _, ok := parser.Prop(opts, "paths")
	if !ok {
		return
	}
	obj, ok := pv.Data.(*shim.EObject)
	if !ok {
		return
	}
	rel := cfg.baseURL
	if rel == "" {
		rel = dir
	}
	cfg.rules = nil
	for _, prop := range obj.Properties {
		k, ok := prop.Key.Data.(*shim.EString)
		arr, isArr := prop.ValueOrNil.Data.(*shim.EArray)
		if !ok || !isArr {
			continue
		}
		pattern := shim.StringValue(k)
		r := tsRule{prefix: pattern}
		if i := strings.IndexByte(pattern, '*'); i >= 0 {
			r.prefix, r.suffix, r.wildcard = pattern[:i], pattern[i+1:], true
		}
		for _, it := range arr.Items {
			if s, ok := parser.String(it); ok {
				r.targets = append(r.targets, filepath.Join(rel, filepath.FromSlash(s)))
			}
		}
		cfg.rules = append(cfg.rules, r)
	}
}

// dirs are the directories the maps point into: each baseUrl, and each paths target up to
// its wildcard (analysis/importers.go's tsconfigReaches).
func (m *tsMap) dirs() []string {
	var out []string
	for _, c := range m.configs {
		out = append(out, c.baseURL)
		for _, r := range c.rules {
			for _, t := range r.targets {
				if i := strings.Index(t, "*"); i >= 0 {
					t = filepath.Dir(t[:i] + "x")
				}
				out = append(out, t)
			}
		}
	}
	return out
}

// targets are the paths a bare spec may name through the maps: every matching pattern's
// targets (tsc takes the longest; all of them is a superset), else the baseUrl.
func (m *tsMap) targets(spec string) []string {
	var out []string
	for _, c := range m.configs {
		matched := false
		for _, r := range c.rules {
			if !r.wildcard {
				if spec == r.prefix {
					out, matched = append(out, r.targets...), true
				}
				continue
			}
			if len(spec) >= len(r.prefix)+len(r.suffix) && strings.HasPrefix(spec, r.prefix) && strings.HasSuffix(spec, r.suffix) {
				star := spec[len(r.prefix) : len(spec)-len(r.suffix)]
				for _, t := range r.targets {
					out = append(out, strings.Replace(t, "*", filepath.FromSlash(star), 1))
				}
				matched = true
			}
		}
		if !matched && c.baseURL != "" {
			out = append(out, filepath.Join(c.baseURL, filepath.FromSlash(spec)))
		}
	}
	return out
}
