package fix

import (
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// editsFrom turns fuzz bytes into fixes over paths a and b: three bytes per edit (start,
// length, inserted text length), offsets allowed past the end so that invalid edits occur.
func editsFrom(raw []byte, n int) []rules.Diagnostic {
	var diags []rules.Diagnostic
	for i := 0; i+3 <= len(raw); i += 3 {
		start := int(raw[i]) % (n + 3)
		end := start + int(raw[i+1]%8)
		path := "/a"
		if raw[i+2]&0x80 != 0 {
			path = "/b"
		}
		e := rules.Edit{Location: rules.Location{Path: path, StartOffset: start, EndOffset: end}, NewText: string(raw[i : i+int(raw[i+2]%4)])}
		d := rules.Diagnostic{Rule: "r", Fixes: []rules.Fix{{Message: "m", Edits: []rules.Edit{e}}}}
		if raw[i+2]&0x40 != 0 && len(diags) > 0 { // a second edit of the previous fix
			last := &diags[len(diags)-1].Fixes[0]
			last.Edits = append(last.Edits, e)
			continue
		}
		diags = append(diags, d)
	}
	return diags
}

// FuzzSelectApply chooses fixes from arbitrary edits (overlapping, out of range, several files)
// and applies them: the chosen edits are in range and pairwise free of conflicts, Apply takes
// them without error, and the result has the length the edits imply. Apply on the raw edits
// never panics: it returns an error or a string.
func FuzzSelectApply(f *testing.F) {
	f.Add("const a = 1;\n", []byte{0, 5, 3, 2, 1, 1, 6, 0, 2})
	f.Add("", []byte{0, 0, 1, 0, 0, 1, 1, 0, 0x41})
	f.Add("héllo wörld", []byte{1, 2, 0x83, 1, 2, 0xC2, 9, 1, 0, 3, 0, 0x43})
	f.Fuzz(func(t *testing.T, src string, raw []byte) {
		if len(raw) > 300 {
			raw = raw[:300]
		}
		diags := editsFrom(raw, len(src))
		sel := Select(diags, func(p string) bool { return p == "/a" || p == "/b" }, func(string) (int, bool) { return len(src), true })
		for path, edits := range sel.Edits {
			want := len(src)
			for i, e := range edits {
				if e.StartOffset < 0 || e.EndOffset > len(src) || e.StartOffset > e.EndOffset {
					t.Fatalf("%s: chosen edit [%d,%d) outside the %d-byte file", path, e.StartOffset, e.EndOffset, len(src))
				}
				for _, o := range edits[:i] {
					if conflicts(e, o) {
						t.Fatalf("%s: chosen edits [%d,%d) and [%d,%d) conflict", path, e.StartOffset, e.EndOffset, o.StartOffset, o.EndOffset)
					}
				}
				want += len(e.NewText) - (e.EndOffset - e.StartOffset)
			}
			out, err := Apply(src, edits)
			if err != nil {
				t.Fatalf("%s: Apply rejects the chosen edits: %v", path, err)
			}
			if len(out) != want {
				t.Fatalf("%s: result is %d bytes, the edits give %d", path, len(out), want)
			}
		}
		for _, d := range diags {
			Apply(src, d.Fixes[0].Edits)
		}
	})
}
