package analysis

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

const (
	testLiveKey = "sk_live_a2V5XzAxSFhZWjdLMk0zTjRQNVE2UjdTOFQ5VldYLExxM3ZUbTlaelIycFc4a0Q0c0Y2aEoxbkI1Y0c3eQ"
	testTestKey = "sk_test_a2V5XzAxSjBRV1JURTdLMk0zTjRQNVE2UjdTOFQ5LFByN2JOMnhLcTh3RTV0WTN1STlvQTZzRDFmR2hKaw"
)

func TestIsPlaceholder(t *testing.T) {
	yes := []string{
		"your_32_char_minimum_password_here", "sk_test_...", "client_01...", "<your-api-key>",
		"sk_test_your_api_key_here", "client_your_client_id_here", "YOUR-WORKOS-CLIENT-ID",
		"your_secure_password_here_must_be_at_least_32_characters_long", "<32-char-random-string>",
		"sk_live_XXXXXXXXXXXXXXXX", "xxx", "changeme", "sk_…", "sk_test_key_here", "00000000",
		"https://your-domain.com/callback", "generate-with-openssl-rand-base64-32",
	}
	no := []string{
		"", "Zq8vN3kT7wR2mX5pL9cB4hJ6fD1sG0yA", testLiveKey, testTestKey,
		"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX", "http://localhost:3000/callback", "hunter2-not-long-enough",
	}
	for _, v := range yes {
		if !IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = false, want true", v)
		}
	}
	for _, v := range no {
		if IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = true, want false", v)
		}
	}
}

func TestFindAPIKeys(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`new WorkOS("` + testLiveKey + `")`, []string{testLiveKey}},
		{"KEY=" + testTestKey + "\nOTHER=" + testLiveKey, []string{testTestKey, testLiveKey}},
		{testLiveKey + "," + testTestKey, []string{testLiveKey, testTestKey}},
		{"sk_live_51HqLyjWDarjtT1zdp7dcXyZ3Ab", []string{"sk_live_51HqLyjWDarjtT1zdp7dcXyZ3Ab"}},
		{"sk_test_...", nil},
		{"sk_test_your_api_key_here", nil},
		{"sk_test_SYNTHETIC_OLD_KEY_FOR_DOCS", nil},
		{"sk_test_abc123", nil},
		{"sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", nil},
		{"sk_live_abcdefghijklmnopqrstuvwxyz012345", nil},
		{"sk_live_alllowercaseletterswithoutdigits", nil},
		{"disk_live_a2V5XzAxSFhZWjdLMk0zTjRQNVE2UjdTOFQ5VldY", nil},
		{testLiveKey + "_suffix", nil},
	} {
		var got []string
		for _, r := range FindAPIKeys(tc.in) {
			got = append(got, tc.in[r[0]:r[1]])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FindAPIKeys(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsWorkOSKeyContext(t *testing.T) {
	stripe := "sk_live_51HqLyjWDarjtT1zdp7dcXyZ3Ab"
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`const k = "` + testLiveKey + `";`, true},                                // WorkOS-shaped body
		{`const WORKOS_API_KEY = "` + stripe + `"; // stripe`, true},              // line names WorkOS
		{"// workos\nconst k = \"" + stripe + "\";", true},                        // line before names WorkOS
		{"import \"@workos-inc/node\";\n\n\nconst k = \"" + stripe + "\";", true}, // file about WorkOS only
		{"import Stripe from \"stripe\"; import \"@workos-inc/node\";\n\n\nconst k = \"" + stripe + "\";", false},
		{`const k = "` + stripe + `";`, false},
	} {
		r := FindAPIKeys(tc.src)
		if len(r) != 1 {
			t.Fatalf("no key in %q", tc.src)
		}
		if got := IsWorkOSKeyContext(tc.src, r[0][0], r[0][1]); got != tc.want {
			t.Errorf("IsWorkOSKeyContext(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

// The regexps FindClientIDs and FindAPIKeys stand for; the finders must find exactly what they do.
var (
	clientIDRegexp = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(client_[0-7][0-9A-HJKMNP-TV-Z]{25})(?:$|[^A-Za-z0-9_])`)
	apiKeyRegexp   = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(sk_(?:test|live)_[A-Za-z0-9]+)(?:$|[^A-Za-z0-9_\-])`)
)

func regexpClientIDs(s string) [][2]int {
	var out [][2]int
	for _, m := range clientIDRegexp.FindAllStringSubmatchIndex(s, -1) {
		if !IsPlaceholderULID(s[m[2]+len("client_") : m[3]]) {
			out = append(out, [2]int{m[2], m[3]})
		}
	}
	return out
}

func regexpAPIKeys(s string) [][2]int {
	var out [][2]int
	for from := 0; from < len(s); {
		m := apiKeyRegexp.FindStringSubmatchIndex(s[from:])
		if m == nil {
			break
		}
		start, end := from+m[2], from+m[3]
		if looksRandomKey(s[start:end]) {
			out = append(out, [2]int{start, end})
		}
		from = end
	}
	return out
}

// TestFindersMatchRegexps compares the finders with the regexps on generated text made of the
// pieces that matter: prefixes, ID and key characters, word and non-word neighbours, multibyte
// and invalid UTF-8.
func TestFindersMatchRegexps(t *testing.T) {
	pieces := []string{
		"client_", "client_01HXYZ7K2M3N4P5Q6R7S8T9VWX", "client_01J0QWRTE7K2M3N4P5Q6R7S8T9", "client_8",
		"sk_", "sk_test_", "sk_live_", "a2V5XzAxSFhZWjdLMk0zTjRQNVE2UjdTOFQ5VldYLExxM3ZU", "Zq8vN3kT7wR2mX5p",
		"0", "7", "A", "z", "I", "_", "-", ",", " ", "\"", "=", "\n", "é", "\xff", "\xe2\x82", "x",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := FindClientIDs(s), regexpClientIDs(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("FindClientIDs(%q) = %v, the regexp finds %v", s, got, want)
		}
		if got, want := FindAPIKeys(s), regexpAPIKeys(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("FindAPIKeys(%q) = %v, the regexp finds %v", s, got, want)
		}
	}
}
