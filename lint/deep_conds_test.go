package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// elseIfRouter is a component that renders one of n pages through an `else if` chain, in a
// file that imports convex/react and reads WorkOS auth state.
func elseIfRouter(n int) string {
	var b strings.Builder
	b.WriteString("import { useQuery } from \"convex/react\";\nimport { useAuth } from \"@workos-inc/authkit-react\";\n\n")
	b.WriteString("function Page() {\n  const rows = useQuery(api.rows.list);\n  return <p>{rows?.length}</p>;\n}\n\n")
	b.WriteString("export function Router({ path }: { path: string }) {\n  const { user } = useAuth();\n  ")
	for i := range n {
		fmt.Fprintf(&b, "if (path === \"/p%d\") {\n    return <Page />;\n  } else ", i)
	}
	b.WriteString("{\n    return user ? <Page /> : null;\n  }\n}\n")
	return b.String()
}

// userRouter is elseIfRouter with every test on WorkOS state: each branch is a gate.
func userRouter(n int) string {
	return strings.ReplaceAll(elseIfRouter(n), "if (path ===", "if (user?.id ===")
}

// effectRouter is an effect whose `else if` chain calls a Convex mutation in every branch.
func effectRouter(n int) string {
	var b strings.Builder
	b.WriteString("import { useEffect } from \"react\";\nimport { useMutation } from \"convex/react\";\nimport { useAuth } from \"@workos-inc/authkit-react\";\n\n")
	b.WriteString("export function Track({ path }: { path: string }) {\n  const { user } = useAuth();\n  const track = useMutation(api.visits.track);\n  useEffect(() => {\n    ")
	for i := range n {
		fmt.Fprintf(&b, "if (path === \"/p%d\") {\n      void track({ page: %d });\n    } else ", i, i)
	}
	b.WriteString("if (user) {\n      void track({ page: -1 });\n    }\n  }, [path, user, track]);\n  return null;\n}\n")
	return b.String()
}

// ternaryChain is a component whose markup is one n-level flat ternary chain.
func ternaryChain(n int) string {
	var b strings.Builder
	b.WriteString("import { useQuery } from \"convex/react\";\nimport { useAuth } from \"@workos-inc/authkit-react\";\n\n")
	b.WriteString("function Page() {\n  const rows = useQuery(api.rows.list);\n  return <p>{rows?.length}</p>;\n}\n\n")
	b.WriteString("export function Router({ path }: { path: string }) {\n  const { user } = useAuth();\n  return (\n")
	for i := range n {
		fmt.Fprintf(&b, "    path === \"/p%d\" ? <Page /> :\n", i)
	}
	b.WriteString("    user ? <Page /> : null\n  );\n}\n")
	return b.String()
}

// allocatedBy is the number of bytes a lint run of src (as src/Router.tsx) allocates, and its
// findings.
func allocatedBy(t *testing.T, src string) (uint64, []rules.Diagnostic) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	pkg := `{"dependencies": {"convex": "1.0.0", "@workos-inc/authkit-react": "0.1.0", "react": "19.0.0"}}`
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "Router.tsx"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	return after.TotalAlloc - before.TotalAlloc, res.Diagnostics
}

// TestDeepConditionsLinear lints a 10,000-branch `else if` router and a 20,000-level ternary
// chain (issue 17: the condition lists were copied at every level, 3.3 GB and 12.6 GB). The
// bytes a run allocates must grow linearly with the depth: doubling it may at most about
// double them (a quadratic walk quadruples them), and stay within a small multiple of the
// source size. No timing is measured.
func TestDeepConditionsLinear(t *testing.T) {
	for _, tc := range []struct {
		name  string
		gen   func(int) string
		n     int
		gates int // the WorkOS gate at the bottom lies past MaxCondDepth: unknown, so silent
	}{
		{"else-if", elseIfRouter, 10_000, 0},
		{"else-if on user", userRouter, 10_000, 1},
		{"ternary", ternaryChain, 20_000, 0},
		{"effect else-if", effectRouter, 10_000, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			half, _ := allocatedBy(t, tc.gen(tc.n/2))
			src := tc.gen(tc.n)
			full, diags := allocatedBy(t, src)
			t.Logf("%d levels: %d bytes of source, %.1f MB allocated (%.1f MB at half depth)", tc.n, len(src), float64(full)/1e6, float64(half)/1e6)
			if ratio := float64(full) / float64(half); ratio > 2.6 {
				t.Errorf("doubling the depth multiplied allocations by %.2f: the walk is not linear", ratio)
			}
			if perByte := float64(full) / float64(len(src)); perByte > 400 {
				t.Errorf("%.0f bytes allocated per source byte", perByte)
			}
			gates := 0
			for _, d := range diags {
				if d.Rule == "parse-error" || d.Rule == "internal-error" {
					t.Errorf("%s: %s", d.Rule, d.Message)
				}
				if d.Rule == "workos-auth-gates-convex" {
					gates++
				}
			}
			if gates != tc.gates {
				t.Errorf("%d workos-auth-gates-convex findings, want %d (one per root cause)", gates, tc.gates)
			}
		})
	}
}
