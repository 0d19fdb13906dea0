package lint

import (
	"strings"
	"sync/atomic"
)

// triggers indexes the active rules' trigger words once per run. Each file is then scanned
// at most once per distinct word, and only for the words that some rule applying to it needs:
// many rules share words (api.workos.com, useAuth), and scanning is most of a run's CPU.
type triggers struct {
	words []string
	index map[string]int
	// seen records, for the project checks' gate, which words occur in some lint target.
	seen []atomic.Bool
	gate []int // indices of the words project checks are gated on
}

func newTriggers(active []activeRule) *triggers {
	t := &triggers{index: map[string]int{}}
	add := func(w string) int {
		i, ok := t.index[w]
		if !ok {
			i = len(t.words)
			t.index[w] = i
			t.words = append(t.words, w)
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
	t.seen = make([]atomic.Bool, len(t.words))
	return t
}

// fileScan memoizes which words one file's content holds.
type fileScan struct {
	t     *triggers
	src   string
	state []int8 // 0 unknown, 1 present, -1 absent
}

func (t *triggers) scan(src string) *fileScan {
	return &fileScan{t: t, src: src, state: make([]int8, len(t.words))}
}

func (s *fileScan) has(i int) bool {
	if s.state[i] == 0 {
		s.state[i] = -1
		if strings.Contains(s.src, s.t.words[i]) {
			s.state[i] = 1
		}
	}
	return s.state[i] == 1
}

// any reports whether the file holds one of words (all registered); true when words is empty.
func (s *fileScan) any(words []string) bool {
	if len(words) == 0 {
		return true
	}
	for _, w := range words {
		if s.has(s.t.index[w]) {
			return true
		}
	}
	return false
}

// recordGate notes the gate words this lint target holds that no earlier target held.
func (s *fileScan) recordGate() {
	for _, i := range s.t.gate {
		if !s.t.seen[i].Load() && s.has(i) {
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
