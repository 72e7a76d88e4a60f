package questionnaires

import "github.com/expr-lang/expr/ast"

// Entry points from expr-lang's syntax tree, through the expression tree,
// for TestFastPathsMatchGeneric, whose generator builds expr-lang trees.

// compileNode compiles expr-lang's syntax tree n into the generic closure
// and its JSON form.
func compileNode(n ast.Node, sl slots) (fn, any) {
	t := resolve(fromAST(n), sl)
	return compileTree(t, sl), TreeJSON(t)
}

// compileNum compiles expr-lang's syntax tree n for a numeric context.
func compileNum(n ast.Node, sl slots) numFn { return numTree(resolve(fromAST(n), sl), sl) }

// compilePred compiles expr-lang's syntax tree n as a condition.
func compilePred(n ast.Node, sl slots) pred { return predTree(resolve(fromAST(n), sl), sl) }
