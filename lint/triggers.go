package lint

import (
	"sync/atomic"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// triggers indexes the active rules' trigger words once per run. Each file is then scanned
// once for all of them and the analyses' words (analysis.TextScanner, parser.Words): many
// rules share words (api.workos.com, useAuth), and scanning was most of a run's CPU.
type triggers struct {
	words *analysis.TextScanner
	index map[string]int
	// seen records, for the project checks' gate, which words occur in some lint target.
	seen      []atomic.Bool
	gate      []int // indices of the words project checks are gated on
	directive int   // index of the suppression comments' prefix
}

func newTriggers(active []activeRule) *triggers {
	t := &triggers{index: map[string]int{}}
	var words []string
	add := func(w string) int {
		i, ok := t.index[w]
		if !ok {
			i = len(words)
			t.index[w] = i
			words = append(words, w)
		}
		return i
	}
	gate := map[int]bool{}
	for _, a := range active {
		for _, w := range a.rule.Triggers {
			i := add(w)
			if a.rule.CheckProject != nil && !gate[i] {
				gate[i] = true
				t.gate = append(t.gate, i)
			}
		}
	}
	t.directive = add(directivePrefix)
	t.words = analysis.NewTextScanner(words)
	t.seen = make([]atomic.Bool, len(words))
	return t
}

// fileScan is which words one file's content holds.
type fileScan struct {
	t     *triggers
	found parser.Found
}

func (t *triggers) scan(f *project.File, src string) *fileScan {
	return &fileScan{t: t, found: t.words.Scan(f, src)}
}

// none reports a file that holds none of the words: no check, analysis or suppression
// comment has anything to look for in it.
func (s *fileScan) none() bool {
	for _, w := range s.found {
		if w != 0 {
			return false
		}
	}
	return true
}

// mayHaveSuppressions reports whether the file mentions the suppression comments' prefix.
func (s *fileScan) mayHaveSuppressions() bool { return s.found.Has(s.t.directive) }

// any reports whether the file holds one of words (all registered); true when words is empty.
func (s *fileScan) any(words []string) bool {
	if len(words) == 0 {
		return true
	}
	for _, w := range words {
		if s.found.Has(s.t.index[w]) {
			return true
		}
	}
	return false
}

// recordGate notes the gate words this lint target holds that no earlier target held.
func (s *fileScan) recordGate() {
	for _, i := range s.t.gate {
		if !s.t.seen[i].Load() && s.found.Has(i) {
			s.t.seen[i].Store(true)
		}
	}
}

// gateOpen reports whether a project check with these triggers should run: some lint target
// holds one of them (a check without triggers always runs).
func (t *triggers) gateOpen(words []string) bool {
	if len(words) == 0 {
		return true
	}
	for _, w := range words {
		if t.seen[t.index[w]].Load() {
			return true
		}
	}
	return false
}
