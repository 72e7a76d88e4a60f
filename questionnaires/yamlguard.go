package questionnaires

import (
	"errors"
	"fmt"
	"io"

	"github.com/goccy/go-yaml/scanner"
	"github.com/goccy/go-yaml/token"
)

// Hostile YAML
//
// The YAML parser (goccy/go-yaml) costs far more than the size of its input
// on some documents: every node keeps its full path ("$[0][0]...", or the
// keys above it), so nesting costs memory quadratic in the depth (50 000
// nested "[" in 97 KB took a server from 56 MiB to 3.8 GiB) and a long key
// costs its length again for every value below it (a 100 KB key over 20 000
// values: 2 GiB from 140 KB); its tokenizer keeps about 220 bytes per token
// and goes quadratic on runs of '<'; the parser goes quadratic on keys
// without values. None of that is bounded by MaxDefinitionSize, nor by
// maxYAMLNodes, which the tree is checked against only after parsing.
//
// So parseYAML checks a document in two steps before the parser runs:
//
//  1. prescanYAML, on the bytes, with no YAML grammar at all: an upper
//     bound of the number of tokens, to bound what the tokenizer
//     allocates (every token starts at a YAML indicator, at the first
//     character after one or after a line break, or at a word after an
//     anchor, alias, tag or directive; counting those positions can only
//     over-count), and the longest run of '<'.
//  2. checkYAMLTokens, on the tokens (tokenizeYAML: the parser's own
//     scanner, stopped at the first invalid token), which are exactly
//     what the parser consumes, so quoted strings, comments and block
//     scalars are told apart the parser's way: the nesting depth of flow
//     and block collections, the bytes of the paths the parser would
//     store, the keys and entries without a value, and the number of
//     tokens.
//
// FuzzYAMLGuard checks both estimates against the tokenizer and the
// parser's tree.
//
// Each limit is well above what real definitions need: the largest built-in
// questionnaire (91 KB) has 4 156 tokens, about 8 000 counted positions,
// nesting 8, 223 KB of paths and no key without a value
// (TestYAMLGuardMargins).
const (
	// maxYAMLTokens bounds the parser's tokens.
	maxYAMLTokens = 100000
	// maxYAMLWords bounds the positions prescanYAML counts.
	maxYAMLWords = 2 * maxYAMLTokens
	// maxYAMLPathBytes bounds the estimated bytes of the parser's node paths.
	maxYAMLPathBytes = 16 << 20
	// maxYAMLEmpty bounds the keys and entries without a value, each of
	// which makes the parser insert a token into its token slice.
	maxYAMLEmpty = 1000
	// maxYAMLAngles bounds a run of '<' (the tokenizer looks for a merge
	// key "<<" at each of them, scanning the rest of the run).
	maxYAMLAngles = 1000
)

// yamlIndicators are the characters that can start a token of their own.
const yamlIndicators = "[]{},:-?#&*!|>'\"%@`<."

// isYAMLIndicator reports whether c is in yamlIndicators.
func isYAMLIndicator(c byte) bool {
	for i := range len(yamlIndicators) {
		if yamlIndicators[i] == c {
			return true
		}
	}
	return false
}

// prescanYAML is the first step described above: it refuses src when more
// than maxYAMLWords positions could start a token or when a run of '<' is
// longer than maxYAMLAngles.
func prescanYAML(src []byte) error {
	_, err := countYAMLWords(src)
	return err
}

// countYAMLWords counts the positions in src that can start a token (see
// the start of this file) and checks the limits of prescanYAML. It reads
// src once and allocates nothing.
func countYAMLWords(src []byte) (int, error) {
	line, words, angles := 1, 0, 0
	var prev byte = '\n' // the last non-blank character, '\n' at a line start
	blank := true        // the last character was blank (or a line break)
	// the last word has an anchor, alias or tag in it: "&a b" is 3 tokens
	marked := false
	// after a directive ("%YAML 1.2") each word of the line is a token
	directive := false
	for _, c := range src {
		if c == '<' {
			if angles++; angles > maxYAMLAngles {
				return words, &lineError{line: line, msg: fmt.Sprintf("more than %d '<' in a row", maxYAMLAngles)}
			}
		} else {
			angles = 0
		}
		switch c {
		case ' ', '\t':
			blank = true
			continue
		case '\n', '\r':
			if c == '\n' {
				line++
			}
			prev, marked, blank, directive = '\n', false, true, false
			continue
		}
		if c == '%' {
			directive = true
		}
		if isYAMLIndicator(c) || prev == '\n' || isYAMLIndicator(prev) ||
			(blank && (directive || marked)) {
			words++
			if c == '|' || c == '>' {
				// a block scalar header: its content may fail, and the
				// tokenizer then starts again where it failed, making an
				// error token and another one at the same position
				words++
			}
			if words > maxYAMLWords {
				return words, &lineError{line: line, msg: fmt.Sprintf("document too large: more than %d words and YAML indicators (at most %d YAML tokens are allowed)", maxYAMLWords, maxYAMLTokens)}
			}
		}
		if blank {
			marked = false
		}
		if c == '&' || c == '*' || c == '!' {
			marked = true
		}
		prev, blank = c, false
	}
	return words, nil
}

// tokenizeYAML is lexer.Tokenize, except that it stops at the first
// invalid token, which the parser would refuse the document for (with the
// same message): the tokens an error leaves behind are not counted by
// countYAMLWords, and a document of errors would otherwise become a token
// for about every byte. On that error it returns the tokens so far.
func tokenizeYAML(src string) (token.Tokens, error) {
	var s scanner.Scanner
	s.Init(src)
	var tks token.Tokens
	for {
		batch, err := s.Scan()
		if errors.Is(err, io.EOF) {
			return tks, nil
		}
		tks.Add(batch...)
		if err == nil {
			continue
		}
		if tk := tks.InvalidToken(); tk != nil {
			return tks, &lineError{line: tk.Position.Line, msg: "invalid YAML: " + tk.Error}
		}
	}
}

// yamlFrame is an open collection while checkYAMLTokens walks the tokens.
type yamlFrame struct {
	flow   bool         // [...] or {...}; else a block collection
	seq    bool         // a sequence; else a mapping
	extra  int          // flow: levels of the current entry's implicit mappings
	indent int          // block: the column of its entries
	start  *token.Token // flow: its opening bracket
	path   int          // estimated length of its path
	key    int          // mapping: length of the current key
	colon  bool         // flow mapping: the current entry has a ':'
	filled bool         // flow mapping: the current entry has a token
}

// levels is the nesting the frame stands for: a single-pair mapping in a
// flow sequence ([a: b]) is a collection of its own in the parser's tree,
// and so, counted as one to be safe, is each further ':' or '?' in one
// entry of a flow collection.
func (f *yamlFrame) levels() int { return 1 + f.extra }

// childPath is the estimated length of the path of a value in f: the
// parser's path is the parent's path plus ".key" or "[index]".
func (f *yamlFrame) childPath() int {
	if f.seq && f.extra == 0 {
		return f.path + 8
	}
	return f.path + f.key + 3
}

// yamlChecker holds the state of checkYAMLTokens.
type yamlChecker struct {
	frames   []yamlFrame
	depth    int
	maxDepth int // the deepest nesting seen
	paths    int
	empty    int
	// the opening bracket of the last flow collection closed, for a key
	// that is one ([a]: b)
	closed *token.Token
}

// top returns the innermost open collection, or nil.
func (c *yamlChecker) top() *yamlFrame {
	if len(c.frames) == 0 {
		return nil
	}
	return &c.frames[len(c.frames)-1]
}

// valuePath is the estimated path length of a value at the current position.
func (c *yamlChecker) valuePath() int {
	if t := c.top(); t != nil {
		return t.childPath()
	}
	return 1 // "$"
}

// push opens a collection, failing past maxYAMLDepth.
func (c *yamlChecker) push(f yamlFrame, tk *token.Token) error {
	f.path = c.valuePath()
	c.frames = append(c.frames, f)
	return c.deeper(1, tk)
}

// deeper adds n levels of nesting, failing past maxYAMLDepth.
func (c *yamlChecker) deeper(n int, tk *token.Token) error {
	c.depth += n
	c.maxDepth = max(c.maxDepth, c.depth)
	if c.depth > maxYAMLDepth {
		return &lineError{line: tk.Position.Line, msg: fmt.Sprintf("nesting too deep: more than %d levels of lists and mappings", maxYAMLDepth)}
	}
	return nil
}

// pop closes the innermost collection.
func (c *yamlChecker) pop() {
	c.depth -= c.top().levels()
	c.frames = c.frames[:len(c.frames)-1]
}

// open reports whether the innermost collection is a block one.
func (c *yamlChecker) open() bool {
	return len(c.frames) > 0 && !c.top().flow
}

// block places a block sequence entry (seq) or mapping key whose first
// token is first: it closes the block collections indented deeper than its
// column, continues the one at its column, or opens a new one, as the
// parser does by comparing columns; but a node that is the value of what
// ends the line before (see nestsAfter) always opens a new one.
func (c *yamlChecker) block(seq bool, first *token.Token) error {
	col := first.Position.Column
	if nestsAfter(prevToken(first), first) {
		return c.push(yamlFrame{seq: seq, indent: col}, first)
	}
	for c.open() && c.top().indent > col {
		c.pop()
	}
	if c.open() && c.top().indent == col {
		if c.top().seq == seq {
			return nil
		}
		if !seq {
			// a key after the entries of a sequence at its mapping's
			// column ("key:\n- a\nnext: b") ends the sequence
			c.pop()
			if c.open() && !c.top().seq && c.top().indent == col {
				return nil
			}
		}
		// else: a sequence at its key's column ("key:\n- a") is inside the mapping
	}
	return c.push(yamlFrame{seq: seq, indent: col}, first)
}

// nestsAfter reports whether the parser makes first, the first token of a
// block node, the value of p, the token before it, whatever first's
// column: p ends its line and is a tag or an anchor ("a: !t\nb: 1" is
// {a: !t {b: 1}}), or a sequence entry at first's column or left of it
// ("-\na: b" is [{a: b}]). Chains of these nest without bound.
func nestsAfter(p, first *token.Token) bool {
	if p == nil || p.Position.Line >= first.Position.Line {
		return false
	}
	switch p.Type {
	case token.TagType, token.AnchorType:
		return true
	case token.SequenceEntryType:
		return first.Type != token.SequenceEntryType && first.Position.Column >= p.Position.Column
	}
	if q := prevToken(p); isScalarToken(p) && q != nil && q.Type == token.AnchorType && q.Position.Line == p.Position.Line {
		return true // p is the anchor's name
	}
	return false
}

// isScalarToken reports whether tk can be a mapping key by itself.
func isScalarToken(tk *token.Token) bool {
	switch tk.Type {
	case token.StringType, token.SingleQuoteType, token.DoubleQuoteType, token.NullType, token.ImplicitNullType,
		token.InfinityType, token.NanType, token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType,
		token.HexIntegerType, token.FloatType, token.BoolType, token.MergeKeyType:
		return true
	}
	return false
}

// prevToken returns the token before tk that is not a comment, or nil.
func prevToken(tk *token.Token) *token.Token {
	p := tk.Prev
	for p != nil && p.Type == token.CommentType {
		p = p.Prev
	}
	return p
}

// keyStart returns the first token of the key that starts with tk, a
// scalar or an opening bracket: the tag or anchor before it on its line,
// or the header of the block scalar it is the content of, if any, or tk. The
// parser places a mapping at the column of its keys' first token; a
// column too far right would let a later line close it too early.
func keyStart(tk *token.Token) *token.Token {
	start := tk
	for {
		p := prevToken(start)
		if p != nil && start.Type == token.StringType && (p.Type == token.LiteralType || p.Type == token.FoldedType) {
			start = p // the content of a block scalar, which starts at its header
			continue
		}
		if p == nil || p.Position.Line != start.Position.Line {
			return start
		}
		switch {
		case p.Type == token.TagType || p.Type == token.AnchorType || p.Type == token.AliasType:
			start = p
		case isScalarToken(p):
			// an anchor's name: "&a key"
			if q := prevToken(p); q != nil && q.Type == token.AnchorType && q.Position.Line == p.Position.Line {
				start = q
				continue
			}
			return start
		default:
			return start
		}
	}
}

// checkYAMLTokens is the second step described above: it refuses a token
// stream nesting deeper than maxYAMLDepth, with more than maxYAMLPathBytes
// of estimated node paths, more than maxYAMLEmpty keys and entries without
// a value or more than maxYAMLTokens tokens. The error names the limit and
// the line where it is passed.
//
// It follows the parser's structure closely enough to bound it: flow
// collections nest by their brackets (a closing bracket that matches no
// open one is ignored, so the depth is never under-estimated), block ones
// by the columns of their entries and keys, and a value on a later line at
// the column of its key or to the left is no value.
func checkYAMLTokens(tks token.Tokens) error {
	return (&yamlChecker{}).check(tks)
}

// check is checkYAMLTokens.
func (c *yamlChecker) check(tks token.Tokens) error {
	var prev *token.Token // the previous token that is not a comment
	next := func(i int) *token.Token {
		for j := i + 1; j < len(tks); j++ {
			if tks[j].Type != token.CommentType {
				return tks[j]
			}
		}
		return nil
	}
	for i, tk := range tks {
		if tk.Type == token.CommentType {
			continue
		}
		pos := tk.Position
		if c.paths += c.valuePath(); c.paths > maxYAMLPathBytes {
			return &lineError{line: pos.Line, msg: fmt.Sprintf("keys too long for their nesting: the paths to the document's values add up to more than %d bytes", maxYAMLPathBytes)}
		}
		if t := c.top(); t != nil && t.flow && !t.seq {
			switch tk.Type {
			case token.CollectEntryType, token.MappingEndType, token.MappingValueType:
			default:
				t.filled = true
			}
		}
		var err error
		switch tk.Type {
		case token.DocumentHeaderType, token.DocumentEndType:
			// a new document starts at column 1 again
			for c.open() {
				c.pop()
			}
		case token.SequenceStartType, token.MappingStartType:
			err = c.push(yamlFrame{flow: true, seq: tk.Type == token.SequenceStartType, start: tk}, tk)
		case token.SequenceEndType, token.MappingEndType:
			// the innermost flow collection, and the block ones the parser
			// lets start inside it ("{a:\n- b}"), end if it is of this kind
			j := len(c.frames) - 1
			for j >= 0 && !c.frames[j].flow {
				j--
			}
			if j < 0 || c.frames[j].seq != (tk.Type == token.SequenceEndType) {
				break
			}
			for len(c.frames) > j+1 {
				c.pop()
			}
			t := c.top()
			if !t.seq && t.filled && !t.colon {
				c.empty++ // {a, b}: a key without ':'
			}
			c.closed = t.start
			c.pop()
		case token.CollectEntryType:
			if t := c.top(); t != nil && t.flow {
				c.depth -= t.extra
				t.extra = 0
				if !t.seq && t.filled && !t.colon {
					c.empty++
				}
				t.colon, t.filled = false, false
			}
		case token.SequenceEntryType:
			// also inside a flow collection, where the parser takes it
			err = c.block(true, tk)
			if nt := next(i); nt == nil || (nt.Position.Line > pos.Line && nt.Position.Column <= pos.Column) {
				c.empty++
			}
		case token.MappingKeyType:
			// "? key" may have no ": value"; counted as if it had none
			c.empty++
			if t := c.top(); t != nil && t.flow {
				t.extra++
				err = c.deeper(1, tk)
				break
			}
			err = c.block(false, tk)
		case token.MappingValueType:
			// the key's first token, and its length
			first, keyLen := tk, 0
			switch {
			case prev == nil:
			case isScalarToken(prev):
				first, keyLen = keyStart(prev), len(prev.Value)
			case (prev.Type == token.SequenceEndType || prev.Type == token.MappingEndType) && c.closed != nil:
				first, keyLen = keyStart(c.closed), pos.Offset-c.closed.Position.Offset
			}
			keyCol := first.Position.Column
			if prev == nil || prev.Position.Line < pos.Line {
				// ": value" first on its line: an empty key, or the value
				// of a key above it; either may come without a value
				c.empty++
			}
			if t := c.top(); t != nil && t.flow {
				if t.seq || t.colon {
					t.extra++
					err = c.deeper(1, tk)
				}
				t.key, t.colon = keyLen, true
				if nt := next(i); nt == nil || nt.Type == token.CollectEntryType || nt.Type == token.MappingEndType || nt.Type == token.SequenceEndType {
					c.empty++
				}
				break
			}
			err = c.block(false, first)
			if t := c.top(); t != nil {
				t.key = keyLen
			}
			nt := next(i)
			if nt == nil || nt.Type == token.CollectEntryType || nt.Type == token.MappingEndType || nt.Type == token.SequenceEndType ||
				(nt.Position.Line > pos.Line && (nt.Position.Column < keyCol || (nt.Position.Column == keyCol && nt.Type != token.SequenceEntryType))) {
				c.empty++
			}
		}
		if err != nil {
			return err
		}
		if c.empty > maxYAMLEmpty {
			return &lineError{line: pos.Line, msg: fmt.Sprintf("more than %d keys or list entries without a value", maxYAMLEmpty)}
		}
		prev = tk
	}
	// counted last, so that a deep document is refused for its depth
	if len(tks) > maxYAMLTokens {
		return &lineError{line: tks[maxYAMLTokens].Position.Line,
			msg: fmt.Sprintf("document too large: more than %d YAML tokens (keys, values, brackets, dashes)", maxYAMLTokens)}
	}
	return nil
}
