// Package gitignore answers whether a path is ignored by git, with the same answers as
// `git check-ignore --no-index`: nested .gitignore files, .git/info/exclude, negation,
// anchoring, directory-only rules and git's wildmatch globbing.
//
// It exists because the only complete Go implementation lives inside go-git, whose
// dependency tree is far bigger than this linter.
//
// Out of scope: core.excludesFile (the global ignore file) and core.ignoreCase (matching
// is always case-sensitive). The index is not consulted, so tracked files get no special
// treatment, as with --no-index.
package gitignore

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
)

// Matcher answers whether paths under Root are ignored by git's rules.
// It is safe for concurrent use.
type Matcher struct {
	root    string
	exclude []pattern // info/exclude: lowest precedence

	mu   sync.Mutex
	dirs map[string]*dirRules // by slash-separated path relative to root; "" is root
}

// dirRules is one directory's state, filled once on first use.
type dirRules struct {
	once    sync.Once
	noFile  bool // a walker listed the directory and saw no .gitignore (see Listed)
	parent  *dirRules
	ignored bool      // the directory or one of its ancestors is ignored
	rules   []pattern // its .gitignore; left unread when ignored, as git does
}

// New makes a matcher for the tree at root. It reads root/.git/info/exclude when root holds a .git dir,
// and .gitignore files lazily, the first time a path below their directory is asked about.
// A .git file (worktree or submodule) is followed to its git dir, and a worktree's
// info/exclude is taken from the common dir, as git does.
func New(root string) *Matcher {
	m := &Matcher{root: root, dirs: map[string]*dirRules{}}
	if p := infoExclude(root); p != "" {
		if data, err := fsread.File(p, maxIgnoreFile); err == nil {
			m.exclude = parse(data, "")
		}
	}
	return m
}

// Ignored reports whether the slash-separated path relative to the root is ignored; isDir says whether it is a directory.
// It must read any .gitignore files of the path's parent directories that have not been read yet (cache them; safe for concurrent use).
// Pass isDir=false for a symlink, even one to a directory: git does not follow it.
// The root itself and paths outside it are never ignored.
func (m *Matcher) Ignored(rel string, isDir bool) bool {
	rel, ok := clean(rel)
	if !ok {
		return false
	}
	d := m.dir(parent(rel))
	return d.ignored || m.decide(d, rel, isDir)
}

// Listed tells the matcher whether directory rel ("" or "." for Root) holds a .gitignore
// entry, as a walker that has just listed the directory knows: when it does not, no file is
// looked for. It has effect only before the first question about a path in that directory.
func (m *Matcher) Listed(rel string, hasIgnoreFile bool) {
	if rel != "" && rel != "." {
		var ok bool
		if rel, ok = clean(rel); !ok {
			return
		}
	} else {
		rel = ""
	}
	m.mu.Lock()
	d := m.dirs[rel]
	if d == nil {
		d = &dirRules{noFile: !hasIgnoreFile}
		m.dirs[rel] = d
	}
	m.mu.Unlock()
}

// FindRepoRoot walks up from dir to the nearest directory containing .git, which may be
// a directory or, for worktrees and submodules, a file.
func FindRepoRoot(dir string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir, true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

func clean(rel string) (string, bool) {
	if !isClean(rel) {
		rel = path.Clean(rel)
	}
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || strings.HasPrefix(rel, "/") {
		return "", false
	}
	return rel, true
}

// isClean reports a path that path.Clean leaves as it is, other than "." (the walk's paths
// are; cleaning each would cost an allocation).
func isClean(rel string) bool {
	if rel == "" || rel[0] == '/' {
		return false
	}
	for rel != "" {
		elem, rest, more := strings.Cut(rel, "/")
		if elem == "" || elem == "." || elem == ".." || more && rest == "" {
			return false
		}
		rel = rest
	}
	return true
}

func parent(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

func (m *Matcher) dir(rel string) *dirRules {
	m.mu.Lock()
	d := m.dirs[rel]
	if d == nil {
		d = &dirRules{}
		m.dirs[rel] = d
	}
	m.mu.Unlock()
	d.once.Do(func() { m.load(d, rel) })
	return d
}

func (m *Matcher) load(d *dirRules, rel string) {
	if rel != "" {
		d.parent = m.dir(parent(rel))
		// git stops at the first excluded directory: nothing below it, not even its
		// .gitignore, can re-include a path.
		d.ignored = d.parent.ignored || m.decide(d.parent, rel, true)
		if d.ignored {
			return
		}
	}
	if !d.noFile {
		d.rules = readIgnoreFile(filepath.Join(m.root, filepath.FromSlash(rel), ".gitignore"), rel)
	}
}

// decide applies the rules of directory d and its ancestors to rel, a path directly
// inside d: the deepest file first, within a file the last matching line.
func (m *Matcher) decide(d *dirRules, rel string, isDir bool) bool {
	base := rel[strings.LastIndexByte(rel, '/')+1:]
	for ; d != nil; d = d.parent {
		for i := len(d.rules) - 1; i >= 0; i-- {
			if p := &d.rules[i]; p.matches(rel, base, isDir) {
				return !p.negate
			}
		}
	}
	for i := len(m.exclude) - 1; i >= 0; i-- {
		if p := &m.exclude[i]; p.matches(rel, base, isDir) {
			return !p.negate
		}
	}
	return false
}

// maxIgnoreFile bounds every ignore or git pointer file read: far larger than any real one.
const maxIgnoreFile = 1 << 20

// readIgnoreFile reads an in-tree .gitignore. Like git (since 2.32) it refuses a symlink.
func readIgnoreFile(name, base string) []pattern {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, err := fsread.File(name, maxIgnoreFile)
	if err != nil {
		return nil
	}
	return parse(data, base)
}

// infoExclude locates info/exclude in the (common) git dir of root, or returns "".
func infoExclude(root string) string {
	dotgit := filepath.Join(root, ".git")
	fi, err := os.Stat(dotgit)
	if err != nil {
		return ""
	}
	gitDir := dotgit
	if !fi.IsDir() {
		data, err := fsread.File(dotgit, maxIgnoreFile)
		if err != nil {
			return ""
		}
		target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
		if !ok {
			return ""
		}
		gitDir = relativeTo(root, strings.TrimSpace(target))
	}
	// A linked worktree's git dir names the shared one in "commondir".
	if data, err := fsread.File(filepath.Join(gitDir, "commondir"), maxIgnoreFile); err == nil {
		gitDir = relativeTo(gitDir, strings.TrimSpace(string(data)))
	}
	return filepath.Join(gitDir, "info", "exclude")
}

func relativeTo(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// pattern is one parsed line of an ignore file.
type pattern struct {
	glob     string // without '!', a trailing '/', and (when anchored) a leading '/'
	base     string // directory of the ignore file, relative to root
	literal  int    // length of the leading part of glob free of glob characters
	negate   bool
	dirOnly  bool
	anchored bool // had a '/' other than a trailing one: matched against the path below base
}

// parse reads ignore-file lines the way git does: optional UTF-8 BOM, '\n' or "\r\n"
// line ends, '#' comments, and unescaped trailing spaces dropped.
func parse(data []byte, base string) []pattern {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	var out []pattern
	for s != "" {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		line = trimTrailingSpaces(strings.TrimSuffix(line, "\r"))
		if p, ok := newPattern(line, base); ok {
			out = append(out, p)
		}
	}
	return out
}

// trimTrailingSpaces drops trailing ' ' (not tabs) unless backslash-escaped. A line
// ending in a lone backslash is kept whole; that pattern then never matches.
func trimTrailingSpaces(s string) string {
	cut := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if cut < 0 {
				cut = i
			}
		case '\\':
			i++
			if i == len(s) {
				return s
			}
			cut = -1
		default:
			cut = -1
		}
	}
	if cut >= 0 {
		return s[:cut]
	}
	return s
}

func newPattern(line, base string) (pattern, bool) {
	p := pattern{base: base}
	if strings.HasPrefix(line, "!") {
		p.negate = true
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = line[:len(line)-1]
	}
	p.anchored = strings.Contains(line, "/")
	if p.anchored {
		line = strings.TrimPrefix(line, "/")
	}
	if line == "" {
		return p, false // git keeps it, but it can never match
	}
	p.glob = line
	p.literal = len(line)
	for i := 0; i < len(line); i++ {
		if isGlobSpecial(line[i]) {
			p.literal = i
			break
		}
	}
	return p, true
}

// matches applies p to rel, whose last element is base.
func (p *pattern) matches(rel, base string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	if !p.anchored {
		if p.literal == len(p.glob) {
			return p.glob == base
		}
		return wildmatch(p.glob, base, false)
	}
	name := rel
	if p.base != "" {
		if len(rel) <= len(p.base) || rel[len(p.base)] != '/' || !strings.HasPrefix(rel, p.base) {
			return false
		}
		name = rel[len(p.base)+1:]
	}
	// git compares the literal head on its own and globs only the tail, so a "**" that
	// directly follows the head counts as leading: "foo**/bar" matches "foo/bar".
	if !strings.HasPrefix(name, p.glob[:p.literal]) {
		return false
	}
	return wildmatch(p.glob[p.literal:], name[p.literal:], true)
}
