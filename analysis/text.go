package analysis

import (
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// The fixed words the analyses look for in a file's text before parsing it (the graph's seeds,
// the files with a ConvexProviderWithAuth or a useAuth). A whole-project run asks about most
// files, several words each: one pass of parser.Words per file answers them all, and the
// answer is kept in the file's Memo.

// seedWords select the files the graph starts from: those that mention a Convex or WorkOS
// client package (@workos/ is the scope of the TanStack Start kit).
var seedWords = []string{"convex/react", "@workos-inc/", "@workos/", "@convex-dev/", "convex-helpers", "convex/browser"}

var (
	textWords = append(append([]string(nil), seedWords...), "ConvexProviderWithAuth", "useAuth", AuthKitNext,
		"fetchAccessToken", "setAuth", "isAuthenticated", "isRefreshing", "AuthKitProvider", "ConvexProvider")
	textIndex = func() map[string]int {
		m := map[string]int{}
		for i, w := range textWords {
			m[w] = i
		}
		return m
	}()
	textScanner = parser.NewWords(textWords)
)

type textKey struct{}

// textOf is which of textWords f's content holds; nil when it cannot be read.
func textOf(f *project.File) parser.Found {
	found, _ := f.Memo(textKey{}, func() any {
		src, err := f.Content()
		if err != nil {
			return parser.Found(nil)
		}
		return textScanner.Find(src)
	}).(parser.Found)
	return found
}

// TextScanner looks for a caller's words (the engine's trigger words) and the analyses' own in
// one pass over a file: the analyses' part is kept in the file's Memo, so that Mentions and
// the graph's seeds need no pass of their own over the files the engine has read.
type TextScanner struct {
	n     int // the caller's words come first
	words *parser.Words
}

// NewTextScanner makes a scanner for words and the analyses' words.
func NewTextScanner(words []string) *TextScanner {
	all := append(append([]string(nil), words...), textWords...)
	return &TextScanner{n: len(words), words: parser.NewWords(all)}
}

// Scan reports which of the scanner's words src, the content of f, holds: Has(i) for
// words[i]. It notes the analyses' words for f.
func (s *TextScanner) Scan(f *project.File, src string) parser.Found {
	found := s.words.Find(src)
	f.Memo(textKey{}, func() any {
		own := make(parser.Found, (len(textWords)+63)/64)
		for i := range textWords {
			if found.Has(s.n + i) {
				own[i/64] |= 1 << (i % 64)
			}
		}
		return own
	})
	return found
}

// Mentions reports whether f's content holds word, which must be one of the words the
// analyses look for (a seed word, ConvexProviderWithAuth, useAuth, authkit-nextjs,
// fetchAccessToken, setAuth, isAuthenticated, isRefreshing): it answers from one scan of the
// file for all of them.
func Mentions(f *project.File, word string) bool { return mentions(f, word) }

func mentions(f *project.File, word string) bool {
	i, ok := textIndex[word]
	if !ok {
		panic("analysis: " + word + " is not one of textWords")
	}
	found := textOf(f)
	return found != nil && found.Has(i)
}

// isSeedText reports whether f's content mentions a seed word.
func isSeedText(f *project.File) bool {
	found := textOf(f)
	if found == nil {
		return false
	}
	for i := range seedWords {
		if found.Has(i) {
			return true
		}
	}
	return false
}

// ReleaseAST drops f's parsed tree when the graph will not start from f (it is not a seed) and
// nothing derived from the tree is cached: the engine parses the files its per-file checks need
// and, once they have run, the ASTs of the others need not stay alive until the end of the run
// (a project check that reaches the file parses it again).
func ReleaseAST(f *project.File) bool {
	return !isSeedText(f) && f.ReleaseAST(textKey{}, hookTailsKey{}, importSpecsKey{})
}

// ReleaseText drops the content of a file that holds none of the words the checks and
// analyses look for (the engine asks, between its passes), keeping what ContainsAnyKeyIn
// needs to answer hook names, and the import graph its specifiers, without reading it again.
func ReleaseText(f *project.File) bool {
	src, err := f.Content()
	if err != nil {
		return false
	}
	f.Memo(hookTailsKey{}, func() any { return hookTailsOf(src) })
	if f.Kind == project.KindJS {
		importSpecsOf(f)
	}
	return f.ReleaseContent()
}

type hookTailsKey struct{}

// hookTails are the identifier characters after each "use" of a text: `useFoo` occurs in it
// exactly when some tail starts with "Foo" (an identifier's characters never cross the end
// of the run). Only tails that start as a hook name's do (IsHookName) are kept.
type hookTails struct {
	anyUse bool
	tails  []string
}

func hookTailsOf(src string) *hookTails {
	h := &hookTails{}
	seen := map[string]bool{}
	for i := 0; ; {
		j := strings.Index(src[i:], "use")
		if j < 0 {
			break
		}
		h.anyUse = true
		start := i + j + 3
		end := start
		for end < len(src) && isIdentByte(src[end]) {
			end++
		}
		if end > start && (src[start] >= 'A' && src[start] <= 'Z' || src[start] >= '0' && src[start] <= '9') && !seen[src[start:end]] {
			seen[src[start:end]] = true
			h.tails = append(h.tails, strings.Clone(src[start:end]))
		}
		i += j + 1
	}
	return h
}

// ContainsAnyKeyIn is ContainsAnyKey on f's content; for a file whose text the engine
// dropped (ReleaseText) it answers hook names (IsHookName) from what was kept, and reads the
// file again only for other names.
func ContainsAnyKeyIn(f *project.File, words map[string]bool) bool {
	if len(words) == 0 {
		return false
	}
	if f.Released() {
		h := f.Memo(hookTailsKey{}, func() any {
			src, _ := f.Content()
			return hookTailsOf(src)
		}).(*hookTails)
		known := true
		for w := range words {
			if !IsHookName(w) || strings.IndexFunc(w, func(r rune) bool { return r < 0x80 && !isIdentByte(byte(r)) }) >= 0 {
				known = false
				break
			}
			if w == "use" {
				if h.anyUse {
					return true
				}
				continue
			}
			for _, t := range h.tails {
				if strings.HasPrefix(t, w[3:]) {
					return true
				}
			}
		}
		if known {
			return false
		}
	}
	src, err := f.Content()
	return err == nil && ContainsAnyKey(src, words)
}
