package questionnaires

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// blockMaps returns n block mappings nested by indentation.
func blockMaps(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// keysWithoutValues returns n block keys without values.
func keysWithoutValues(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d:\n", i)
	}
	return b.String()
}

// guardYAML runs both steps of the check on src.
func guardYAML(src string) error {
	if err := prescanYAML([]byte(src)); err != nil {
		return err
	}
	return checkYAMLTokens(lexer.Tokenize(src))
}

// TestYAMLGuardRefuses: each document that would make the parser exhaust
// memory is refused, with an error naming the limit and the line.
func TestYAMLGuardRefuses(t *testing.T) {
	const deep = "nesting too deep: more than 64 levels"
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{"flow sequences", strings.Repeat("[", 65), 1, deep},
		{"flow mappings", strings.Repeat("{a: ", 65), 1, deep},
		{"flow mapping keys", strings.Repeat("{", 65), 1, deep},
		{"single-pair mappings in flow sequences", strings.Repeat("[a: ", 33), 1, deep},
		{"block sequences", strings.Repeat("- ", 65) + "x", 1, deep},
		{"explicit keys", strings.Repeat("? ", 65) + "x", 1, deep},
		{"block mappings", blockMaps(70), 65, deep},
		{"block sequences of mappings", func() string {
			var b strings.Builder
			for i := range 40 {
				b.WriteString(strings.Repeat("  ", i) + "- k:\n")
			}
			return b.String()
		}(), 33, deep},
		{"flow inside block", "a:\n  b:\n    - " + strings.Repeat("[", 62), 3, deep},
		{"one bracket per line", strings.Repeat("[\n", 100), 65, deep},
		{"closing brackets hidden in comments", strings.Repeat("[ #]]\n", 100), 65, deep},
		{"closing brackets hidden in quotes", strings.Repeat("[ ']]', ", 100), 1, deep},
		{"closing brackets of the other kind", strings.Repeat("[ } ", 100), 1, deep},
		{"closing brackets in a block scalar", strings.Repeat("[", 40) + "\n" + strings.Repeat("[", 40), 2, deep},
		{"anchors and tags", strings.Repeat("&a !!seq [", 65), 1, deep},
		{"tags taking the next line", strings.Repeat("a: !t\n", 70), 65, deep},
		{"tags taking the next entry", strings.Repeat("- !t\n", 70), 65, deep},
		{"mappings as values of entries at their column", strings.Repeat("-\na:\n", 40), 65, deep},
		{"explicit keys as values of entries at their column", strings.Repeat("-\n? a\n", 40), 65, deep},
		{"a long key over many values", "{" + strings.Repeat("k", 100000) + ": [" + strings.Repeat("a, ", 20000) + "]}", 1,
			"keys too long for their nesting: the paths to the document's values add up to more than 16777216 bytes"},
		{"a long block key", strings.Repeat("k", 100000) + ":\n" + strings.Repeat("- a\n", 20000), 85, "paths"},
		{"keys without values", keysWithoutValues(2000), 1001, "more than 1000 keys or list entries without a value"},
		{"flow keys without values", "{" + strings.Repeat("a: , ", 1500) + "}", 1, "more than 1000 keys or list entries without a value"},
		{"flow keys without colons", "{" + strings.Repeat("a, ", 1500) + "}", 1, "without a value"},
		{"entries without values", strings.Repeat("-\n", 1500), 1001, "without a value"},
		{"many tokens", "[" + strings.Repeat("a,", 60000) + "]", 1, "more than 100000 YAML tokens"},
		{"many tokens over lines", strings.Repeat("- a\n", 60000), 50001, "more than 100000 YAML tokens"},
		{"many words", "[" + strings.Repeat("a, ", 120000) + "]", 1, "more than 200000 words and YAML indicators"},
		{"a run of '<'", "a: b" + strings.Repeat("<", 1001), 1, "more than 1000 '<' in a row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := guardYAML(tt.src)
			var le *lineError
			if !errors.As(err, &le) {
				t.Fatalf("guard: %v, want a *lineError", err)
			}
			if !strings.Contains(le.msg, tt.want) || le.line != tt.line {
				t.Errorf("guard: line %d: %s; want line %d: ...%s...", le.line, le.msg, tt.line, tt.want)
			}
		})
	}
}

// TestYAMLGuardAllows: what looks like nesting in strings, comments and
// block scalars is not nesting, and real definitions are far from every
// limit.
func TestYAMLGuardAllows(t *testing.T) {
	brackets := strings.Repeat("[{", 200)
	tests := []struct{ name, src string }{
		{"64 flow levels", strings.Repeat("[", 64) + strings.Repeat("]", 64)},
		{"64 block levels", strings.Repeat("- ", 64) + "x"},
		{"double-quoted", `a: "` + brackets + `"`},
		{"single-quoted", `a: '` + brackets + `'`},
		{"quoted in flow", `[a, "` + brackets + `", '` + brackets + `']`},
		{"multi-line quoted", "a: \"x\n  " + brackets + "\n  y\"\n"},
		{"comment", "a: 1 # " + brackets + "\n# " + brackets + "\nb: 2"},
		{"literal block scalar", "a: |\n  " + brackets + "\n  " + brackets + "\nb: 2"},
		{"folded block scalar", "a: >-\n  " + brackets + "\n\n  " + brackets + "\nb: 2"},
		{"plain scalar", "a: x" + brackets},
		{"1000 keys without values", keysWithoutValues(1000)},
		{"sequences at their key's column", strings.Repeat("k:\n- a\n- b\nl:\n- c\n", 100)},
		{"1000 '<'", "a: " + strings.Repeat("<", 1000)},
	}
	files, _ := filepath.Glob("library/*.yaml")
	more, _ := filepath.Glob("testdata/*/*.yaml")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, src string }{f, string(b)})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := guardYAML(tt.src); err != nil {
				t.Errorf("guard: %v, want none", err)
			}
		})
	}
}

// TestYAMLGuardMargins documents how far the built-in questionnaires are
// from the limits.
func TestYAMLGuardMargins(t *testing.T) {
	files, _ := filepath.Glob("library/*.yaml")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		words, err := countYAMLWords(src)
		if err != nil {
			t.Fatal(err)
		}
		tks := lexer.Tokenize(string(src))
		c := &yamlChecker{}
		if err := c.check(tks); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes, %d tokens (limit %d), %d words (limit %d), depth %d (limit %d), %d path bytes (limit %d), %d without value (limit %d)",
			f, len(src), len(tks), maxYAMLTokens, words, maxYAMLWords, c.maxDepth, maxYAMLDepth, c.paths, maxYAMLPathBytes, c.empty, maxYAMLEmpty)
		if len(tks)*10 > maxYAMLTokens || words*10 > maxYAMLWords || c.maxDepth*4 > maxYAMLDepth || c.paths*10 > maxYAMLPathBytes || c.empty > 0 {
			t.Errorf("%s is within a factor 10 (depth: 4) of a limit", f)
		}
	}
}

// nested50k returns the hostile documents of #11: 50 000 nested flow
// sequences or mappings, 100-250 KB.
func nested50k() map[string]string {
	return map[string]string{
		"sequences":       strings.Repeat("[x, ", 50000),
		"mappings":        strings.Repeat("{k: ", 50000),
		"bare brackets":   strings.Repeat("[", 50000) + strings.Repeat("{", 50000),
		"block sequences": strings.Repeat("- ", 50000) + "x",
	}
}

// heapPeak runs f and returns the bytes it allocated in all (an upper bound
// of the heap it added at any time, whatever the garbage collector did) and
// the largest heap growth a sampler saw while it ran.
func heapPeak(f func()) (allocated, sampled uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var mu sync.Mutex
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			mu.Lock()
			peak = max(peak, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	close(stop)
	<-done
	mu.Lock()
	defer mu.Unlock()
	if peak > base {
		sampled = peak - base
	}
	return after.TotalAlloc - before.TotalAlloc, sampled
}

// TestLoadHostileNesting loads the documents of #11 and checks that they are
// refused for their depth, naming the limit, the file and the line, having
// allocated less than 64 MiB in all (they took gigabytes before the guard).
func TestLoadHostileNesting(t *testing.T) {
	for name, src := range nested50k() {
		t.Run(name, func(t *testing.T) {
			var err error
			allocated, sampled := heapPeak(func() { _, err = Load("deep.yaml", []byte(src)) })
			t.Logf("%d bytes: allocated %.1f MiB in all, sampled heap peak +%.1f MiB", len(src), mib(allocated), mib(sampled))
			if want := "deep.yaml:1: nesting too deep: more than 64 levels of lists and mappings"; err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Load: %v, want %q", err, want)
			}
			if allocated > 64<<20 {
				t.Errorf("Load allocated %.1f MiB, want under 64 MiB", mib(allocated))
			}
		})
	}
}

// mib converts bytes to MiB.
func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// yamlDepth is the nesting of collections in a parsed document.
func yamlDepth(n ast.Node) int {
	switch v := n.(type) {
	case *ast.DocumentNode:
		return yamlDepth(v.Body)
	case *ast.MappingNode:
		d := 0
		for _, mv := range v.Values {
			d = max(d, yamlDepth(mv.Key), yamlDepth(mv.Value))
		}
		return 1 + d
	case *ast.MappingValueNode:
		return 1 + max(yamlDepth(v.Key), yamlDepth(v.Value))
	case *ast.MappingKeyNode:
		return yamlDepth(v.Value)
	case *ast.SequenceNode:
		d := 0
		for _, it := range v.Values {
			d = max(d, yamlDepth(it))
		}
		return 1 + d
	case *ast.AnchorNode:
		return yamlDepth(v.Value)
	case *ast.TagNode:
		return yamlDepth(v.Value)
	}
	return 0
}

// insertedNulls counts the values the parser made up for keys and entries
// without one, by inserting a token into its token slice: those of keys
// and sequence entries, not those of a tag or anchor without a value.
func insertedNulls(n ast.Node) int {
	switch v := n.(type) {
	case *ast.DocumentNode:
		return insertedNulls(v.Body)
	case *ast.MappingNode:
		c := 0
		for _, mv := range v.Values {
			c += insertedNulls(mv)
		}
		return c
	case *ast.MappingValueNode:
		return insertedNulls(v.Key) + insertedNulls(v.Value)
	case *ast.MappingKeyNode:
		return insertedNulls(v.Value)
	case *ast.SequenceNode:
		c := 0
		for _, it := range v.Values {
			c += insertedNulls(it)
		}
		return c
	case *ast.AnchorNode:
		if _, ok := v.Value.(*ast.NullNode); ok {
			return 0
		}
		return insertedNulls(v.Value)
	case *ast.TagNode:
		if _, ok := v.Value.(*ast.NullNode); ok {
			return 0
		}
		return insertedNulls(v.Value)
	case *ast.NullNode:
		if v.Token != nil && v.Token.Type == token.ImplicitNullType {
			return 1
		}
	}
	return 0
}

// FuzzYAMLGuard compares the guard's estimates with what the tokenizer and
// the parser really do: countYAMLWords never counts fewer positions than
// there are tokens (up to the first invalid one, where tokenizeYAML stops,
// refusing only what the parser refuses), and on documents that parse,
// checkYAMLTokens never
// sees less nesting, nor fewer keys and entries without a value, than the
// parser's tree has.
func FuzzYAMLGuard(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	lib, _ := filepath.Glob("library/profile.yaml")
	for _, p := range append(files, lib...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"a: [b, {c: d}, [e: f]]", "- - - x\n- y", "? a\n: b\n? - c\n: - d", "a:\n- b\n- c\nd:\n  e: [1, 2]",
		"[#]\n]", "{a, b: , c}", "a: &x [1]\nb: *x\n", "!!map {a: !!seq [b]}", "a: |\n  [[\n b: [", "'a': \"b\" # [\n",
		"- a: b\n  c:\n  - d\n- e", "[a, [b, [c]]]: x", "---\n- a\n---\n[b", "a:\n  - b:\n      - c\n    d: e",
		"key:\n\n  value", "- |\n  x\n- >\n  y\n-\n", "{[a]: [b], {c: d}: e}", "a: \"x\ny\" [", "%YAML 1.2\n---\n[a]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return
		}
		words, err := countYAMLWords(src)
		if err != nil {
			return
		}
		tks, err := tokenizeYAML(string(src))
		if len(tks) > words+1 { // + the invalid token, when there is one
			t.Errorf("%d tokens (error %v), but countYAMLWords counted %d positions", len(tks), err, words)
		}
		if err != nil {
			if _, perr := parser.ParseBytes(src, 0); perr == nil {
				t.Errorf("tokenizeYAML: %v, but the document parses", err)
			}
			return
		}
		c := &yamlChecker{}
		if err := c.check(tks); err != nil {
			return
		}
		file, err := parser.ParseBytes(src, 0)
		if err != nil {
			return
		}
		depth := 0
		for _, d := range file.Docs {
			depth = max(depth, yamlDepth(d))
		}
		if depth > c.maxDepth {
			t.Errorf("the parser's tree nests %d deep, checkYAMLTokens saw %d", depth, c.maxDepth)
		}
		nulls := 0
		for _, d := range file.Docs {
			nulls += insertedNulls(d)
		}
		if n := nulls; n > c.empty {
			t.Errorf("the parser made up %d values, checkYAMLTokens counted %d", n, c.empty)
		}
	})
}
