package parser

import (
	"reflect"
	"testing"
)

func TestScanComments(t *testing.T) {
	src := "const a = '// no'; // one\n" +
		"const b = `x ${ {a: 1}.a /* two */ } // no ${`/* no */`}`;\n" +
		"const r = /\\/\\/ no/g; const d = a / 2 // three\n" +
		"<div>{/* four */}</div>\n" +
		"return /[/]*/.test(x) /* five */\n" +
		"const el = <A>{x}</A> // six\n"
	var got []string
	for _, c := range ScanComments(src) {
		got = append(got, c.Text)
		if src[c.Start:c.Start+1] != "/" {
			t.Errorf("comment %q starts at %q", c.Text, src[c.Start:])
		}
	}
	want := []string{" one", " two ", " three", " four ", " five ", " six"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
