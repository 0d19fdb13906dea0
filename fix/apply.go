// Package fix applies the fixes that rules attach to their findings: it picks the fixes of
// one pass that do not overlap, applies their edits by byte offset, lints the result again
// until nothing is left to apply, prints unified diffs and writes files atomically.
package fix

import (
	"fmt"
	"sort"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// Taken is a fix chosen for a pass, with the finding it repairs.
type Taken struct {
	Diagnostic *rules.Diagnostic
	Fix        rules.Fix
}

// Selection is what one pass applies: the chosen fixes and the edits of each file.
type Selection struct {
	Taken []Taken
	Edits map[string][]rules.Edit // by absolute path, in no particular order
	// Deferred counts fixes left for a later pass because they overlap a chosen one.
	Deferred int
}

// Select chooses, in the order of diags, each diagnostic's first fix when every edit of it
// lies in a file that allow accepts, is within that file's bounds (size gives the length of
// a file's current content) and overlaps no edit chosen before. A fix is taken whole or not at
// all: its edits may span several files. A fix whose edits were all chosen already (two
// findings with the same repair) counts as taken and adds nothing.
func Select(diags []rules.Diagnostic, allow func(path string) bool, size func(path string) (int, bool)) Selection {
	sel := Selection{Edits: map[string][]rules.Edit{}}
	for i := range diags {
		d := &diags[i]
		if len(d.Fixes) == 0 {
			continue
		}
		fx := d.Fixes[0]
		if len(fx.Edits) == 0 || !valid(fx, allow, size) {
			continue
		}
		fresh, conflict := 0, false
		for _, e := range fx.Edits {
			switch overlapsAny(e, sel.Edits[e.Path]) {
			case same:
			case clash:
				conflict = true
			default:
				fresh++
			}
		}
		if conflict || overlapsItself(fx.Edits) {
			sel.Deferred++
			continue
		}
		sel.Taken = append(sel.Taken, Taken{Diagnostic: d, Fix: fx})
		if fresh == 0 {
			continue
		}
		for _, e := range fx.Edits {
			if overlapsAny(e, sel.Edits[e.Path]) == none {
				sel.Edits[e.Path] = append(sel.Edits[e.Path], e)
			}
		}
	}
	return sel
}

func valid(fx rules.Fix, allow func(string) bool, size func(string) (int, bool)) bool {
	for _, e := range fx.Edits {
		n, ok := size(e.Path)
		if !ok || !allow(e.Path) || e.StartOffset < 0 || e.StartOffset > e.EndOffset || e.EndOffset > n {
			return false
		}
	}
	return true
}

type overlap uint8

const (
	none  overlap = iota
	same          // an identical edit is already chosen
	clash         // the edits touch the same bytes, or insert at the same place
)

func overlapsAny(e rules.Edit, chosen []rules.Edit) overlap {
	for _, c := range chosen {
		if c.StartOffset == e.StartOffset && c.EndOffset == e.EndOffset && c.NewText == e.NewText {
			return same
		}
		if conflicts(c, e) {
			return clash
		}
	}
	return none
}

// conflicts reports edits whose order would change the result: ranges that share a byte, two
// insertions at one offset, or an insertion strictly inside a replaced range. An insertion at
// either end of a replacement is applied before or after it, which is unambiguous.
func conflicts(a, b rules.Edit) bool {
	if a.StartOffset == a.EndOffset && b.StartOffset == b.EndOffset {
		return a.StartOffset == b.StartOffset
	}
	return a.StartOffset < b.EndOffset && b.StartOffset < a.EndOffset
}

func overlapsItself(edits []rules.Edit) bool {
	for i := range edits {
		for j := i + 1; j < len(edits); j++ {
			if edits[i].Path == edits[j].Path && conflicts(edits[i], edits[j]) {
				return true
			}
		}
	}
	return false
}

// Apply returns src with edits applied. The edits must not conflict (Select guarantees it);
// their offsets are into src.
func Apply(src string, edits []rules.Edit) (string, error) {
	es := append([]rules.Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].StartOffset != es[j].StartOffset {
			return es[i].StartOffset < es[j].StartOffset
		}
		return es[i].EndOffset < es[j].EndOffset // an insertion before the replacement it touches
	})
	out := make([]byte, 0, len(src))
	at := 0
	for i, e := range es {
		if e.StartOffset < at || e.EndOffset > len(src) || e.StartOffset > e.EndOffset || i > 0 && conflicts(es[i-1], e) {
			return "", fmt.Errorf("edit [%d,%d) overlaps another or lies outside the file", e.StartOffset, e.EndOffset)
		}
		out = append(out, src[at:e.StartOffset]...)
		out = append(out, e.NewText...)
		at = e.EndOffset
	}
	return string(append(out, src[at:]...)), nil
}
