package questionnaires

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one error found in a questionnaire definition.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line"`
	// Path locates the problem in the document: "sections[1].questions[3].choices".
	// Indexes count from 0.
	Path    string `json:"path"`
	Message string `json:"message"`
}

// String formats the problem as FILE:LINE: PATH: message.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	fmt.Fprintf(&b, ":%d: ", p.Line)
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// DefinitionError lists every problem found in a definition, in line order.
type DefinitionError struct {
	Problems []Problem
}

// Error joins the problems, one per line.
func (e *DefinitionError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (e *DefinitionError) sort() {
	sort.SliceStable(e.Problems, func(i, j int) bool { return e.Problems[i].Line < e.Problems[j].Line })
}

// FieldErrors maps an answer's question id to what is wrong with it.
type FieldErrors map[string]string

// Error lists the fields and messages in id order.
func (fe FieldErrors) Error() string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + fe[k]
	}
	return "invalid answers: " + strings.Join(parts, "; ")
}
