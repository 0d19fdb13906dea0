package analysis

// Package versions as package.json states them: the range of a dependency, read through
// `workspace:`, `catalog:` and `npm:` specifiers, and the question the version-gated rules ask
// of it: does every version the range admits lie at or above a given one? Unknown when the
// range cannot be read (latest, a git URL, a catalog we cannot find): those rules stay silent.

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// Version is a semver version without pre-release or build parts.
type Version struct{ Major, Minor, Patch int }

func (v Version) less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	if v.Minor != w.Minor {
		return v.Minor < w.Minor
	}
	return v.Patch < w.Patch
}

// interval is [lo, hi); hasHi false means unbounded above.
type interval struct {
	lo, hi Version
	hasHi  bool
}

// Range is a parsed npm version range: a union of intervals.
type Range struct {
	alts []interval
	Spec string // the range as written, after the specifier was resolved
}

// AtLeast reports whether every version the range admits is at least v (Yes), none is (No),
// or the range straddles v or cannot be read (Unknown).
func (r Range) AtLeast(v Version) Tri {
	if len(r.alts) == 0 {
		return Unknown
	}
	all, none := true, true
	for _, in := range r.alts {
		if in.lo.less(v) {
			all = false
		}
		if !in.hasHi || v.less(in.hi) {
			none = false
		}
	}
	switch {
	case all:
		return Yes
	case none:
		return No
	}
	return Unknown
}

// ParseRange reads an npm range ("^3.1.0", "~2.16", "3.x", ">=3 <5", "^2 || ^3"); the zero
// Range (AtLeast Unknown) when any part is not understood.
func ParseRange(spec string) Range {
	out := Range{Spec: spec}
	for _, alt := range strings.Split(spec, "||") {
		in, ok := parseComparatorSet(strings.TrimSpace(alt))
		if !ok {
			return Range{Spec: spec}
		}
		out.alts = append(out.alts, in)
	}
	return out
}

func parseComparatorSet(s string) (interval, bool) {
	if s == "" || s == "*" || s == "x" {
		return interval{}, false // any version: nothing to say
	}
	// "1.2.3 - 2.3.4" hyphen ranges
	if a, b, ok := strings.Cut(s, " - "); ok {
		lo, _, okA := parsePartial(strings.TrimSpace(a))
		hi, n, okB := parsePartial(strings.TrimSpace(b))
		if !okA || !okB {
			return interval{}, false
		}
		return interval{lo: lo, hi: bump(hi, n), hasHi: true}, true
	}
	in := interval{}
	first := true
	for _, part := range strings.Fields(normalizeOps(s)) {
		op := part[:len(part)-len(strings.TrimLeft(part, "<>=^~"))]
		v, n, ok := parsePartial(strings.TrimPrefix(part[len(op):], "v"))
		if !ok {
			return interval{}, false
		}
		var c interval
		switch op {
		case "", "=":
			c = interval{lo: v, hi: bump(v, n), hasHi: true}
			if n == 0 {
				return interval{}, false
			}
		case "^":
			c = interval{lo: v, hasHi: true}
			switch {
			case v.Major > 0 || n == 1:
				c.hi = Version{Major: v.Major + 1}
			case v.Minor > 0 || n == 2:
				c.hi = Version{Minor: v.Minor + 1}
			default:
				c.hi = Version{Patch: v.Patch + 1}
			}
		case "~":
			c = interval{lo: v, hasHi: true}
			if n == 1 {
				c.hi = Version{Major: v.Major + 1}
			} else {
				c.hi = Version{Major: v.Major, Minor: v.Minor + 1}
			}
		case ">=":
			c = interval{lo: v}
		case ">":
			c = interval{lo: bump(v, n)}
		case "<":
			c = interval{hi: v, hasHi: true}
		case "<=":
			c = interval{hi: bump(v, n), hasHi: true}
		default:
			return interval{}, false
		}
		if first {
			in, first = c, false
			continue
		}
		// intersect
		if in.lo.less(c.lo) {
			in.lo = c.lo
		}
		if c.hasHi && (!in.hasHi || c.hi.less(in.hi)) {
			in.hi, in.hasHi = c.hi, true
		}
	}
	return in, !first
}

// normalizeOps joins an operator to its version: ">= 3" becomes ">=3".
func normalizeOps(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if strings.IndexByte("<>=^~", s[i]) >= 0 {
			for i+1 < len(s) && s[i+1] == ' ' {
				i++
			}
		}
	}
	return b.String()
}

// parsePartial reads "3", "3.1", "3.1.4", "3.x", "3.1.*" (pre-release and build parts
// dropped); n is how many numeric parts were given.
func parsePartial(s string) (v Version, n int, ok bool) {
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return v, 0, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return v, 0, false
	}
	nums := [3]int{}
	for i, p := range parts {
		if p == "x" || p == "X" || p == "*" {
			break
		}
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return v, 0, false
		}
		nums[i] = x
		n = i + 1
	}
	if n == 0 {
		return v, 0, false
	}
	return Version{nums[0], nums[1], nums[2]}, n, true
}

// bump is the first version after every version matching the n-part partial v.
func bump(v Version, n int) Version {
	switch n {
	case 1:
		return Version{Major: v.Major + 1}
	case 2:
		return Version{Major: v.Major, Minor: v.Minor + 1}
	}
	return Version{v.Major, v.Minor, v.Patch + 1}
}

// depSections are the package.json sections a dependency is looked up in, in order.
var depSections = []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}

// DependencyRange is the version range of package name in root r's package.json, resolved
// through workspace:, catalog: and npm: specifiers; ok is false when r does not list it.
// An unreadable specifier gives a Range whose AtLeast is Unknown.
func DependencyRange(p *project.Project, r *project.Root, name string) (rng Range, ok bool) {
	if r == nil {
		return Range{}, false
	}
	for _, section := range depSections {
		v, found := r.Package.Get(section, name)
		if !found {
			continue
		}
		spec, _ := parser.String(v)
		return resolveSpec(p, r, name, strings.TrimSpace(spec)), true
	}
	return Range{}, false
}

// PackageAtLeast answers "is name at version v or later" for root r: Unknown when r does not
// list the package or its range is not known.
func PackageAtLeast(p *project.Project, r *project.Root, name string, v Version) Tri {
	rng, ok := DependencyRange(p, r, name)
	if !ok {
		return Unknown
	}
	return rng.AtLeast(v)
}

func resolveSpec(p *project.Project, r *project.Root, name, spec string) Range {
	switch {
	case strings.HasPrefix(spec, "npm:"):
		// npm:@scope/pkg@^3 (an alias): the range after the last @
		alias := strings.TrimPrefix(spec, "npm:")
		if i := strings.LastIndexByte(alias, '@'); i > 0 {
			return ParseRange(alias[i+1:])
		}
		return Range{Spec: spec}
	case strings.HasPrefix(spec, "workspace:"):
		rest := strings.TrimPrefix(spec, "workspace:")
		if rest != "*" && rest != "^" && rest != "~" && !strings.Contains(rest, "/") {
			return ParseRange(rest)
		}
		// workspace:* : the version of the workspace package itself
		for _, wr := range p.Roots {
			if n, ok := wr.Package.Get("name"); ok {
				if s, _ := parser.String(n); s == name {
					if ver, ok := wr.Package.Get("version"); ok {
						if vs, ok := parser.String(ver); ok {
							return ParseRange(vs)
						}
					}
				}
			}
		}
		return Range{Spec: spec}
	case strings.HasPrefix(spec, "catalog:"):
		if s, ok := catalogEntry(p, r, strings.TrimSpace(strings.TrimPrefix(spec, "catalog:")), name); ok {
			return ParseRange(s)
		}
		return Range{Spec: spec}
	}
	return ParseRange(spec)
}

// catalogEntry finds a package's range in a named catalog ("" or "default" for the default
// one): pnpm-workspace.yaml (`catalog:` / `catalogs:`) in r or a root above it, else the
// `catalog`/`catalogs` of a root package.json (Bun, also under `workspaces`).
func catalogEntry(p *project.Project, r *project.Root, catalog, name string) (string, bool) {
	if catalog == "default" {
		catalog = ""
	}
	for _, wr := range p.Roots {
		if wr.Dir != r.Dir && !strings.HasPrefix(r.Dir, wr.Dir+string(filepath.Separator)) {
			continue
		}
		if f := p.File(filepath.Join(wr.Dir, "pnpm-workspace.yaml")); f != nil {
			if src, err := f.Content(); err == nil {
				if s, ok := pnpmCatalog(src, catalog, name); ok {
					return s, true
				}
			}
		}
		for _, prefix := range [][]string{nil, {"workspaces"}} {
			keys := append(append([]string{}, prefix...), "catalog", name)
			if catalog != "" {
				keys = append(append([]string{}, prefix...), "catalogs", catalog, name)
			}
			if v, ok := wr.Package.Get(keys...); ok {
				if s, ok := parser.String(v); ok {
					return s, true
				}
			}
		}
	}
	return "", false
}

// pnpmCatalog reads one entry of pnpm-workspace.yaml's catalogs: the block-style YAML pnpm
// documents (`catalog:` with `name: range` lines, `catalogs:` with one block per catalog).
func pnpmCatalog(src, catalog, name string) (string, bool) {
	section := ""   // the top-level key we are in
	sub := ""       // under catalogs: the catalog name
	subIndent := -1 // indent of catalog names under catalogs:
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		key, val, ok := yamlPair(trimmed)
		if !ok {
			continue
		}
		if indent == 0 {
			section, sub, subIndent = key, "", -1
			continue
		}
		switch section {
		case "catalog":
			if catalog == "" && key == name && val != "" {
				return val, true
			}
		case "catalogs":
			if subIndent < 0 || indent <= subIndent {
				sub, subIndent = key, indent
				continue
			}
			if sub == catalog && key == name && val != "" {
				return val, true
			}
		}
	}
	return "", false
}

// yamlPair splits `key: value` with optional quotes on either side.
func yamlPair(s string) (key, val string, ok bool) {
	var rest string
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", false
		}
		key, rest = s[1:end+1], s[end+2:]
		if !strings.HasPrefix(rest, ":") {
			return "", "", false
		}
		rest = rest[1:]
	} else {
		k, r, found := strings.Cut(s, ":")
		if !found {
			return "", "", false
		}
		key, rest = strings.TrimSpace(k), r
	}
	val = strings.TrimSpace(rest)
	if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
		val = val[1 : len(val)-1]
	}
	return key, val, true
}
