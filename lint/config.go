// Package lint runs the rules over a project: configuration, the file pass with its prefilter
// and worker pool, project checks, suppressions, and the final ordering of diagnostics.
package lint

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
	shim "github.com/evanw/esbuild/shim"
)

// ConfigFileName is looked up in the base directory and its ancestors.
const ConfigFileName = ".convex-workos-lint.json"

// Config is the parsed .convex-workos-lint.json (JSON with comments).
type Config struct {
	Path     string                    // empty when no file was found
	Dir      string                    // directory the globs and env files are relative to
	Rules    map[string]rules.Severity // overrides of default severities
	Ignore   []string                  // doublestar globs, relative to Dir
	EnvFiles []string                  // absolute paths
	// MaxFileSize is the size cap in bytes (0: project.MaxFileSize): a larger file is not read
	// whole, only scanned for keys.
	MaxFileSize int64
	// nested, when set, finds a nearer config for each linted file (FindConfig); nil for --config,
	// which applies to every file.
	nested *nestedConfigs
}

type nestedConfigs struct {
	mu    sync.Mutex
	byDir map[string]*Config // directory → the config that applies in it
	err   error              // the first nested config that failed to load
}

// FindConfig looks for ConfigFileName in dir and its ancestors; an empty Config when none. The
// result finds nested configs too: see For.
func FindConfig(dir string) (*Config, error) {
	cfg := &Config{Dir: dir}
	for d := dir; ; d = filepath.Dir(d) {
		path := filepath.Join(d, ConfigFileName)
		if _, err := os.Stat(path); err == nil {
			c, err := LoadConfig(path)
			if err != nil {
				return nil, err
			}
			cfg = c
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	cfg.nested = &nestedConfigs{byDir: map[string]*Config{}}
	return cfg, nil
}

// For is the config of the file or directory at path (absolute): the nearest ConfigFileName in
// a directory above it, up to the repository root (the directory holding .git) or c's own
// directory, as ESLint's and oxlint's nested configs; c when there is none nearer, or when c
// came from --config. A nested config replaces c, it does not merge with it (as oxlint's).
func (c *Config) For(path string) *Config {
	if c.nested == nil || path == "" {
		return c
	}
	return c.forDir(filepath.Dir(path))
}

func (c *Config) forDir(dir string) *Config {
	n := c.nested
	n.mu.Lock()
	found, ok := n.byDir[dir]
	n.mu.Unlock()
	if ok {
		return found
	}
	found = c
	if dir != c.Dir && filepath.Dir(dir) != dir {
		if _, err := os.Stat(filepath.Join(dir, ConfigFileName)); err == nil {
			loaded, err := LoadConfig(filepath.Join(dir, ConfigFileName))
			if err != nil {
				n.mu.Lock()
				if n.err == nil {
					n.err = err
				}
				n.mu.Unlock()
			} else {
				found = loaded
			}
		} else if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
			found = c.forDir(filepath.Dir(dir))
		}
	}
	n.mu.Lock()
	n.byDir[dir] = found
	n.mu.Unlock()
	return found
}

// Err is the first error of a nested config that For met (its findings are then incomplete).
func (c *Config) Err() error {
	if c.nested == nil {
		return nil
	}
	c.nested.mu.Lock()
	defer c.nested.mu.Unlock()
	return c.nested.err
}

// LoadConfig reads a config file; errors name the file, line and column.
func LoadConfig(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	b, err := fsread.File(abs, 1<<20)
	if err != nil {
		return nil, fmt.Errorf("config %s: %s", path, fsread.Describe(err))
	}
	return parseConfig(path, abs, string(b))
}

// parseConfig reads the text src of the config at abs; errors name it as path.
func parseConfig(path, abs, src string) (*Config, error) {
	cfg := &Config{Path: abs, Dir: filepath.Dir(abs), Rules: map[string]rules.Severity{}}
	lines := parser.NewLines(src)
	fail := func(off int, format string, args ...any) error {
		line, col := lines.Position(off)
		return fmt.Errorf("config %s:%d:%d: %s", path, line, col, fmt.Sprintf(format, args...))
	}
	value, problems := parser.ParseJSON(abs, src, true)
	if len(problems) > 0 {
		return nil, fail(problems[0].Offset, "%s", problems[0].Text)
	}
	obj, ok := value.Data.(*shim.EObject)
	if !ok {
		return nil, fail(int(value.Loc.Start), "the config must be a JSON object")
	}
	for _, prop := range obj.Properties {
		key, _ := parser.String(prop.Key)
		v := prop.ValueOrNil
		at := int(v.Loc.Start)
		switch key {
		case "$schema":
		case "rules":
			ro, ok := v.Data.(*shim.EObject)
			if !ok {
				return nil, fail(at, `"rules" must be an object of rule IDs to "off", "warn" or "error"`)
			}
			for _, rp := range ro.Properties {
				id, _ := parser.String(rp.Key)
				if _, known := rules.Lookup(id); !known {
					return nil, fail(int(rp.Key.Loc.Start), "unknown rule %q (run `convex-workos-lint rules` for the list)", id)
				}
				s, _ := parser.String(rp.ValueOrNil)
				sev, err := rules.ParseSeverity(s)
				if err != nil {
					return nil, fail(int(rp.ValueOrNil.Loc.Start), "rule %q: %v", id, err)
				}
				cfg.Rules[id] = sev
			}
		case "ignore", "envFiles":
			list, err := stringList(v)
			if err != nil {
				return nil, fail(at, "%q: %v", key, err)
			}
			if key == "ignore" {
				for _, g := range list {
					if !doublestar.ValidatePattern(g) {
						return nil, fail(at, "ignore: invalid glob %q", g)
					}
				}
				cfg.Ignore = list
			} else {
				items := v.Data.(*shim.EArray).Items
				for i, e := range list {
					// A committed config is shared by every checkout: an absolute path names one
					// machine's file (filepath.Join used to rebase it silently under Dir).
					if absolutePath(e) {
						return nil, fail(int(items[i].Loc.Start), "envFiles: %q is an absolute path; name the file relative to this config", e)
					}
					cfg.EnvFiles = append(cfg.EnvFiles, filepath.Join(cfg.Dir, filepath.FromSlash(e)))
				}
			}
		case "maxFileSize":
			n, ok := v.Data.(*shim.ENumber)
			if !ok || n.Value != math.Trunc(n.Value) || n.Value < 1 || n.Value > project.MaxFileSizeLimit {
				return nil, fail(at, "maxFileSize must be a whole number of bytes from 1 to %d (256 MiB); the default is %d (4 MiB)", project.MaxFileSizeLimit, project.MaxFileSize)
			}
			cfg.MaxFileSize = int64(n.Value)
		default:
			return nil, fail(int(prop.Key.Loc.Start), "unknown key %q (known: rules, ignore, envFiles, maxFileSize)", key)
		}
	}
	return cfg, nil
}

// absolutePath reports a path that is absolute or rooted on some OS: /x, \\x, \x, C:\x, C:/x (the same
// config is read on every OS).
func absolutePath(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || filepath.IsAbs(p) {
		return true
	}
	return len(p) >= 3 && p[1] == ':' && (p[2] == '/' || p[2] == '\\') && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z')
}

func stringList(v shim.Expr) ([]string, error) {
	arr, ok := v.Data.(*shim.EArray)
	if !ok {
		return nil, fmt.Errorf("must be an array of strings")
	}
	var out []string
	for _, item := range arr.Items {
		s, ok := parser.String(item)
		if !ok {
			return nil, fmt.Errorf("must be an array of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

// Severity is the effective severity of a rule.
func (c *Config) Severity(r *rules.Rule) rules.Severity {
	if s, ok := c.Rules[r.ID]; ok {
		return s
	}
	return r.Severity
}

// Ignored reports whether a path (absolute) matches one of the ignore globs.
func (c *Config) Ignored(path string, isDir bool) bool {
	if len(c.Ignore) == 0 {
		return false
	}
	rel, err := filepath.Rel(c.Dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Ignore {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		if isDir {
			if ok, _ := doublestar.Match(g, rel+"/"); ok {
				return true
			}
		}
	}
	return false
}

// IgnoresPath reports whether the ignore globs of path's config match the file or directory at
// path (absolute), itself or through a parent directory: what --force-exclude skips for files
// that pre-commit and editors name one by one, which the walk honouring the globs never sees.
func IgnoresPath(cfg *Config, path string) bool {
	info, err := os.Stat(path)
	isDir := err == nil && info.IsDir()
	fc := cfg.For(path)
	for d := path; ; d = filepath.Dir(d) {
		if fc.Ignored(d, d != path || isDir) {
			return true
		}
		if d == fc.Dir || filepath.Dir(d) == d {
			return false
		}
	}
}
