package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERM: editors kill stale runs. A run blocked reading its buffer from stdin must end
// at once on SIGTERM with status 143 and print nothing half-done.
func TestSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildLinter(t, t.TempDir())
	cmd := exec.Command(bin, "--stdin-filename", "src/a.ts")
	cmd.Dir = t.TempDir()
	stdin, err := cmd.StdinPipe() // held open: the linter waits for the buffer
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let it reach the read
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 10 s after SIGTERM")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 143 {
		t.Fatalf("exit = %v, want status 143", err)
	}
	if out.Len() > 0 || errOut.Len() > 0 {
		t.Errorf("printed on SIGTERM: stdout %q stderr %q", out.String(), errOut.String())
	}
}

// TestSignalsKeepTheOldReport: a run killed before it writes --output leaves the previous
// report as it was and no temporary file; Ctrl-C (SIGINT) exits 130, SIGTERM 143.
func TestSignalsKeepTheOldReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildLinter(t, t.TempDir())
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		dir := t.TempDir()
		report := filepath.Join(dir, "report.json")
		if err := os.WriteFile(report, []byte("previous report\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		// Blocked on stdin, after the output was set up: the signal lands mid-run.
		cmd := exec.Command(bin, "--format", "json", "--output", report, "--stdin-filename", "src/a.ts")
		cmd.Dir = dir
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The temporary report beside the old one shows the run got past its setup.
		for i := 0; ; i++ {
			if m, _ := filepath.Glob(filepath.Join(dir, ".report.json.*.tmp")); len(m) > 0 {
				break
			}
			if i == 1000 {
				cmd.Process.Kill()
				t.Fatal("no temporary report appeared")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		stdin.Close()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != want {
			t.Errorf("%v: exit = %v, want status %d", sig, err, want)
		}
		if b, _ := os.ReadFile(report); string(b) != "previous report\n" {
			t.Errorf("%v: the previous report became %q", sig, b)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".report.json.*")); len(m) > 0 {
			t.Errorf("%v: temporary files left: %v", sig, m)
		}
	}
}
