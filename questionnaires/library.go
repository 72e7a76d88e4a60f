package questionnaires

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"
)

//go:embed library/*.yaml
var libraryFS embed.FS

var library = sync.OnceValues(func() ([]*Questionnaire, error) {
	files, err := fs.Glob(libraryFS, "library/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list built-in questionnaires: %w", err)
	}
	sort.Strings(files)
	var out []*Questionnaire
	var errs []error
	for _, f := range files {
		src, err := libraryFS.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read built-in questionnaire: %w", err)
		}
		q, err := Load(path.Join("questionnaires", f), src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, q)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.SliceStable(out, func(i, j int) bool { return areaOrder(out[i].Area) < areaOrder(out[j].Area) })
	return out, nil
})

func areaOrder(a Area) int {
	switch a {
	case AreaProfile:
		return 0
	case AreaFinancial:
		return 1
	case AreaMembership:
		return 2
	case AreaCommunications:
		return 3
	}
	return 4
}

// Library returns the built-in questionnaires (profile first, then the
// three areas), loaded once from the binary. An error lists every problem
// in every file.
func Library() ([]*Questionnaire, error) { return library() }

// LibrarySources returns the built-in definitions' file names and bytes.
func LibrarySources() (map[string][]byte, error) {
	files, err := fs.Glob(libraryFS, "library/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list built-in questionnaires: %w", err)
	}
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		b, err := libraryFS.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read built-in questionnaire: %w", err)
		}
		out[path.Join("questionnaires", f)] = b
	}
	return out, nil
}

// Builtin returns the built-in questionnaire with the id, or nil.
func Builtin(id string) *Questionnaire {
	qs, err := Library()
	if err != nil {
		return nil
	}
	for _, q := range qs {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// MarshalJSON writes a band as the pair [threshold, points], as in YAML.
func (b Band) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]float64{b.Threshold, b.Points})
}

// MarshalJSON leaves out the choices filled from a built-in list, so that
// the JSON form loads again as the same definition.
func (qu *Question) MarshalJSON() ([]byte, error) {
	type plain Question
	p := plain(*qu)
	if p.ChoicesFrom != "" {
		p.Choices = nil
	}
	return json.Marshal(&p)
}
