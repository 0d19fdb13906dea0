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
	want := map[string]string{"B": "single # kept", "C": "multi\nline \"q\"", "D": "${A}/x", "E": "pa#ss", "F": "", "A": "second"}
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
	if len(f.Comments) != 3 || f.Comments[0].Text != " top comment" || f.Comments[1].Text != " trailing" {
		t.Errorf("comments = %+v", f.Comments)
	}
}
