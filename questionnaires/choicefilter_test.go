package questionnaires

import (
	"strings"
	"testing"
)

const cascadeYAML = `id: cascade
version: "1"
area: profile
title: {en: Cascade}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - id: region
        type: single_choice
        label: {en: Region}
        choices: [{id: north, label: {en: North}}, {id: south, label: {en: South}}]
      - id: city
        type: single_choice
        label: {en: City}
        choice_filter: "choice.region == region"
        choices:
          - {id: oslo, label: {en: Oslo}, attrs: {region: north}}
          - {id: tromso, label: {en: Tromsø}, attrs: {region: north}}
          - {id: rome, label: {en: Rome}, attrs: {region: south}}
      - id: langs
        type: multi_choice
        label: {en: Languages}
        choice_filter: "choice.big == 'true' or choice.id == 'other'"
        choices:
          - {id: en, label: {en: English}, attrs: {big: true}}
          - {id: se, label: {en: Sami}, attrs: {big: false}}
          - {id: other, label: {en: Other}}
`

func TestChoiceFilter(t *testing.T) {
	q, err := Load("cascade.yaml", []byte(cascadeYAML))
	if err != nil {
		t.Fatal(err)
	}
	city, langs := q.Question("city"), q.Question("langs")
	if got := string(city.ChoiceFilterAST()); got != `["op","==",["attr","region"],["id","region"]]` {
		t.Errorf("AST %s", got)
	}
	offered := func(a Answers, qu *Question) []string {
		e := q.Evaluate(a)
		defer e.Release()
		var ids []string
		for i := range qu.Choices {
			if e.ChoiceOffered(qu, &qu.Choices[i]) {
				ids = append(ids, qu.Choices[i].ID)
			}
		}
		return ids
	}
	for _, tc := range []struct {
		a    Answers
		qu   *Question
		want string
	}{
		{Answers{"region": Str("north")}, city, "oslo tromso"},
		{Answers{"region": Str("south")}, city, "rome"},
		{Answers{}, city, ""}, // the filter cannot be decided: nothing offered
		{Answers{}, langs, "en other"},
		{Answers{}, q.Question("region"), "north south"}, // no filter
	} {
		if got := strings.Join(offered(tc.a, tc.qu), " "); got != tc.want {
			t.Errorf("%v: %s offers %q, want %q", tc.a, tc.qu.ID, got, tc.want)
		}
	}
	// validation refuses a choice not offered, naming the field
	fe := q.Validate(Answers{"region": Str("south"), "city": Str("oslo"), "langs": List("en", "se")}, Submit, "en")
	if len(fe) != 2 || !strings.Contains(fe["city"], `"oslo" is not among the choices offered`) || !strings.Contains(fe["langs"], `"se"`) {
		t.Errorf("field errors %v", fe)
	}
	if fe := q.Validate(Answers{"region": Str("north"), "city": Str("oslo"), "langs": List("en", "other")}, Submit, "en"); fe != nil {
		t.Errorf("offered choices refused: %v", fe)
	}
}

func TestChoiceFilterRefusals(t *testing.T) {
	for _, tc := range []struct{ filter, attrs, want string }{
		{"choice.zone == region", "{region: north}", `the choices have no attribute "zone" (they have [choice.id choice.region])`},
		{"choice.region == city", "{region: north}", "refers to city itself"},
		{"choice.region", "{region: north}", "expected bool"},
		{"region.x == 'a'", "{region: north}", "is not a matrix"},
		{"choice.region == 'north'", "{Region: north}", `attribute name "Region" must be lower case`},
		{"choice.region == 'north'", "[north]", "must be a mapping of attribute names"},
	} {
		src := strings.Replace(cascadeYAML, `choice_filter: "choice.region == region"`, "choice_filter: \""+tc.filter+"\"", 1)
		src = strings.Replace(src, "attrs: {region: north}}\n          - {id: tromso", "attrs: "+tc.attrs+"}\n          - {id: tromso", 1)
		_, err := Load("cascade.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s with %s: %v, want %q", tc.filter, tc.attrs, err, tc.want)
		}
	}
	src := strings.Replace(cascadeYAML, "        choices: [{id: north", "        choice_filter: \"true\"\n        choices_from: countries\n        x: [{id: north", 1)
	if _, err := Load("c.yaml", []byte(src)); err == nil {
		t.Error("a choice_filter on choices_from loaded")
	}
}
