package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// printConfig prints, as JSON, the config that applies to file: which config file (null for
// none), every rule's effective severity, the ignore globs, whether they ignore the file.
func printConfig(cfg *lint.Config, file string, w io.Writer, fail func(string, ...any) int) int {
	abs, err := filepath.Abs(file)
	if err != nil {
		return fail("%v", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return fail("--print-config %s: %s", file, fsread.Describe(err))
	}
	fc := cfg.For(abs)
	if err := cfg.Err(); err != nil {
		return fail("%v", err)
	}
	type resolved struct {
		Config   *string           `json:"config"`
		Dir      string            `json:"dir"`
		Rules    map[string]string `json:"rules"`
		Ignore   []string          `json:"ignore"`
		EnvFiles []string          `json:"envFiles"`
		// MaxFileSize is the size cap in bytes, the default when no config sets it.
		MaxFileSize int64 `json:"maxFileSize"`
		Ignored     bool  `json:"ignored"`
	}
	out := resolved{Dir: fc.Dir, Rules: map[string]string{}, Ignore: fc.Ignore, EnvFiles: cfg.EnvFiles} // envFiles: the top config's only, as the run reads them
	if fc.Path != "" {
		out.Config = &fc.Path
	}
	out.MaxFileSize = cfg.MaxFileSize // the top config's only, as the run reads it
	if out.MaxFileSize == 0 {
		out.MaxFileSize = project.MaxFileSize
	}
	if out.Ignore == nil {
		out.Ignore = []string{}
	}
	if out.EnvFiles == nil {
		out.EnvFiles = []string{}
	}
	for _, r := range rules.All() {
		out.Rules[r.ID] = fc.Severity(r).String()
	}
	out.Ignored = len(notIgnored(cfg, []string{abs})) == 0
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(w, "%s\n", b)
	return exitClean
}
