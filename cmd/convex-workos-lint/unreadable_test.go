//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestUnreadableAsNonRoot: a file and a directory the user may not read are each one
// "permission denied" notice, and the readable files' findings stand (exit 1). Root reads
// everything, so under root the binary runs as nobody (uid 65534).
func TestUnreadableAsNonRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	top, err := os.MkdirTemp("", "cwl-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	files := map[string]string{
		"package.json":          `{"dependencies": {"convex": "^1.25.0", "@workos-inc/authkit-nextjs": "^2.0.0"}}`,
		"convex/auth.config.ts": "export default { providers: [{ type: \"customJwt\", issuer: \"https://api.workos.com/user_management/client_01JQ8V2K4M6N8P0R2T4V6X8Z0B\", algorithm: \"RS256\", jwks: \"https://api.workos.com/sso/jwks/client_01JQ8V2K4M6N8P0R2T4V6X8Z0B\" }] };\n",
		"src/locked.ts":         "export const a = 1;\n",
		"src/locked/inner.ts":   "export const b = 1;\n",
	}
	for name, text := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := buildLinter(t, filepath.Join(top, "bin"))
	// MkdirTemp makes top 0700; whoever runs the binary must be able to enter it.
	for _, d := range []string{top, filepath.Dir(bin)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"src/locked.ts", "src/locked"} {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
	}

	cmd := exec.Command(bin, "--format", "json", ".")
	cmd.Dir = top
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if errors.Is(err, syscall.EPERM) {
		t.Skipf("cannot run as nobody here: %v", err)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want 1 (findings)\nstdout: %s\nstderr: %s", err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "hardcoded-client-id") {
		t.Errorf("the readable auth config's finding is missing:\n%s", out.String())
	}
	for _, name := range []string{"src/locked.ts", "src/locked"} {
		if !strings.Contains(errOut.String(), name+": warning: permission denied") {
			t.Errorf("no permission-denied notice for %s:\n%s", name, errOut.String())
		}
	}
}
