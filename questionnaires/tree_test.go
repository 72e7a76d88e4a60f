package questionnaires

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestParseTree: Parse gives the typed tree, with the operators written
// one way, and Walk visits every node depth first (and skips a subtree
// when told to).
func TestParseTree(t *testing.T) {
	tests := []struct {
		src  string
		want Node
	}{
		{"1 + 2.5", Binary{"+", NumLit{Value: 1}, NumLit{Value: 2.5}}},
		{"a && !b || c ^ 2", Binary{"or", Binary{"and", Ref{"a"}, Unary{"not", Ref{"b"}}}, Binary{"**", Ref{"c"}, NumLit{Value: 2}}}},
		{"m.row == nil", Binary{"==", Member{"m", "row"}, NilLit{}}},
		{"x ? 'y' : true", Cond{Ref{"x"}, StrLit{"y"}, BoolLit{true}}},
		{"sum([a, -1])", Call{"sum", []Node{ListLit{[]Node{Ref{"a"}, Unary{"-", NumLit{Value: 1}}}}}}},
		{"m.f()", Call{"", []Node{}}}, // not a plain name: refused at load
		{"m[1]", Invalid{"member"}},
		{"m['row']", Member{"m", "row"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.src, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.src, got, tt.want)
		}
	}
	if _, err := Parse("1 +"); err == nil {
		t.Error("Parse(\"1 +\") gave no error")
	}
	n, _ := Parse("selected(q, 'a') and (x > 1 or not answered(y))")
	var seen []string
	Walk(n, func(c Node) bool {
		switch v := c.(type) {
		case Ref:
			seen = append(seen, v.Name)
		case Binary:
			return v.Op != "or" // skip the right side
		}
		return true
	})
	if want := []string{"q"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("Walk saw %v, want %v", seen, want)
	}
}

// TestTreeJSON: the JSON form of the loaded expressions (ExprJSONVersion
// 1), member access resolved into a matrix row or a choice attribute.
func TestTreeJSON(t *testing.T) {
	sl := slots{"m": {index: 0}}
	tests := []struct{ src, want string }{
		{"+m.r - 2", `["op","-",["get","m","r"],["num",2]]`},
		{"choice.region == 'x' && !(a in [1, 2])", `["op","and",["op","==",["attr","region"],["str","x"]],["not",["op","in",["id","a"],["arr",["num",1],["num",2]]]]]`},
		{"q ?? nil", `["op","??",["id","q"],["nil"]]`},
		{"x ? 1 : round(y, 2)", `["if",["id","x"],["num",1],["call","round",["id","y"],["num",2]]]`},
	}
	for _, tt := range tests {
		n, err := Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(TreeJSON(resolve(n, sl)))
		if string(b) != tt.want {
			t.Errorf("%s: JSON %s, want %s", tt.src, b, tt.want)
		}
	}
}
