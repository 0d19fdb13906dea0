package parser

import "strings"

// Words finds which of a fixed list of words occur in a text in one pass over it, where
// strings.Contains takes a pass per word: the linter looks for some forty trigger words in
// every file of a repository, and with one pass each that scanning was most of a run's CPU.
//
// We write our own rather than take an Aho-Corasick module because the linter needs only the
// set of words present (a bitset, no match positions or allocations per hit), which a table
// DFA gives in about a hundred lines. It is an Aho-Corasick automaton turned into a DFA over byte classes (the bytes that occur
// in some word, each its own class, and all others as one), with the states that end a word
// numbered last, so that the inner loop is a table lookup and one comparison per byte.
type Words struct {
	words  []string
	maxLen int
	class  [256]uint8
	width  uint32   // number of byte classes: a state's row length
	next   []uint32 // next[row+class] is the row (state × width) of the next state
	// States from firstOut on end at least one word; out[(row/width)-firstOut] lists them.
	firstOut uint32
	out      [][]int
}

// NewWords builds the automaton for words; empty words are never found. The words may use at
// most 255 distinct bytes.
func NewWords(words []string) *Words {
	w := &Words{words: words}
	// Byte classes: 0 for bytes in no word.
	n := 1
	for _, word := range words {
		w.maxLen = max(w.maxLen, len(word))
		for i := 0; i < len(word); i++ {
			if w.class[word[i]] == 0 {
				if n == 256 {
					panic("parser: NewWords: more than 255 distinct bytes")
				}
				w.class[word[i]] = uint8(n)
				n++
			}
		}
	}
	w.width = uint32(n)
	// The trie as flat rows of width entries (0: no edge, the root being no node's child):
	// maps per node made building it most of a bare process start.
	width := int(w.width)
	nodes := 1
	for _, word := range words {
		nodes += len(word)
	}
	rows := make([]int32, nodes*width) // one allocation: growing it was most of the cost
	outs := make([][]int, 1, nodes)
	for i, word := range words {
		if word == "" {
			continue
		}
		s := 0
		for j := 0; j < len(word); j++ {
			c := int(w.class[word[j]])
			t := rows[s*width+c]
			if t == 0 {
				t = int32(len(outs))
				outs = append(outs, nil)
				rows[s*width+c] = t
			}
			s = int(t)
		}
		outs[s] = append(outs[s], i)
	}
	// Failure links, turning each row into the full transition function in place, in
	// breadth-first order (a node's fail state is shallower, so its row is complete when the
	// node's is built).
	fail := make([]int, len(outs))
	order := make([]int, 1, len(outs))
	for k := 0; k < len(order); k++ {
		s := order[k]
		f := fail[s]
		if s != 0 {
			outs[s] = append(outs[s], outs[f]...)
		}
		for c := range width {
			if t := rows[s*width+c]; t != 0 {
				if s != 0 {
					fail[t] = int(rows[f*width+c])
				}
				order = append(order, int(t))
			} else if s != 0 {
				rows[s*width+c] = rows[f*width+c]
			}
		}
	}
	trie := outs
	// Number the states without output first.
	id := make([]uint32, len(trie))
	var ids uint32
	for s := range trie {
		if len(trie[s]) == 0 {
			id[s] = ids
			ids++
		}
	}
	w.firstOut = ids
	for s := range trie {
		if len(trie[s]) > 0 {
			id[s] = ids
			ids++
			w.out = append(w.out, trie[s])
		}
	}
	w.next = make([]uint32, len(trie)*int(w.width))
	for s := range trie {
		row := id[s] * w.width
		for c := range w.width {
			w.next[row+c] = id[rows[s*width+int(c)]] * w.width
		}
	}
	return w
}

// Found says which words a text holds: Has(i) for words[i].
type Found []uint64

// Has reports whether the text holds word i.
func (f Found) Has(i int) bool { return f[i/64]&(1<<(i%64)) != 0 }

// Find reports which of the words occur in s.
func (w *Words) Find(s string) Found {
	found := make(Found, (len(w.words)+63)/64)
	// Four automata run side by side on four quarters of s, each quarter extended into the
	// next by the longest word's length less one, so that a word across a boundary is seen
	// whole: each step of one automaton waits for its previous lookup, and the four chains
	// overlap in the CPU (three times the speed of one).
	const lanes = 4
	quarter := len(s) / lanes
	if quarter < 4*w.maxLen {
		w.scan(s, found)
		return found
	}
	ext := w.maxLen - 1
	a, b, c, d := s[:quarter+ext], s[quarter:2*quarter+ext], s[2*quarter:3*quarter+ext], s[3*quarter:]
	next, class := w.next, &w.class
	first := w.firstOut * w.width
	var ra, rb, rc, rd uint32
	n := min(len(a), len(d)) // a, b and c have the same length; d may be longer or shorter
	for i := 0; i < n; i++ {
		ra = next[ra+uint32(class[a[i]])]
		rb = next[rb+uint32(class[b[i]])]
		rc = next[rc+uint32(class[c[i]])]
		rd = next[rd+uint32(class[d[i]])]
		if ra >= first || rb >= first || rc >= first || rd >= first {
			for _, r := range [...]uint32{ra, rb, rc, rd} {
				if r >= first {
					w.emit(r, found)
				}
			}
		}
	}
	for _, lane := range [...]struct {
		s   string
		row uint32
	}{{a, ra}, {b, rb}, {c, rc}, {d, rd}} {
		for i := n; i < len(lane.s); i++ {
			if lane.row = next[lane.row+uint32(class[lane.s[i]])]; lane.row >= first {
				w.emit(lane.row, found)
			}
		}
	}
	return found
}

// scan runs the automaton over s, recording the words found.
func (w *Words) scan(s string, found Found) {
	next, class := w.next, &w.class
	first := w.firstOut * w.width
	row := uint32(0)
	for i := 0; i < len(s); i++ {
		if row = next[row+uint32(class[s[i]])]; row >= first {
			w.emit(row, found)
		}
	}
}

func (w *Words) emit(row uint32, found Found) {
	for _, k := range w.out[row/w.width-w.firstOut] {
		found[k/64] |= 1 << (k % 64)
	}
}

// byFrequency lists the ASCII bytes from the most to the least frequent in JS and TS code (as
// measured on the benchmark corpus of bench/README.md); the bytes it leaves out are rarer.
const byFrequency = " etrnaois\nlcudp.mfhg,)(*=y/b\"0-\\v}{;:SEwxk4CR'_T3A`IP>1DONML25<[]F8@6qUjHB7z|9?W&VK!G+$X#JQYZ^\t%~"

// byteRank is a byte's place in byFrequency, 255 for the rarest.
var byteRank = func() (r [256]uint8) {
	for i := range r {
		r[i] = 255
	}
	for i := 0; i < len(byFrequency); i++ {
		r[byFrequency[i]] = uint8(i)
	}
	return r
}()

// Contains is strings.Contains(s, word) for a word looked for in code. It looks for the
// word's rarest byte with IndexByte and compares around each hit, where strings.Contains
// looks for the first byte: the "u" of "useAuthFromAuthKit" is in every other line of code,
// its "K" is not.
func Contains(s, word string) bool {
	if len(word) < 2 {
		return strings.Contains(s, word)
	}
	k := 0
	for i := 1; i < len(word); i++ {
		if byteRank[word[i]] > byteRank[word[k]] {
			k = i
		}
	}
	c := word[k]
	if byteRank[c] < 20 {
		return strings.Contains(s, word) // all its bytes are common: no better than the first
	}
	for i := k; i < len(s); {
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return false
		}
		if p := i + j - k; p+len(word) <= len(s) && s[p:p+len(word)] == word {
			return true
		}
		i += j + 1
	}
	return false
}
