package project

import "strings"

// ModuleSpecs lists the module specifiers src names, read from text rather than syntax (a
// bounded walk uses them to find the packages a file reaches before anything is parsed):
// strings after `from` and `import` (declarations, side-effect imports, import()), after
// `require(`, and any quoted string naming a `_generated` directory (GeneratedSpecs). A
// specifier inside a comment is listed too; that costs a package walk, never a finding.
func ModuleSpecs(src string) []string {
	var out []string
	for i := 0; i < len(src); i++ {
		q := src[i]
		if q != '"' && q != '\'' {
			continue
		}
		end := i + 1
		for end < len(src) && src[end] != q && src[end] != '\n' && src[end] != '\\' {
			end++
		}
		if end >= len(src) || src[end] != q {
			continue
		}
		if end > i+1 && afterModuleKeyword(src, i) {
			out = append(out, src[i+1:end])
		}
		i = end
	}
	return append(out, GeneratedSpecs(src)...)
}

// afterModuleKeyword reports whether the quote at i follows `from`, `import` or `require`,
// with spaces and one opening parenthesis between.
func afterModuleKeyword(src string, i int) bool {
	j := i - 1
	for j >= 0 && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
		j--
	}
	if j >= 0 && src[j] == '(' {
		j--
		for j >= 0 && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
			j--
		}
	}
	for _, kw := range []string{"from", "import", "require"} {
		start := j + 1 - len(kw)
		if start >= 0 && src[start:j+1] == kw && (start == 0 || !isIdentByte(src[start-1])) {
			return true
		}
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// GeneratedSpecs finds the quoted strings of src that name a `_generated` directory
// ("…/_generated" or "…/_generated/…"): import and export declarations, require() and
// import() calls alike.
func GeneratedSpecs(src string) []string {
	var out []string
	for i := 0; ; {
		j := strings.Index(src[i:], "/_generated")
		if j < 0 {
			return out
		}
		at := i + j
		i = at + len("/_generated")
		start := strings.LastIndexAny(src[:at], "\"'\n \t")
		if start < 0 || src[start] != '"' && src[start] != '\'' {
			continue
		}
		end := strings.IndexAny(src[i:], "\"'\n \t")
		if end < 0 || src[i+end] != src[start] || end > 0 && src[i] != '/' {
			continue
		}
		out = append(out, src[start+1:i+end])
	}
}
