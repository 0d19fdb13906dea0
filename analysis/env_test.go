package analysis

import (
	"reflect"
	"testing"
)

func TestClassifyRedirectURI(t *testing.T) {
	for v, want := range map[string]RedirectKind{
		"http://localhost:3000/callback":        RedirectLocal,
		"http://127.0.0.1:5173/callback":        RedirectLocal,
		"http://[::1]:3000/callback":            RedirectLocal,
		"https://app.localhost/callback":        RedirectLocal,
		"https://app.acme.io/callback":          RedirectRemote,
		"http://app.acme.io/callback":           RedirectUnknown,
		"https://your-domain.com/callback":      RedirectUnknown,
		"https://abc.ngrok-free.app/callback":   RedirectUnknown,
		"https://my-app-git-main.vercel.app/cb": RedirectUnknown,
		"https://${VERCEL_URL}/callback":        RedirectUnknown,
		"https://192.168.1.10/callback":         RedirectUnknown,
		"not a url":                             RedirectUnknown,
		"":                                      RedirectUnknown,
	} {
		if got := ClassifyRedirectURI(v); got != want {
			t.Errorf("ClassifyRedirectURI(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestEnvRefs(t *testing.T) {
	got := EnvRefs(`${WORKOS_API_KEY}-$OTHER_1-\$NOT-${DEF:-x}`)
	want := []string{"WORKOS_API_KEY", "OTHER_1", "DEF"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EnvRefs = %q, want %q", got, want)
	}
}

func TestUTF16Len(t *testing.T) {
	if n := UTF16Len("🔑ab"); n != 4 {
		t.Errorf("UTF16Len = %d, want 4", n)
	}
}
