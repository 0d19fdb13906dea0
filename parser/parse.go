// Package parser is the linter's front end: esbuild's JS/TS parser (through the shim module),
// the AST walker, positions, the raw-comment scanner, and the .env and JSON readers.
package parser

import (
	"fmt"
	"path/filepath"
	"strings"

	shim "github.com/evanw/esbuild/shim"
)

// Problem is a syntax error at a byte offset.
type Problem = shim.Problem

// SyntaxFor says how a file is parsed, by extension; ok is false for non-JS files.
// .js/.mjs/.cjs get JSX because React code often lives in .js files; .ts never does,
// since there `<T>x` is a type assertion.
func SyntaxFor(path string) (syntax shim.Syntax, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ts", ".mts", ".cts":
		return shim.Syntax{TypeScript: true}, true
	case ".tsx":
		return shim.Syntax{TypeScript: true, JSX: true}, true
	case ".js", ".jsx", ".mjs", ".cjs":
		return shim.Syntax{JSX: true}, true
	}
	return shim.Syntax{}, false
}

// IsJS reports whether path is a JS/TS source file.
func IsJS(path string) bool {
	_, ok := SyntaxFor(path)
	return ok
}

// ParseJS parses a JS/TS file; tree is nil when it has syntax errors.
func ParseJS(path, src string) (tree *shim.AST, problems []Problem) {
	syntax, _ := SyntaxFor(path)
	if off := tooDeep(src, syntax.JSX, MaxNesting); off >= 0 {
		return nil, []Problem{tooDeepProblem(off)}
	}
	t, problems, ok := shim.Parse(path, src, syntax)
	if !ok {
		if len(problems) == 0 {
			problems = []Problem{{Text: "could not parse file"}}
		}
		return nil, problems
	}
	return &t, nil
}

// ParseJSON parses JSON; loose accepts comments and trailing commas (JSONC).
func ParseJSON(path, src string, loose bool) (value shim.Expr, problems []Problem) {
	if off := tooDeep(src, false, MaxNesting); off >= 0 {
		return shim.Expr{}, []Problem{tooDeepProblem(off)}
	}
	v, problems, ok := shim.ParseJSON(path, src, loose)
	if !ok && len(problems) == 0 {
		problems = []Problem{{Text: "could not parse JSON"}}
	}
	return v, problems
}

func tooDeepProblem(off int) Problem {
	return Problem{Offset: off, Limit: true, Text: fmt.Sprintf("skipped: nested more than %d levels deep (the parser would recurse once per level)", MaxNesting)}
}

// Prop returns the value of key in a JSON or JS object literal, and the key's offset.
func Prop(obj shim.Expr, key string) (value shim.Expr, keyOffset int, ok bool) {
	o, isObj := obj.Data.(*shim.EObject)
	if !isObj {
		return shim.Expr{}, 0, false
	}
	for i := len(o.Properties) - 1; i >= 0; i-- { // last one wins, as in JSON.parse
		p := &o.Properties[i]
		if k, isStr := p.Key.Data.(*shim.EString); isStr && shim.StringValue(k) == key && p.ValueOrNil.Data != nil {
			return p.ValueOrNil, int(p.Key.Loc.Start), true
		}
	}
	return shim.Expr{}, 0, false
}

// String returns the value of a string literal.
func String(e shim.Expr) (string, bool) {
	if s, ok := e.Data.(*shim.EString); ok {
		return shim.StringValue(s), true
	}
	return "", false
}
