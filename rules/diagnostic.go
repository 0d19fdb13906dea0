package rules

// Position is a resolved place in a file: 1-based line, 1-based column in UTF-16 code units
// (what SARIF, LSP and VS Code count).
type Position struct {
	Line   int
	Column int
}

// Location is a byte range of a file. Rules fill Path (absolute, as the engine gave it) and the
// offsets; the engine fills Start/End positions and the display path before printing.
type Location struct {
	Path        string
	StartOffset int
	EndOffset   int

	DisplayPath string // slash-separated, relative to the base directory
	Start, End  Position
}

// Related is a secondary location, such as the .env line that defines a value.
type Related struct {
	Location
	Message string
}

// Edit replaces the bytes of Location with NewText.
type Edit struct {
	Location
	NewText string
}

// Fix is one way to resolve a diagnostic; its edits do not overlap.
type Fix struct {
	Message string
	Edits   []Edit
}

// Diagnostic is the one finding model every printer and the fixer consume.
type Diagnostic struct {
	Rule     string
	Severity Severity // set by the engine from the rule default and config
	// MaxSeverity caps Severity for this finding (Off: no cap): a rule's milder variant of its
	// finding, such as a committed dev-only env file, is at most a warning whatever the config says.
	MaxSeverity Severity
	Location
	Message string // says what is wrong and what to do
	Related []Related
	Fixes   []Fix
}

// ParseErrorID is the pseudo-rule under which syntax errors are reported.
const ParseErrorID = "parse-error"

// InternalErrorID is the pseudo-rule under which a rule's crash on a file is reported.
const InternalErrorID = "internal-error"

// UnusedSuppressionID reports suppression comments that are malformed or suppress nothing.
const UnusedSuppressionID = "unused-suppression"
