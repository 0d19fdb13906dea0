// Package project is the linter's model of the code it looks at: the files found under the
// lint paths, the project roots (package.json directories) with their dependencies,
// convex.json, Convex functions directories, env files and auth configs.
package project

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	shim "github.com/evanw/esbuild/shim"
)

// Kind classifies a file by name.
type Kind uint8

const (
	KindJS   Kind = 1 << iota // .ts .tsx .mts .cts .js .jsx .mjs .cjs
	KindEnv                   // .env, .env.*
	KindJSON                  // *.json
	KindText                  // .yml .yaml .toml: committed config that may hold keys
)

// KindOf classifies a path; ok is false for files the linter never reads.
func KindOf(path string) (Kind, bool) {
	base := filepath.Base(path)
	if base == ".env" || strings.HasPrefix(base, ".env.") {
		return KindEnv, true
	}
	if parser.IsJS(path) {
		if strings.HasSuffix(base, ".d.ts") || strings.HasSuffix(base, ".d.mts") || strings.HasSuffix(base, ".d.cts") {
			return 0, false // declarations only: nothing runs
		}
		return KindJS, true
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".json":
		return KindJSON, true
	case ".yml", ".yaml", ".toml":
		return KindText, true
	}
	return 0, false
}

// MaxFileSize is the largest file the linter reads by default (the config's maxFileSize changes
// it); larger ones are generated or bundled code.
const MaxFileSize = 4 << 20

// MaxFileSizeLimit is the largest maxFileSize a config may set: a file is held in memory whole.
const MaxFileSizeLimit = 256 << 20

// File is one file of the project. Its content and AST are loaded on first use and cached,
// so files that cross-file rules reach through imports cost nothing until a rule asks.
type File struct {
	Path string // absolute, OS separators
	Rel  string // slash-separated, relative to the project's base directory
	Kind Kind
	Root *Root // the deepest project root holding the file; nil outside any

	contentMu sync.Mutex // guards the fields below: ReleaseContent may run while others read
	loaded    bool
	content   string
	loadErr   error
	fixed     bool  // content set by SetContent: never released
	released  bool  // ReleaseContent dropped the content once
	limit     int64 // the size cap; 0 for MaxFileSize
	// walkedRegular: the walk listed a regular file here, not a symlink (see readFile).
	walkedRegular bool
	tooLarge      bool // loadErr is the size cap

	parseOnce sync.Once
	tree      *shim.AST
	problems  []parser.Problem

	linesOnce sync.Once
	lines     *parser.Lines

	memo memo
}

// SetContent fixes the file's content (an editor's unsaved buffer read from stdin).
func (f *File) SetContent(s string) {
	f.contentMu.Lock()
	defer f.contentMu.Unlock()
	f.loaded, f.content, f.loadErr, f.fixed = true, s, nil, true
}

// ReleaseContent drops the content of a file read from disk, so that the next Content()
// reads it again, unless it is an editor's buffer or an overlay (SetContent). It reports
// whether the content was dropped. The engine calls it on files whose text holds none of the
// words any check or analysis looks for: they are most of a large repository, nothing reads
// them again, and the text of a whole repository need not be in memory at once.
func (f *File) ReleaseContent() bool {
	f.contentMu.Lock()
	defer f.contentMu.Unlock()
	if f.fixed || !f.loaded || f.loadErr != nil {
		return false
	}
	f.loaded, f.content, f.released = false, "", true
	return true
}

// Released reports whether ReleaseContent dropped the content (it may have been read again).
func (f *File) Released() bool {
	f.contentMu.Lock()
	defer f.contentMu.Unlock()
	return f.released
}

// Content reads the file once (again after ReleaseContent). Binary files (looksBinary) and
// huge files are errors.
func (f *File) Content() (string, error) {
	f.contentMu.Lock()
	defer f.contentMu.Unlock()
	if f.loaded {
		return f.content, f.loadErr
	}
	f.loaded = true
	b, err := readFile(f.Path, f.limit, f.walkedRegular)
	if err != nil {
		var tooLarge *fsread.TooLargeError
		f.tooLarge = errors.As(err, &tooLarge)
		f.loadErr = errors.New(fsread.Describe(err))
		return "", f.loadErr
	}
	if looksUTF16(b) {
		f.loadErr = errors.New("skipped: UTF-16 text; save it as UTF-8 to have it linted (Node.js, Next.js and Vite read source and .env files as UTF-8)")
		return "", f.loadErr
	}
	if looksBinary(b) {
		f.loadErr = errors.New("skipped: binary file")
		return "", f.loadErr
	}
	// The buffer is never written again: the string shares it rather than copy it.
	f.content = unsafe.String(unsafe.SliceData(b), len(b))
	return f.content, nil
}

// binarySample is how much of a file looksBinary reads, as git does.
const binarySample = 8000

// looksBinary reports content that is not text: a NUL byte in the first binarySample bytes
// of a sample that is not valid UTF-8, or NULs that make up a quarter of it (UTF-16 text,
// zero-filled blobs). A NUL written raw inside a string literal of valid UTF-8 source is
// text: JavaScript allows it, and esbuild parses it.
func looksBinary(b []byte) bool {
	s := b[:min(len(b), binarySample)]
	nul := bytes.Count(s, []byte{0})
	if nul == 0 {
		return false
	}
	if nul*4 > len(s) {
		return true
	}
	if i := lastRuneStart(s); len(s) < len(b) && i >= 0 && !utf8.FullRune(s[i:]) {
		s = s[:i] // the sample ends inside a character
	}
	return !utf8.Valid(s)
}

// looksUTF16 reports UTF-16 text: a byte-order mark, or (without one) mostly ASCII whose every
// other byte is NUL, as editors on Windows save it.
func looksUTF16(b []byte) bool {
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return true
	}
	s := b[:min(len(b), binarySample)&^1]
	if len(s) < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < len(s); i += 2 {
		if s[i] == 0 {
			even++
		}
		if s[i+1] == 0 {
			odd++
		}
	}
	half := len(s) / 2
	return even*10 >= half*9 && odd == 0 || odd*10 >= half*9 && even == 0
}

// lastRuneStart is the index of the last byte of s that starts a UTF-8 sequence, -1 if none.
func lastRuneStart(s []byte) int {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			return i
		}
	}
	return -1
}

// readFile reads a regular file of at most limit bytes (MaxFileSize when 0); walked says the
// walk saw a regular file there (not a symlink), which needs no Stat before the open.
func readFile(path string, limit int64, walked bool) ([]byte, error) {
	if limit <= 0 {
		limit = MaxFileSize
	}
	if walked {
		return fsread.Walked(path, limit)
	}
	return fsread.File(path, limit)
}

// TooLarge reports a file that Content refused for the size cap (it reads the file).
func (f *File) TooLarge() bool {
	f.Content()
	f.contentMu.Lock()
	defer f.contentMu.Unlock()
	return f.tooLarge
}

// AST parses a JS/TS file once; nil with problems on syntax errors or for other kinds.
func (f *File) AST() (*shim.AST, []parser.Problem) {
	f.parseOnce.Do(func() {
		if f.Kind != KindJS {
			return
		}
		src, err := f.Content()
		if err != nil {
			return
		}
		f.tree, f.problems = parser.ParseJS(f.Path, src)
	})
	return f.tree, f.problems
}

// ReleaseAST drops the cached tree, so that the next AST() parses again, unless facts derived
// from it may be cached: an entry in the file's Memo under a key other than those in keep
// (which must not hold the tree). It reports whether the tree was dropped. Call it only while
// no other goroutine uses f: between the engine's passes.
func (f *File) ReleaseAST(keep ...any) bool {
	if f.tree == nil {
		return false
	}
	derived := false
	f.memo.m.Range(func(k, _ any) bool {
		for _, x := range keep {
			if k == x {
				return true
			}
		}
		derived = true
		return false
	})
	if derived {
		return false
	}
	f.parseOnce = sync.Once{}
	f.tree, f.problems = nil, nil
	return true
}

// Lines indexes the file's lines once.
func (f *File) Lines() *parser.Lines {
	f.linesOnce.Do(func() {
		src, _ := f.Content()
		f.lines = parser.NewLines(src)
	})
	return f.lines
}
