package questionnaires

import (
	"slices"
	"testing"
)

// The built-in instrument: four questionnaires in four languages, scored
// ones with 4-6 sections, at least 20 scored questions and 3 indicators,
// the four maturity levels, and every question type somewhere.
func TestLibrary(t *testing.T) {
	qs := mustLibrary(t)
	var ids []string
	seen := map[Type]bool{}
	for _, q := range qs {
		ids = append(ids, q.ID)
		for _, l := range []string{"en", "fr", "es", "ar"} {
			if !q.HasLanguage(l) {
				t.Errorf("%s is not in %s", q.ID, l)
			}
		}
		for _, qu := range q.Questions() {
			seen[qu.Type] = true
		}
		if !q.Scored() {
			continue
		}
		c := q.Counts()
		if c.Sections < 4 || c.Sections > 6 {
			t.Errorf("%s has %d sections, want 4 to 6", q.ID, c.Sections)
		}
		if c.Scored < 20 {
			t.Errorf("%s has %d scored questions, want at least 20", q.ID, c.Scored)
		}
		if c.Indicators < 3 {
			t.Errorf("%s has %d indicators, want at least 3", q.ID, c.Indicators)
		}
		var levels []string
		for _, m := range q.MaturityLevels {
			levels = append(levels, m.ID)
		}
		if want := []string{"emerging", "developing", "established", "leading"}; !slices.Equal(levels, want) {
			t.Errorf("%s maturity levels %v, want %v", q.ID, levels, want)
		}
		if len(q.ImpactAreas) == 0 {
			t.Errorf("%s names no IFLA impact area", q.ID)
		}
	}
	if want := []string{"profile", "financial-sustainability", "membership", "communications"}; !slices.Equal(ids, want) {
		t.Errorf("library = %v, want %v", ids, want)
	}
	for _, typ := range Types {
		if !seen[typ] {
			t.Errorf("no built-in question of type %s", typ)
		}
	}
	// the profile feeds the association record: these ids are relied on
	p := Builtin("profile")
	for _, id := range []string{"country", "association_type", "members_individual", "members_institutional", "budget_band",
		"working_languages", "time_zone", "mentoring_offers", "mentoring_seeks"} {
		if p.Question(id) == nil {
			t.Errorf("profile lacks question %s", id)
		}
	}
}
