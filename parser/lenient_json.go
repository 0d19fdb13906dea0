package parser

// LenientMembers reads the members of one object of a JSON text that failed to parse: the
// object at the key path from the top level ("dependencies"; "authKit", "dev"). Keys map to
// their string values ("" for other values). It never fails: what it cannot read it skips.
// A stray comma or a merge-conflict marker in package.json must not hide that the app uses
// AuthKit, so the project model falls back to this for the few keys it needs.
func LenientMembers(src string, path ...string) map[string]string {
	type frame struct {
		object    bool
		key       string // the key this container is the value of
		pending   string // the key read, waiting for its value
		expectKey bool
	}
	stack := []frame{}
	out := map[string]string{}
	matches := func() bool {
		if len(stack) != len(path)+1 || !stack[len(stack)-1].object {
			return false
		}
		for i, k := range path {
			if stack[i+1].key != k {
				return false
			}
		}
		return true
	}
	value := func(v string) {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		if top.object && top.pending != "" {
			if matches() {
				out[top.pending] = v
			}
			top.pending = ""
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '{', '[':
			key := ""
			if n := len(stack); n > 0 {
				key = stack[n-1].pending
				if stack[n-1].object && matches() && key != "" {
					out[key] = ""
				}
				stack[n-1].pending = ""
			}
			stack = append(stack, frame{object: c == '{', key: key, expectKey: c == '{'})
		case '}', ']':
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				stack[n-1].expectKey = stack[n-1].object
				stack[n-1].pending = ""
			}
		case ':':
			if n := len(stack); n > 0 {
				stack[n-1].expectKey = false
			}
		case '"':
			s, end := lenientString(src, i)
			i = end
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].expectKey {
				stack[n-1].pending = s
				stack[n-1].expectKey = false
			} else {
				value(s)
			}
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			} else if i+1 < len(src) && src[i+1] == '*' {
				i += 2
				for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
					i++
				}
				i++
			}
		case ' ', '\t', '\n', '\r':
		default:
			// A number, true/false/null, or junk: one value up to the next delimiter.
			for i+1 < len(src) && !isJSONDelim(src[i+1]) {
				i++
			}
			value("")
		}
	}
	return out
}

func isJSONDelim(c byte) bool {
	switch c {
	case '{', '}', '[', ']', ',', ':', '"', ' ', '\t', '\n', '\r', '/':
		return true
	}
	return false
}

// lenientString reads the string starting at the quote at i; it returns its text (escapes of
// quotes and backslashes undone, others kept) and the index of the closing quote (or of the
// line end, for an unterminated one).
func lenientString(src string, i int) (string, int) {
	var b []byte
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; c {
		case '"':
			return string(b), j
		case '\n':
			return string(b), j
		case '\\':
			if j+1 < len(src) {
				j++
				if src[j] != '"' && src[j] != '\\' && src[j] != '/' {
					b = append(b, '\\')
				}
				b = append(b, src[j])
			}
		default:
			b = append(b, c)
		}
	}
	return string(b), len(src)
}
