package parser

import "testing"

func TestParseEnv(t *testing.T) {
	src := "# top comment\n" +
		"A=plain value # trailing\r\n" +
		"export B = 'single # kept'\n" +
		"C=\"multi\nline \\\"q\\\"\" # c\n" +
		"D=${A}/x\n" +
		"E=pa#ss\n" +
		"not an assignment\n" +
		"F=\n" +
		"A=second\n"
	f := ParseEnv(src)
	// What dotenv 16.3.1 parse returns: an unquoted value ends at the first #, and \" stays as is.
	want := map[string]string{"B": "single # kept", "C": "multi\nline \\\"q\\\"", "D": "${A}/x", "E": "pa", "F": "", "A": "second"}
	for k, v := range want {
		e, ok := f.Lookup(k)
		if !ok || e.Value != v {
			t.Errorf("%s = %q (%v), want %q", k, e.Value, ok, v)
		}
	}
	if len(f.Entries) != 7 {
		t.Errorf("got %d entries, want 7", len(f.Entries))
	}
	if d, _ := f.Lookup("D"); !d.Interpolated {
		t.Error("D should be interpolated")
	}
	if b, _ := f.Lookup("B"); src[b.KeyStart:b.KeyEnd] != "B" || src[b.ValueStart:b.ValueEnd] != "'single # kept'" {
		t.Errorf("B offsets wrong: %q %q", src[b.KeyStart:b.KeyEnd], src[b.ValueStart:b.ValueEnd])
	}
	texts := []string{" top comment", " trailing", " c", "ss"}
	if len(f.Comments) != len(texts) {
		t.Fatalf("comments = %+v", f.Comments)
	}
	for i, c := range f.Comments {
		if c.Text != texts[i] || src[c.Start+1:c.End] != texts[i] {
			t.Errorf("comment %d = %+v, want %q", i, c, texts[i])
		}
	}
}

// Offsets survive CRLF normalization and a BOM, and a # line inside a quoted value is no comment.
func TestParseEnvOffsets(t *testing.T) {
	src := "\ufeffA=1\r\nB=\"x\r\n# not a comment\r\ny\"\r\nC: 'c' # c\r\n"
	f := ParseEnv(src)
	want := []struct{ key, raw, value string }{{"A", "1", "1"}, {"B", "\"x\r\n# not a comment\r\ny\"", "x\n# not a comment\ny"}, {"C", "'c'", "c"}}
	if len(f.Entries) != len(want) {
		t.Fatalf("entries = %+v", f.Entries)
	}
	for i, w := range want {
		e := f.Entries[i]
		if e.Key != w.key || src[e.KeyStart:e.KeyEnd] != w.key || src[e.ValueStart:e.ValueEnd] != w.raw || e.Value != w.value {
			t.Errorf("entry %d = %+v (raw %q), want %+v", i, e, src[e.ValueStart:e.ValueEnd], w)
		}
	}
	if len(f.Comments) != 1 || f.Comments[0].Text != " c" {
		t.Errorf("comments = %+v", f.Comments)
	}
}
