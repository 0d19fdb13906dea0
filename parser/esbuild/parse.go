package shim

import (
	"fmt"

	"github.com/evanw/esbuild/internal/config"
	"github.com/evanw/esbuild/internal/helpers"
	"github.com/evanw/esbuild/internal/js_lexer"
	"github.com/evanw/esbuild/internal/js_parser"
	"github.com/evanw/esbuild/internal/logger"
)

// MaxErrors is how many syntax errors of one file are reported; the parse stops there.
const MaxErrors = 10

type tooManyErrors struct{}

// Syntax selects the dialect a file is parsed as.
type Syntax struct {
	TypeScript bool
	JSX        bool
}

// Problem is one error message from the parser, located by byte offset.
type Problem struct {
	Offset int // byte offset of the start
	Length int // in bytes, may be 0
	Text   string
	// Limit marks a file the linter did not parse because of one of its own limits (too deeply
	// nested), not because of a syntax error.
	Limit bool
}

func newSource(path, contents string) logger.Source {
	return logger.Source{
		KeyPath:        logger.Path{Text: path, Namespace: "file"},
		PrettyPaths:    logger.PrettyPaths{Abs: path, Rel: path},
		IdentifierName: "file",
		Contents:       contents,
	}
}

// Parse parses a JS/TS module. ok is false when any error was logged: esbuild can keep going
// after a recoverable error, but the AST of such a file is not one the linter should trust.
func Parse(path, contents string, syntax Syntax) (tree AST, problems []Problem, ok bool) {
	log := logger.NewDeferLog(logger.DeferLogNoVerboseOrDebug, nil)
	defer func() {
		if r := recover(); r != nil {
			if _, stop := r.(tooManyErrors); stop {
				problems = errorsOf(log.Done(), contents)
			} else {
				problems = append(problems, Problem{Text: fmt.Sprintf("internal parser error: %v", r)})
			}
			tree, ok = AST{}, false
		}
	}()
	// The parse stops at MaxErrors: esbuild locates each error by scanning from the last one,
	// and "already declared" errors point back at the first declaration, so 2,000 of them in
	// 300 KB took 3.7 s (quadratic). The tree of a file with any error is not used.
	add, errs := log.AddMsg, 0
	log.AddMsg = func(m logger.Msg) {
		add(m)
		if m.Kind == logger.Error {
			if errs++; errs >= MaxErrors {
				panic(tooManyErrors{})
			}
		}
	}
	opts := config.Options{
		JSX: config.JSXOptions{Parse: syntax.JSX, Preserve: true},
		TS: config.TSOptions{
			Parse:  syntax.TypeScript,
			Config: config.TSConfig{VerbatimModuleSyntax: config.True},
		},
	}
	tree, ok = js_parser.Parse(log, newSource(path, contents), js_parser.OptionsFromConfig(&opts))
	problems = errorsOf(log.Done(), contents)
	return tree, problems, ok && len(problems) == 0
}

// ParseJSON parses JSON; comments and trailing commas are accepted when loose is set
// (tsconfig.json and the linter's own config are JSONC).
func ParseJSON(path, contents string, loose bool) (value Expr, problems []Problem, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			problems = append(problems, Problem{Text: fmt.Sprintf("internal parser error: %v", r)})
			ok = false
		}
	}()
	log := logger.NewDeferLog(logger.DeferLogNoVerboseOrDebug, nil)
	flavor := js_lexer.JSON
	if loose {
		flavor = js_lexer.TSConfigJSON
	}
	value, ok = js_parser.ParseJSON(log, newSource(path, contents), js_parser.JSONOptions{Flavor: flavor})
	problems = errorsOf(log.Done(), contents)
	return value, problems, ok && len(problems) == 0
}

func errorsOf(msgs []logger.Msg, contents string) []Problem {
	var out []Problem
	var starts []int // line starts, computed once: a file with thousands of errors was quadratic
	for _, m := range msgs {
		if m.Kind != logger.Error {
			continue
		}
		p := Problem{Text: m.Data.Text}
		if loc := m.Data.Location; loc != nil {
			if starts == nil {
				starts = lineStarts(contents)
			}
			if n := loc.Line; n >= 1 && n <= len(starts) {
				p.Offset = starts[n-1]
			} else if n > len(starts) {
				p.Offset = starts[len(starts)-1]
			}
			p.Offset += loc.Column
			p.Length = loc.Length
		}
		out = append(out, p)
	}
	return out
}

// lineStarts returns the byte offset of every line's start, counting line breaks as esbuild does.
func lineStarts(s string) []int {
	out := []int{0}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\n':
		case s[i] == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			i += 2 // U+2028, U+2029
		default:
			continue
		}
		out = append(out, i+1)
	}
	return out
}

// RangeOfIdentifier is the range of the identifier (or keyword) at loc.
func RangeOfIdentifier(contents string, loc Loc) Range {
	return js_lexer.RangeOfIdentifier(newSource("", contents), loc)
}

// RangeOfString is the range of the string or template literal at loc, quotes included.
func RangeOfString(contents string, loc Loc) Range {
	src := newSource("", contents)
	return src.RangeOfString(loc)
}

// SymbolName is the name a binding was declared with.
func SymbolName(tree *AST, ref Ref) string {
	if int(ref.InnerIndex) < len(tree.Symbols) {
		return tree.Symbols[ref.InnerIndex].OriginalName
	}
	return ""
}

// ImportPath is the module specifier of an import record.
func ImportPath(tree *AST, index uint32) string {
	if int(index) < len(tree.ImportRecords) {
		return tree.ImportRecords[index].Path.Text
	}
	return ""
}

// StringValue converts an EString's UTF-16 value to Go.
func StringValue(s *EString) string { return helpers.UTF16ToString(s.Value) }
