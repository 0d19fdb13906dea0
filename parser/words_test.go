package parser

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestWords compares Find and Any with strings.Contains on generated text made of pieces of
// the words (overlapping prefixes and suffixes, one word inside another).
func TestWords(t *testing.T) {
	words := []string{"sk_test_", "sk_live_", "=sk_", "client_", "WORKOS_", "WORKOS_REDIRECT_URI", "REDIRECT",
		"redirectUri", "redirectUris", "ConvexProvider", "ConvexProviderWithAuth", "@workos-inc/", "@workos-inc/authkit-",
		"aaa", "aab", "ab", "", "é"}
	pieces := []string{"sk_", "test_", "live_", "=", "client", "_", "WORK", "OS_", "REDIRECT_URI", "redirect", "Uri", "s",
		"Convex", "Provider", "WithAuth", "@workos-inc/", "authkit-", "a", "b", "x", " ", "\n", "é", "\xc3"}
	w := NewWords(words)
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(10); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		found := w.Find(s)
		for i, word := range words {
			if want := word != "" && strings.Contains(s, word); found.Has(i) != want {
				t.Fatalf("Find(%q) has %q = %v, want %v", s, word, found.Has(i), want)
			}
		}
	}
	// Long texts, scanned in four lanes: words on every lane boundary and at the ends.
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for b.Len() < 200+rng.IntN(400) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(8) == 0 {
				b.WriteString(words[rng.IntN(len(words))])
			}
		}
		s := b.String()
		found := w.Find(s)
		for i, word := range words {
			if want := word != "" && strings.Contains(s, word); found.Has(i) != want {
				t.Fatalf("Find(%q) has %q = %v, want %v", s, word, found.Has(i), want)
			}
		}
	}
	// Every word across every lane boundary, cut at every place.
	for _, word := range words {
		if word == "" {
			continue
		}
		for _, size := range []int{16 * w.maxLen, 16*w.maxLen + 1, 16*w.maxLen + 3, 40 * w.maxLen} {
			quarter := size / 4
			for lane := 1; lane <= 4; lane++ {
				for k := 0; k <= len(word); k++ {
					at := min(lane*quarter-k, size-len(word))
					text := []byte(strings.Repeat("x", size))
					copy(text[at:], word)
					if !w.Find(string(text)).Has(slices.Index(words, word)) {
						t.Fatalf("%q at %d of %d bytes not found", word, at, size)
					}
				}
			}
		}
	}
	// More than 64 words.
	var many []string
	for i := 0; i < 130; i++ {
		many = append(many, strings.Repeat("x", i%7+1)+string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	mw := NewWords(many)
	text := "xxxCb and xA" + "a then " + many[129]
	found := mw.Find(text)
	for i, word := range many {
		if found.Has(i) != strings.Contains(text, word) {
			t.Errorf("Find(%q) has %q = %v", text, word, found.Has(i))
		}
	}
}

func BenchmarkWords(b *testing.B) {
	words := []string{"next/link", "devMode", "@workos-inc/authkit-", "@convex-dev/workos", "import.meta", "VITE_",
		"NEXT_PUBLIC_", "ConvexReactClient", "ConvexProviderWithAuth", "WORKOS_COOKIE_PASSWORD", "sk_test_", "sk_live_",
		"COOKIE_PASSWORD", "client_", "withAuth", "handleAuth", "redirectUri", "WORKOS_REDIRECT_URI", "ConvexProvider",
		"corsOrigins", "redirectUris", "WORKOS_", "/sign-in", "/sign-up", "api.workos.com", "@workos-inc/authkit-nextjs",
		"signOut", "authkitMiddleware", "authkitProxy", "fetchAccessToken", "=sk_", "= sk_", "\"sk_", "'sk_"}
	// Ordinary TSX without any of the words: the common case, every byte scanned.
	src := strings.Repeat(`import { useState, useCallback } from "react";
import { Button } from "@/components/ui/button";

export function ItemList({ items, onSelect }: { items: string[]; onSelect: (id: string) => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const select = useCallback((id: string) => { setSelected(id); onSelect(id); }, [onSelect]);
  return (
    <ul className="divide-y rounded-md border">
      {items.map((item) => (
        <li key={item} className={item === selected ? "bg-muted" : ""}>
          <Button variant="ghost" onClick={() => select(item)}>{item}</Button>
        </li>
      ))}
    </ul>
  );
}
`, 1500)
	w := NewWords(words)
	b.Run("Words.Find", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			w.Find(src)
		}
	})
	b.Run("strings.Contains", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			for _, word := range words {
				strings.Contains(src, word)
			}
		}
	})
}

// TestContains compares Contains with strings.Contains.
func TestContains(t *testing.T) {
	words := []string{"useAuthFromAuthKit", "useAuth", "K", "", "ab", "aK", "Ka", "KK", "xKx", "eee", "ConvexClientProvider", "é", "\xff"}
	pieces := []string{"use", "Auth", "From", "Kit", "K", "a", "b", "x", "e", " ", "é", "\xff", "Convex", "Client", "Provider"}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 30000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		for _, w := range words {
			if got, want := Contains(s, w), strings.Contains(s, w); got != want {
				t.Fatalf("Contains(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
	}
}
