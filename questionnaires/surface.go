package questionnaires

import (
	"fmt"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/parser"
)

// The surface that questionnaires/xlsform (and any other translator of
// definitions) uses: the rules on ids and expressions, owned here.

// MaxIDLen is the longest id of a questionnaire, question or choice.
const MaxIDLen = maxIDLen

// MaxExprLen is the longest expression, in bytes.
const MaxExprLen = maxExprLen

// ValidQuestionnaireID reports whether s is a valid questionnaire id.
func ValidQuestionnaireID(s string) bool {
	return len(s) <= maxIDLen && reQuestionnaireID.MatchString(s)
}

// ValidChoiceID reports whether s is a valid choice (or maturity level) id.
func ValidChoiceID(s string) bool { return len(s) <= maxIDLen && reChoiceID.MatchString(s) }

// IsFunction reports whether an expression may call the function name.
func IsFunction(name string) bool { return helperNames[name] }

// FunctionList is the functions an expression may call, for messages
// ("selected, count, ...").
func FunctionList() string { return helperList() }

// parseSyntax parses an expression into expr-lang's syntax tree with the
// functions of the expression language (Parse converts it into the tree).
func parseSyntax(src string) (ast.Node, error) {
	cfg := conf.CreateNew()
	for _, o := range exprOptions(map[string]any{}) {
		o(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	tree, err := parser.ParseWithConfig(src, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s", exprMessage(err))
	}
	return tree.Node, nil
}
