package parser

import (
	"reflect"
	"testing"
)

func TestLenientMembers(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		path      []string
		want      map[string]string
	}{
		{"stray comma", `{, "dependencies": {"convex": "1.0.0", "@workos-inc/authkit-nextjs": "^2.0.0",,}}`,
			[]string{"dependencies"}, map[string]string{"convex": "1.0.0", "@workos-inc/authkit-nextjs": "^2.0.0"}},
		{"merge conflict", "{\n\"dependencies\": {\n<<<<<<< HEAD\n\"next\": \"15.0.0\",\n=======\n\"next\": \"16.0.0\",\n>>>>>>> main\n\"convex\": \"1.2\"\n}\n}",
			[]string{"dependencies"}, map[string]string{"next": "16.0.0", "convex": "1.2"}},
		{"nested objects are not members of the parent", `{"dependencies": {"a": "1"}, "scripts": {"dependencies": {"b": "2"}}}`,
			[]string{"dependencies"}, map[string]string{"a": "1"}},
		{"non-string values", `{"dependencies": {"a": 1, "b": {"x": "y"}, "c": ["z"], "d": true}`,
			[]string{"dependencies"}, map[string]string{"a": "", "b": "", "c": "", "d": ""}},
		{"deeper path", `{"authKit": {"dev": {"configure": false, "localEnvVars": {"A": "b"}}}`,
			[]string{"authKit", "dev", "localEnvVars"}, map[string]string{"A": "b"}},
		{"top level", `{"functions": "src/convex/", oops}`, nil, map[string]string{"functions": "src/convex/"}},
		{"comments and escapes", "{// note\n\"functions\": \"a\\\"b\" /* x */}", nil, map[string]string{"functions": `a"b`}},
		{"unterminated", `{"dependencies": {"convex": "1.0`, []string{"dependencies"}, map[string]string{"convex": "1.0"}},
		{"empty", ``, nil, map[string]string{}},
	} {
		if got := LenientMembers(tc.src, tc.path...); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func FuzzLenientMembers(f *testing.F) {
	f.Add(`{"dependencies": {"convex": "1"}}`)
	f.Add("{\"a\": [1, {\"b\": \"c\"}], /* x */ \"d\\\\\": 2}")
	f.Fuzz(func(t *testing.T, src string) {
		LenientMembers(src, "dependencies")
		LenientMembers(src)
	})
}
