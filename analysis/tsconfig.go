package analysis

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// tsconfig/jsconfig reading for resolution: paths, baseUrl and extends chains.

type tsconfig struct {
	baseURL string // absolute; "" when unset
	paths   []pathRule
}

// pathRule is one "paths" entry: pattern "@/*" → targets (absolute, with the "*" kept).
type pathRule struct {
	prefix, suffix string
	wildcard       bool
	targets        []string
}

func (r pathRule) match(spec string) (string, bool) {
	if !r.wildcard {
		return "", spec == r.prefix
	}
	if len(spec) < len(r.prefix)+len(r.suffix) || !strings.HasPrefix(spec, r.prefix) || !strings.HasSuffix(spec, r.suffix) {
		return "", false
	}
	return spec[len(r.prefix) : len(spec)-len(r.suffix)], true
}

// tsconfigFor is the config governing from: the nearest tsconfig.json/jsconfig.json from its
// directory up to its root's directory.
func (pc *projectCache) tsconfigFor(p *project.Project, from *project.File) *tsconfig {
	stop := ""
	if from.Root != nil {
		stop = from.Root.Dir
	}
	dir := filepath.Dir(from.Path)
	pc.mu.Lock()
	path, known := pc.dirConfig[dir]
	pc.mu.Unlock()
	if !known {
		for d := dir; ; d = filepath.Dir(d) {
			for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
				if c := filepath.Join(d, name); fileExists(p, c) {
					path = c
					break
				}
			}
			if path != "" || d == stop || stop == "" || filepath.Dir(d) == d || !strings.HasPrefix(d, stop) {
				break
			}
		}
		pc.mu.Lock()
		pc.dirConfig[dir] = path
		pc.mu.Unlock()
	}
	if path == "" {
		return nil
	}
	return pc.tsconfig(p, path)
}

// tsconfig is the configuration read from the tsconfig or jsconfig file at path (once).
func (pc *projectCache) tsconfig(p *project.Project, path string) *tsconfig {
	pc.mu.Lock()
	cfg, ok := pc.tsconfigs[path]
	pc.mu.Unlock()
	if ok {
		return cfg
	}
	cfg = loadTSConfig(p, path)
	pc.mu.Lock()
	pc.tsconfigs[path] = cfg
	pc.mu.Unlock()
	return cfg
}

func fileExists(p *project.Project, path string) bool {
	if p.File(path) != nil {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

func readConfig(p *project.Project, path string) (shim.Expr, bool) {
	var src string
	if f := p.File(path); f != nil {
		s, err := f.Content()
		if err != nil {
			return shim.Expr{}, false
		}
		src = s
	} else {
		b, err := fsread.File(path, 1<<20)
		if err != nil {
			return shim.Expr{}, false
		}
		src = string(b)
	}
	v, problems := parser.ParseJSON(path, src, true)
	return v, len(problems) == 0
}

// loadTSConfig reads path, its local "extends" chain, and, when the file itself maps nothing
// (Vite's solution-style tsconfig.json), the configs it lists under "references".
func loadTSConfig(p *project.Project, path string) *tsconfig {
	cfg := &tsconfig{}
	applyTSConfig(p, path, cfg, &tsWalk{stack: map[string]bool{}})
	if cfg.baseURL == "" && len(cfg.paths) == 0 {
		root, ok := readConfig(p, path)
		if !ok {
			return cfg
		}
		if refs, _, ok := parser.Prop(root, "references"); ok {
			if arr, ok := refs.Data.(*shim.EArray); ok {
				for _, item := range arr.Items {
					rp, _, ok := parser.Prop(item, "path")
					s, isStr := parser.String(rp)
					if !ok || !isStr {
						continue
					}
					ref := filepath.Join(filepath.Dir(path), filepath.FromSlash(s))
					if !strings.HasSuffix(ref, ".json") {
						ref = filepath.Join(ref, "tsconfig.json")
					}
					sub := &tsconfig{}
					applyTSConfig(p, ref, sub, &tsWalk{stack: map[string]bool{}})
					if sub.baseURL != "" || len(sub.paths) > 0 {
						return sub
					}
				}
			}
		}
	}
	return cfg
}

// tsWalk bounds one extends walk: a config already on the stack is a cycle (tsc rejects it),
// and at most maxTSConfigs configs are applied in all, since an extends array may name the same
// chain several times over (k entries, n levels: k^n applications otherwise).
type tsWalk struct {
	stack   map[string]bool
	applied int
}

const maxTSConfigs = 64

// applyTSConfig applies the config at path onto cfg: first what it extends, then its own
// compilerOptions (each option replaces the inherited one, as in tsc).
func applyTSConfig(p *project.Project, path string, cfg *tsconfig, w *tsWalk) {
	if w.stack[path] || len(w.stack) > maxChain || w.applied >= maxTSConfigs {
		return
	}
	w.applied++
	w.stack[path] = true
	defer delete(w.stack, path)
	root, ok := readConfig(p, path)
	if !ok {
		return
	}
	dir := filepath.Dir(path)
	if ext, _, ok := parser.Prop(root, "extends"); ok {
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
			if !strings.HasSuffix(base, ".json") && !fileExists(p, base) {
				base += ".json"
			}
			applyTSConfig(p, base, cfg, w)
		}
	}
	opts, _, ok := parser.Prop(root, "compilerOptions")
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
	// Targets are relative to baseUrl when there is one, else to the config that lists them.
	rel := cfg.baseURL
	if rel == "" {
		rel = dir
	}
	cfg.paths = cfg.paths[:0:0]
	for _, prop := range obj.Properties {
		k, ok := prop.Key.Data.(*shim.EString)
		arr, isArr := prop.ValueOrNil.Data.(*shim.EArray)
		if !ok || !isArr {
			continue
		}
		pattern := shim.StringValue(k)
		r := pathRule{prefix: pattern}
		if i := strings.IndexByte(pattern, '*'); i >= 0 {
			r.prefix, r.suffix, r.wildcard = pattern[:i], pattern[i+1:], true
		}
		for _, it := range arr.Items {
			if s, ok := parser.String(it); ok {
				r.targets = append(r.targets, filepath.Join(rel, filepath.FromSlash(s)))
			}
		}
		cfg.paths = append(cfg.paths, r)
	}
	// Longest prefix first, as tsc picks the most specific pattern.
	sortPathRules(cfg.paths)
}

func sortPathRules(rs []pathRule) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && len(rs[j].prefix) > len(rs[j-1].prefix); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
