// Package sarif writes lint results as SARIF 2.1.0 in the shape GitHub code scanning accepts.
package sarif

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

const (
	SchemaURI      = "https://json.schemastore.org/sarif-2.1.0.json"
	Version        = "2.1.0"
	ToolName       = "convex-workos-lint"
	InformationURI = "https://github.com/convex-workos-lint/convex-workos-lint"
	// SrcRoot is the uriBaseId of every location: the repository root, left unresolved on
	// purpose so that no machine-specific path lands in the log.
	SrcRoot = "%SRCROOT%"
	// MaxResults is GitHub code scanning's hard limit of results per run: it rejects a larger upload.
	MaxResults = 25000
)

// Notice is an input problem that is not a finding, such as an unreadable or binary file.
type Notice struct{ Path, Message string }

// Options is everything one SARIF log is made from.
type Options struct {
	ToolVersion string
	Rules       []*rules.Rule                    // every registered rule, sorted by ID
	Severity    func(*rules.Rule) rules.Severity // effective severity; nil means the rule default
	Diagnostics []rules.Diagnostic               // sorted; display paths and positions filled
	Notices     []Notice
	Category    string                             // GitHub code scanning category
	LineText    func(path string, line int) string // a line of the file at Location.Path; nil: no fingerprints
}

// Log is the SARIF root object.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

type Run struct {
	Tool              Tool               `json:"tool"`
	Invocations       []Invocation       `json:"invocations,omitempty"`
	AutomationDetails *AutomationDetails `json:"automationDetails,omitempty"`
	ColumnKind        string             `json:"columnKind"`
	// Results stays present when empty: SARIF reads an absent array as "the tool did not run".
	Results []Result `json:"results"`
}

type Tool struct {
	Driver Driver `json:"driver"`
}

type Driver struct {
	Name            string `json:"name"`
	SemanticVersion string `json:"semanticVersion,omitempty"`
	InformationURI  string `json:"informationUri"`
	// Rules stays present when empty: GitHub rejects a driver without a rules array (GH1018).
	Rules []ReportingDescriptor `json:"rules"`
}

type ReportingDescriptor struct {
	ID                   string                  `json:"id"`
	Name                 string                  `json:"name"`
	ShortDescription     *Message                `json:"shortDescription,omitempty"`
	FullDescription      *Message                `json:"fullDescription,omitempty"`
	Help                 *Message                `json:"help,omitempty"`
	HelpURI              string                  `json:"helpUri"`
	DefaultConfiguration *ReportingConfiguration `json:"defaultConfiguration,omitempty"`
	Properties           *RuleProperties         `json:"properties,omitempty"`
}

type ReportingConfiguration struct {
	Level string `json:"level"`
}

// RuleProperties holds the property-bag entries GitHub reads from a rule.
type RuleProperties struct {
	Tags             []string `json:"tags,omitempty"`
	Precision        string   `json:"precision,omitempty"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

// Message serves both message and multiformatMessageString.
type Message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

type Notification struct {
	Level     string     `json:"level"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations,omitempty"`
}

type AutomationDetails struct {
	ID string `json:"id"`
}

type Result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             Message           `json:"message"`
	Locations           []Location        `json:"locations"`
	RelatedLocations    []Location        `json:"relatedLocations,omitempty"`
	Fixes               []Fix             `json:"fixes,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

type Location struct {
	ID               int               `json:"id,omitempty"`
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type Region struct {
	StartLine   int `json:"startLine,omitempty"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type Fix struct {
	Description     *Message         `json:"description,omitempty"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

type Replacement struct {
	DeletedRegion Region `json:"deletedRegion"`
	// InsertedContent is absent for a pure deletion.
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

type ArtifactContent struct {
	Text string `json:"text"`
}

// Write encodes o as an indented SARIF log followed by a newline.
func Write(w io.Writer, o Options) error {
	b, err := json.MarshalIndent(build(o), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// build makes the log that Write encodes.
func build(o Options) *Log {
	run := Run{
		Tool:       Tool{Driver: driver(o)},
		ColumnKind: "utf16CodeUnits",
		Results:    []Result{},
	}
	if o.Category != "" {
		id := o.Category
		// GitHub takes the category from the part of the id before the last slash.
		if !strings.HasSuffix(id, "/") {
			id += "/"
		}
		run.AutomationDetails = &AutomationDetails{ID: id}
	}

	index := make(map[string]int, len(o.Rules))
	for i, r := range o.Rules {
		index[r.ID] = i
	}
	diags := o.Diagnostics
	dropped := 0
	if len(diags) > MaxResults {
		dropped = len(diags) - MaxResults
		diags = diags[:MaxResults]
	}
	fp := fingerprinter{lineText: o.LineText, seen: map[string]int{}}
	for i := range diags {
		run.Results = append(run.Results, result(&diags[i], index, &fp))
	}

	inv := Invocation{ExecutionSuccessful: true}
	for _, n := range o.Notices {
		note := Notification{Level: "warning", Message: Message{Text: sentence(n.Message)}}
		if n.Path != "" {
			note.Locations = []Location{{PhysicalLocation: &PhysicalLocation{ArtifactLocation: artifact(n.Path)}}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, note)
	}
	if dropped > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, Notification{
			Level: "warning",
			Message: Message{Text: fmt.Sprintf("%d results were dropped: GitHub code scanning accepts at most %d results per run, and the first %d are reported.",
				dropped, MaxResults, MaxResults)},
		})
	}
	run.Invocations = []Invocation{inv}

	return &Log{Schema: SchemaURI, Version: Version, Runs: []Run{run}}
}

var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

func driver(o Options) Driver {
	d := Driver{
		Name:            ToolName,
		SemanticVersion: semanticVersion(o.ToolVersion),
		InformationURI:  InformationURI,
		Rules:           []ReportingDescriptor{},
	}
	for _, r := range o.Rules {
		sev := r.Severity
		if o.Severity != nil {
			sev = o.Severity(r)
		}
		d.Rules = append(d.Rules, descriptor(r, sev, docsRef(d.SemanticVersion)))
	}
	return d
}

// semanticVersion turns a Go module version ("v1.2.3") into SemVer. Anything else, such as an
// untagged build's "(devel)", becomes a 0.0.0 pre-release: validators want a version that starts
// with a number, and GitHub compares semanticVersion as SemVer.
func semanticVersion(v string) string {
	if s := strings.TrimPrefix(v, "v"); semver.MatchString(s) {
		return s
	}
	pre := strings.Join(strings.FieldsFunc(v, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-')
	}), ".")
	if pre == "" {
		pre = "unknown"
	}
	return "0.0.0-" + pre
}

// docsRef is the git ref rule docs are linked at: a release's tag, so that the help a
// finding links to describes the rule as that version has it; main for any other build.
func docsRef(semanticVersion string) string {
	if strings.ContainsAny(semanticVersion, "-+") {
		return "main"
	}
	return "v" + semanticVersion
}

// HelpURI is the page documenting a rule, at ref.
func HelpURI(ref, ruleID string) string {
	return InformationURI + "/blob/" + ref + "/docs/rules/" + ruleID + ".md"
}

func descriptor(r *rules.Rule, sev rules.Severity, ref string) ReportingDescriptor {
	rd := ReportingDescriptor{
		ID:                   r.ID,
		Name:                 pascal(r.ID),
		ShortDescription:     &Message{Text: sentence(r.Title)},
		HelpURI:              HelpURI(ref, r.ID),
		DefaultConfiguration: &ReportingConfiguration{Level: level(sev)},
	}
	if why := firstParagraph(r.Doc.Why); why != "" {
		rd.FullDescription = &Message{Text: sentence(plain(why))}
	}
	rd.Help = help(r.Doc)

	props := &RuleProperties{Precision: r.Precision}
	props.Tags = append(props.Tags, r.Tags...)
	if r.SecuritySeverity > 0 {
		props.SecuritySeverity = strconv.FormatFloat(r.SecuritySeverity, 'f', 1, 64)
		if !contains(props.Tags, "security") {
			props.Tags = append(props.Tags, "security")
		}
	}
	if len(props.Tags) > 0 || props.Precision != "" || props.SecuritySeverity != "" {
		rd.Properties = props
	}
	return rd
}

func help(d rules.Doc) *Message {
	var text, md strings.Builder
	why := strings.TrimSpace(d.Why)
	text.WriteString(plain(why))
	md.WriteString(why)
	for _, ex := range []struct{ label, code string }{{"Bad", d.Bad}, {"Good", d.Good}} {
		code := strings.TrimRight(ex.code, "\n")
		if strings.TrimSpace(code) == "" {
			continue
		}
		fmt.Fprintf(&text, "\n\n%s:\n\n%s", ex.label, indent(code))
		fmt.Fprintf(&md, "\n\n%s:\n\n```%s\n%s\n```", ex.label, d.Lang, code)
	}
	if g := strings.TrimSpace(d.Guide); g != "" {
		fmt.Fprintf(&text, "\n\nThe guide: %s", plain(g))
		fmt.Fprintf(&md, "\n\nThe guide: %s", g)
	}
	if text.Len() == 0 {
		return nil
	}
	return &Message{Text: text.String(), Markdown: md.String()}
}

func result(d *rules.Diagnostic, index map[string]int, fp *fingerprinter) Result {
	r := Result{
		RuleID:    d.Rule,
		Level:     level(d.Severity),
		Message:   Message{Text: sentence(d.Message)},
		Locations: []Location{{PhysicalLocation: physical(d.Location)}},
	}
	if i, ok := index[d.Rule]; ok {
		r.RuleIndex = &i
	}
	for _, rel := range d.Related {
		if rel.DisplayPath == "" {
			continue
		}
		loc := Location{ID: len(r.RelatedLocations) + 1, PhysicalLocation: physical(rel.Location)}
		if rel.Message != "" {
			loc.Message = &Message{Text: sentence(rel.Message)}
		}
		r.RelatedLocations = append(r.RelatedLocations, loc)
	}
	for _, f := range d.Fixes {
		if fx, ok := fix(f); ok {
			r.Fixes = append(r.Fixes, fx)
		}
	}
	if h, ok := fp.hash(d); ok {
		r.PartialFingerprints = map[string]string{"primaryLocationLineHash": h}
	}
	return r
}

// fix groups a fix's edits by file, keeping the order in which files first appear.
func fix(f rules.Fix) (Fix, bool) {
	var out Fix
	if f.Message != "" {
		out.Description = &Message{Text: sentence(f.Message)}
	}
	byPath := map[string]int{}
	for _, e := range f.Edits {
		i, ok := byPath[e.DisplayPath]
		if !ok {
			i = len(out.ArtifactChanges)
			byPath[e.DisplayPath] = i
			out.ArtifactChanges = append(out.ArtifactChanges, ArtifactChange{ArtifactLocation: artifact(e.DisplayPath)})
		}
		rep := Replacement{DeletedRegion: region(e.Location)}
		if e.NewText != "" {
			rep.InsertedContent = &ArtifactContent{Text: e.NewText}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out, len(out.ArtifactChanges) > 0
}

func physical(l rules.Location) *PhysicalLocation {
	p := &PhysicalLocation{ArtifactLocation: artifact(l.DisplayPath)}
	if r := region(l); r.StartLine > 0 {
		p.Region = &r
	}
	return p
}

func artifact(displayPath string) ArtifactLocation {
	return ArtifactLocation{URI: escapePath(displayPath), URIBaseID: SrcRoot}
}

func region(l rules.Location) Region {
	r := Region{StartLine: l.Start.Line, StartColumn: l.Start.Column}
	if l.End.Line > 0 {
		r.EndLine, r.EndColumn = l.End.Line, l.End.Column
	}
	return r
}

func level(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "none"
}

// escapePath makes a relative URI reference of a slash-separated path (RFC 3986 path-noscheme):
// everything but unreserved characters, sub-delims, '@' and '/' is percent-encoded as UTF-8,
// ':' included so that a first segment like "c:x" is not read as a scheme.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// fingerprinter computes primaryLocationLineHash from the rule and the finding's line text, not
// its line number, so that an alert keeps its identity when code above it moves.
type fingerprinter struct {
	lineText func(path string, line int) string
	seen     map[string]int
}

func (f *fingerprinter) hash(d *rules.Diagnostic) (string, bool) {
	if f.lineText == nil || d.Start.Line < 1 {
		return "", false
	}
	text := strings.Join(strings.Fields(f.lineText(d.Path, d.Start.Line)), " ")
	sum := sha256.Sum256([]byte(d.Rule + "\x00" + text))
	h := hex.EncodeToString(sum[:8])
	key := d.Path + "\x00" + h
	f.seen[key]++
	return fmt.Sprintf("%s:%d", h, f.seen[key]), true
}

func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]))
		b.WriteString(part[1:])
	}
	return b.String()
}

func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

var (
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)\s]+\)`)
	mdEmphasis = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
)

// plain strips the markdown our docs use (code spans, links, bold) for text-only viewers.
func plain(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdEmphasis.ReplaceAllString(s, "$1$2")
	return strings.ReplaceAll(s, "`", "")
}

// sentence ends s with a period: SARIF viewers show messages as complete sentences.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

func indent(code string) string {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DocsURL is the page documenting a rule for the linter at toolVersion (`rules --format json`).
func DocsURL(toolVersion, ruleID string) string {
	return HelpURI(docsRef(semanticVersion(toolVersion)), ruleID)
}
