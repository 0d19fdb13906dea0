package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/internal/nearest"
)

// shortFlags are the one-letter aliases of the common flags.
var shortFlags = map[string]string{"f": "format", "o": "output", "c": "config", "q": "quiet"}

// cmdLine is what parseArgs found: the positional arguments, and whether the first of them
// may name a subcommand (a bare word, not `./rules`, not after `--`).
type cmdLine struct {
	paths      []string
	subcommand bool
	help       bool
}

// usageError is a bad command line: one line on stderr, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// parseArgs reads flags anywhere on the line (`convex-workos-lint . --format json`), `--`
// ending them for good, with GNU-style `-f json`/`--format=json` and the short aliases. The
// standard flag package stops at the first path and reports a bad flag as a paragraph; this
// gives one line with the closest flag instead.
func parseArgs(fs *flag.FlagSet, args []string) (cmdLine, error) {
	var c cmdLine
	first := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if first {
				first = false // a path after `--` is never a subcommand
			}
			c.paths = append(c.paths, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			if first && len(c.paths) == 0 {
				c.subcommand = true
			}
			first = false
			c.paths = append(c.paths, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if long, ok := shortFlags[name]; ok {
			name = long
		}
		if name == "help" || name == "h" {
			c.help = true
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			return c, usageError{unknownFlag(fs, name)}
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 >= len(args) {
				return c, usageError{fmt.Sprintf("flag --%s needs a value", name)}
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return c, usageError{fmt.Sprintf("invalid value %q for --%s: %v", value, name, err)}
		}
	}
	return c, nil
}

// unknownFlag is the message for --name: the closest defined flag when one is close enough.
func unknownFlag(fs *flag.FlagSet, name string) string {
	best, bestDist := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		d := nearest.Distance(name, f.Name)
		if strings.HasPrefix(f.Name, name) && len(name) >= 3 {
			d = 1
		}
		if d < bestDist || (d == bestDist && f.Name < best) {
			best, bestDist = f.Name, d
		}
	})
	dashes := "--"
	if len(name) == 1 {
		dashes = "-"
	}
	if best == "" || bestDist > len(name)/2+1 {
		return fmt.Sprintf("unknown flag %s%s (see --help)", dashes, name)
	}
	return fmt.Sprintf("unknown flag %s%s; did you mean --%s?", dashes, name, best)
}

// printFlags is the flag list of --help, with the short aliases beside their flags.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	alias := map[string]string{}
	for s, l := range shortFlags {
		alias[l] = s
	}
	var lines []string
	fs.VisitAll(func(f *flag.Flag) {
		arg, help := flag.UnquoteUsage(f)
		head := "  "
		if s, ok := alias[f.Name]; ok {
			head += "-" + s + ", "
		} else {
			head += "    "
		}
		head += "--" + f.Name
		if arg != "" {
			head += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			help += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		lines = append(lines, fmt.Sprintf("%-28s %s", head, help))
	})
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}
