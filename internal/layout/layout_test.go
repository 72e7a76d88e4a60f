package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/assocbench/assocbench"

// layers are the packages of the module from left to right: a package
// may import packages of a lower layer, and its own subpackages' parents
// (questionnaires/synth imports questionnaires), never one of the same
// layer in another tree (api and web do not import each other) nor one
// to its right. The longest matching prefix wins.
var layers = map[string]int{
	"i18n":              0, // the message catalog: imports nothing of ours
	"mailer":            0, // SMTP: imports nothing of ours
	"questionnaires":    1,
	"scoring":           2,
	"survey":            3,
	"survey/demo":       4,
	"survey/mongostore": 4,
	"reports":           4,
	"httpx":             5, // what api and web share
	"api":               6,
	"web":               6,
	"cmd":               7,
	"internal":          7,
}

// owners say which packages alone may import a dependency (a module path
// prefix).
var owners = []struct {
	dep    string
	owners []string
}{
	{"go.mongodb.org/mongo-driver", []string{"survey/mongostore"}},
	{"github.com/FerretDB/FerretDB", []string{"survey/mongostore"}},
	{"github.com/gin-gonic/gin", []string{"api", "web", "httpx"}},
	{"github.com/go-playground/validator", []string{"api"}},
	{"github.com/xuri/excelize", []string{"reports", "questionnaires/xlsform"}},
	{"github.com/go-echarts/go-echarts", []string{"reports"}},
	// questionnaires names and sorts its built-in lists (countries,
	// languages) with CLDR data; scoring, which must stay pure
	// computation, no longer does.
	{"golang.org/x/text", []string{"i18n", "questionnaires"}},
}

// rel is the package path inside the module ("survey/mongostore"), or ""
// for a package outside it.
func rel(path string) string {
	if path == module {
		return "."
	}
	if r, ok := strings.CutPrefix(path, module+"/"); ok {
		return r
	}
	return ""
}

// under reports whether pkg is tree or inside it.
func under(pkg, tree string) bool { return pkg == tree || strings.HasPrefix(pkg, tree+"/") }

// layerOf returns the layer of a package of the module and the tree that
// gave it (the longest matching prefix).
func layerOf(pkg string) (int, string, bool) {
	best := ""
	for tree := range layers {
		if under(pkg, tree) && len(tree) > len(best) {
			best = tree
		}
	}
	if best == "" {
		return 0, "", false
	}
	return layers[best], best, true
}

// check returns what is wrong with pkg importing imp.
func check(pkg, imp string) error {
	if r := rel(imp); r != "" {
		pl, ptree, ok := layerOf(pkg)
		if !ok {
			return fmt.Errorf("%s is in no layer of the layout test", pkg)
		}
		il, itree, ok := layerOf(r)
		if !ok {
			return fmt.Errorf("%s is in no layer of the layout test", r)
		}
		switch {
		case under(pkg, r): // a subpackage importing its parent tree
		case il > pl:
			return fmt.Errorf("%s imports %s, which is to its right (DESIGN.md §2)", pkg, r)
		case il == pl && ptree != itree:
			return fmt.Errorf("%s imports %s, a package of the same layer", pkg, r)
		case il == pl && !under(pkg, itree):
			return fmt.Errorf("%s imports %s, which is not its parent", pkg, r)
		}
		return nil
	}
	for _, o := range owners {
		if imp != o.dep && !strings.HasPrefix(imp, o.dep+"/") {
			continue
		}
		if !slices.ContainsFunc(o.owners, func(owner string) bool { return pkg == owner || (owner != "questionnaires" && under(pkg, owner)) }) {
			return fmt.Errorf("%s imports %s, which only %s may import", pkg, imp, strings.Join(o.owners, ", "))
		}
	}
	return nil
}

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		pkg, imp string
		ok       bool
	}{
		{"scoring", module + "/questionnaires", true},
		{"questionnaires", module + "/scoring", false},
		{"questionnaires", module + "/i18n", true},
		{"i18n", module + "/questionnaires", false},
		{"questionnaires/synth", module + "/questionnaires", true},
		{"survey/mongostore", module + "/survey", true},
		{"reports", module + "/survey/mongostore", false},
		{"reports", module + "/api", false},
		{"api", module + "/web", false},
		{"web", module + "/httpx", true},
		{"httpx", module + "/web", false},
		{"cmd/assocbench", module + "/web", true},
		{"survey", "go.mongodb.org/mongo-driver/v2/bson", false},
		{"survey/mongostore", "go.mongodb.org/mongo-driver/v2/bson", true},
		{"reports", "github.com/gin-gonic/gin", false},
		{"httpx", "github.com/gin-gonic/gin", true},
		{"scoring", "golang.org/x/text/language", false},
		{"i18n", "golang.org/x/text/feature/plural", true},
		{"questionnaires/xlsform", "github.com/xuri/excelize/v2", true},
		{"questionnaires/synth", "github.com/xuri/excelize/v2", false},
		{"questionnaires", "github.com/xuri/excelize/v2", false},
		{"web", "github.com/go-echarts/go-echarts/v2/opts", false},
	} {
		if err := check(tc.pkg, tc.imp); (err == nil) != tc.ok {
			t.Errorf("check(%s, %s) = %v, want ok %v", tc.pkg, tc.imp, err, tc.ok)
		}
	}
}

// listed is what go list says of a package.
type listed struct {
	ImportPath string
	Imports    []string
	Module     *struct{ Path string }
}

// TestImportDirection lists every package of the module (tests left out)
// with go list and checks each import.
func TestImportDirection(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports,Module", "./...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := 0
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		pkg := rel(p.ImportPath)
		if pkg == "" || p.Module == nil || p.Module.Path != module {
			continue
		}
		seen++
		for _, imp := range p.Imports {
			if err := check(pkg, imp); err != nil {
				t.Error(err)
			}
		}
	}
	if seen < 10 {
		t.Errorf("go list named %d packages of the module: the test looks at the wrong place", seen)
	}
}
