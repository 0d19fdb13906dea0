package project

import (
	"path/filepath"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
)

// Env is the deployment environment an env file is loaded in (Vite/Next.js naming).
type Env uint8

const (
	EnvAll   Env = iota // .env: loaded everywhere
	EnvDev              // .env.local, .env.development[.local]
	EnvProd             // .env.production[.local]
	EnvTest             // .env.test[.local]
	EnvOther            // .env.staging and other custom modes
)

func (e Env) String() string {
	return [...]string{"all", "development", "production", "test", "other"}[e]
}

// templateSuffixes mark env files that are copied, not loaded.
var templateSuffixes = []string{".example", ".sample", ".template", ".dist"}

// EnvFile is a parsed env file of a root.
type EnvFile struct {
	*File
	Env      Env
	Template bool // .env.example and friends: documentation that people copy
	Parsed   *parser.EnvFile
}

// ClassifyEnvFile reads the environment and template-ness from an env file's name.
func ClassifyEnvFile(path string) (env Env, template bool) {
	name := filepath.Base(path)
	for _, suf := range templateSuffixes {
		if strings.HasSuffix(name, suf) {
			name, template = strings.TrimSuffix(name, suf), true
			break
		}
	}
	local := strings.HasSuffix(name, ".local")
	switch strings.TrimSuffix(name, ".local") {
	case ".env":
		if local {
			return EnvDev, template // a developer's own machine
		}
		return EnvAll, template
	case ".env.development", ".env.dev":
		return EnvDev, template
	case ".env.production", ".env.prod":
		return EnvProd, template
	case ".env.test":
		return EnvTest, template
	}
	return EnvOther, template
}

// envFile parses f. A read error is a notice only for an env file that is context, not a
// lint target: the engine's file pass reports a target's, and one file gets one notice.
func (p *Project) envFile(f *File) *EnvFile {
	e, err := parseEnvFile(f)
	if err != nil && !p.IsTarget(f.Path) {
		p.Notices = append(p.Notices, Notice{Path: f.Rel, Message: err.Error()})
	}
	return e
}

// parseEnvFile parses f; an empty file on a read error.
func parseEnvFile(f *File) (*EnvFile, error) {
	env, template := ClassifyEnvFile(f.Path)
	e := &EnvFile{File: f, Env: env, Template: template, Parsed: &parser.EnvFile{}}
	src, err := f.Content()
	if err == nil {
		e.Parsed = parser.ParseEnv(src)
	}
	return e, err
}

// EnvFile returns the parsed env file for f: the root's entry when f is one of its env files,
// a freshly parsed one otherwise (an env file in a subdirectory). Rules call it concurrently:
// it adds no notice (the engine's file pass reports a target it cannot read).
func (p *Project) EnvFile(f *File) *EnvFile {
	if f.Root != nil {
		for _, e := range f.Root.EnvFiles {
			if e.File == f {
				return e
			}
		}
	}
	e, _ := parseEnvFile(f)
	return e
}
