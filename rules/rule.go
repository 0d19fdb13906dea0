// Package rules holds the rule API, the registry and one file per rule, each rule's
// documentation beside its code.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// Severity is how loud a finding is. The zero value is Off.
type Severity int

const (
	Off Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// ParseSeverity reads the config spelling: "off", "warn"/"warning", "error".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "off":
		return Off, nil
	case "warn", "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return Off, fmt.Errorf("unknown severity %q (want \"off\", \"warn\" or \"error\")", s)
}

// FileKind says which kind of file a per-file check receives.
type FileKind = project.Kind

const (
	KindJS   = project.KindJS
	KindEnv  = project.KindEnv
	KindJSON = project.KindJSON
	KindText = project.KindText
)

// Doc is a rule's documentation: docs/rules/*.md, `explain` and SARIF help are generated from it.
type Doc struct {
	Why   string // markdown: what goes wrong at runtime and why
	Bad   string // code that the rule flags
	Good  string // the fixed code
	Lang  string // fence language of Bad and Good: ts, tsx, dotenv, json
	Guide string // the line of the Convex + WorkOS guide this enforces, if any
}

// Rule is one check. ID is stable kebab-case and never renamed.
type Rule struct {
	ID       string
	Title    string // one line, no final period
	Doc      Doc
	Severity Severity // default
	Tags     []string
	// SecuritySeverity is GitHub's 0.0-10.0 score; zero for rules that are not security rules.
	SecuritySeverity float64
	Precision        string // SARIF precision: very-high, high, medium, low
	Fixable          bool

	// Triggers are words that every file holding a finding of this rule contains. They select
	// the files CheckFile sees (files of Kinds holding one of them; all files of Kinds when
	// empty), and CheckProject is skipped when no lint target holds one: an editor saving an
	// unrelated file then pays nothing for project-wide analysis. JS files that no
	// enabled rule triggers on are never parsed.
	Kinds    FileKind
	Triggers []string
	// Applies, when set, narrows CheckFile to the files it can ever report in (say, the Convex
	// functions directory), decided from the path and the project model before any byte is
	// scanned. A file no rule applies to and triggers on is never parsed, so its syntax
	// errors are not reported either.
	Applies   func(*project.Project, *project.File) bool
	CheckFile func(*FileContext)
	// RawText marks a CheckFile that reads only the file's text, never its AST: it still runs
	// on a file with a syntax error (a leaked key is no less leaked for a missing brace).
	RawText bool
	// CheckLarge, when set, scans a file over the size cap (which is not read whole, so
	// CheckFile never sees it) from a reader, holding only a window of it at a time. Its
	// findings carry their own Start and End positions.
	CheckLarge func(c *LargeFileContext) error

	// CheckProject runs once per lint run, after every file was seen. Its findings are kept
	// only in lint targets: when they are few (Project.Narrow), it starts from them
	// (Project.Targets) and reads other files only as far as those findings depend on them.
	CheckProject func(*ProjectContext)
}

var registry = map[string]*Rule{}

// Register adds r to the registry; rule files call it from init.
func Register(r *Rule) {
	if r.ID == "" || r.Title == "" || r.Severity == Off || r.Doc.Why == "" {
		panic("rules: incomplete rule " + r.ID)
	}
	if r.ID != strings.ToLower(r.ID) || strings.ContainsAny(r.ID, " _") {
		panic("rules: rule ID must be kebab-case: " + r.ID)
	}
	if _, dup := registry[r.ID]; dup {
		panic("rules: duplicate rule " + r.ID)
	}
	if r.Precision == "" {
		r.Precision = "high"
	}
	registry[r.ID] = r
}

// All returns every rule sorted by ID.
func All() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a rule by ID.
func Lookup(id string) (*Rule, bool) {
	r, ok := registry[id]
	return r, ok
}
