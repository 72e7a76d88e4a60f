package questionnaires

import (
	"slices"
	"sync"
)

// Area is the priority area a questionnaire assesses.
type Area string

// The areas of DESIGN.md §4. AreaProfile is descriptive and never scored.
const (
	AreaFinancial      Area = "financial"
	AreaMembership     Area = "membership"
	AreaCommunications Area = "communications"
	AreaProfile        Area = "profile"
)

// ScoredAreas are the three priority areas, in their canonical order.
var ScoredAreas = []Area{AreaFinancial, AreaMembership, AreaCommunications}

// ImpactAreas are the IFLA Strategy 2024-2029 impact areas a questionnaire may name.
var ImpactAreas = []string{"IA01", "IA02", "IA03"}

// Type is a question type.
type Type string

// The question types of DESIGN.md §4.
const (
	TypeSingleChoice Type = "single_choice"
	TypeMultiChoice  Type = "multi_choice"
	TypeYesNo        Type = "yes_no"
	TypeLikert       Type = "likert"
	TypeRubric       Type = "rubric"
	TypeInteger      Type = "integer"
	TypeDecimal      Type = "decimal"
	TypePercent      Type = "percent"
	TypeCurrency     Type = "currency"
	TypeText         Type = "text"
	TypeLongText     Type = "long_text"
	TypeDate         Type = "date"
	TypeMatrix       Type = "matrix"
	TypeNote         Type = "note"
)

// Types lists every question type in a stable order.
var Types = []Type{
	TypeSingleChoice, TypeMultiChoice, TypeYesNo, TypeLikert, TypeRubric,
	TypeInteger, TypeDecimal, TypePercent, TypeCurrency,
	TypeText, TypeLongText, TypeDate, TypeMatrix, TypeNote,
}

// IsNumeric reports whether answers of the type are plain numbers.
func (t Type) IsNumeric() bool {
	switch t {
	case TypeInteger, TypeDecimal, TypePercent, TypeCurrency:
		return true
	}
	return false
}

// IsChoice reports whether the type picks from a list of choices.
func (t Type) IsChoice() bool { return t == TypeSingleChoice || t == TypeMultiChoice }

// IsScale reports whether the type answers on a labelled 1..N scale.
func (t Type) IsScale() bool { return t == TypeLikert || t == TypeRubric || t == TypeMatrix }

// Method is a scoring method.
type Method string

// The scoring methods of DESIGN.md §4.
const (
	// MethodChoice scores a choice question by the points of its choices
	// (for multi_choice: the sum of the selected points, capped at 100).
	MethodChoice Method = "choice"
	// MethodScale scores likert, rubric and matrix linearly: level 1 is 0, level N is 100.
	MethodScale Method = "scale"
	// MethodYesNo scores yes/no by its yes and no points (100 and 0 by default).
	MethodYesNo Method = "yes_no"
	// MethodBands gives a number the points of the highest band whose threshold it reaches.
	MethodBands Method = "bands"
	// MethodLinear maps a number from [from, to] onto [0, 100], clamped; from > to scores downward.
	MethodLinear Method = "linear"
	// MethodCount scores the number of selected options of a multi_choice in bands.
	MethodCount Method = "count"
	// MethodNone marks an informational item: shown and exported, never scored.
	MethodNone Method = "none"
)

// Band is one step of a bands scoring: values from Threshold up score Points.
type Band struct {
	Threshold float64 `json:"threshold"`
	Points    float64 `json:"points"`
}

// Scoring says how an item turns its answer into 0-100 points.
type Scoring struct {
	Method Method   `json:"method"`
	Bands  []Band   `json:"bands,omitempty"`
	From   *float64 `json:"from,omitempty"`
	To     *float64 `json:"to,omitempty"`
	Yes    *float64 `json:"yes,omitempty"`
	No     *float64 `json:"no,omitempty"`
}

// Choice is one option of a choice question or one row of a matrix.
type Choice struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	// Points scores the choice; nil means the choice carries no score
	// (an N/A or "don't know" option: the question is left out of the section).
	Points *float64 `json:"points,omitempty"`
	// Exclusive marks a multi_choice option ("none of these") that cannot
	// be combined with another.
	Exclusive bool `json:"exclusive,omitempty"`
	// Name is the option's name in the XLSForm it was imported from, when
	// that name is not a valid id ("1", "10", "Yes"): xlsform.Import maps
	// it to the ID deterministically and xlsform.Export writes it back.
	Name string `json:"name,omitempty"`
	// Attrs are the choice's attributes, which a choice_filter reads as
	// choice.<name> (the extra columns of an XLSForm choices sheet).
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Code is how exports write the choice: the name it was imported from
// when it has one, else its id.
func (c Choice) Code() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// Question is one item a respondent answers.
type Question struct {
	ID       string `json:"id"`
	Type     Type   `json:"type"`
	Label    Text   `json:"label"`
	Hint     Text   `json:"hint,omitempty"`
	Unit     Text   `json:"unit,omitempty"`
	Required bool   `json:"required,omitempty"`
	// Weight of the item in its section (default 1).
	Weight            float64  `json:"weight"`
	Relevant          string   `json:"relevant,omitempty"`
	Constraint        string   `json:"constraint,omitempty"`
	ConstraintMessage Text     `json:"constraint_message,omitempty"`
	Min               *float64 `json:"min,omitempty"`
	Max               *float64 `json:"max,omitempty"`
	// MaxLength bounds text answers in characters (default 500 for text, 5000 for long_text).
	MaxLength int      `json:"max_length,omitempty"`
	Choices   []Choice `json:"choices,omitempty"`
	// ChoicesFrom names a built-in choice list ("countries", "timezones",
	// "languages") that fills Choices at load time.
	ChoicesFrom string `json:"choices_from,omitempty"`
	// ChoiceFilter offers only the choices for which it is true: an
	// expression over other answers and choice.<attribute> (cascading
	// selects, choicefilter.go).
	ChoiceFilter string `json:"choice_filter,omitempty"`
	// Levels labels the points of a likert or matrix scale (1..N) and the
	// four maturity descriptors of a rubric.
	Levels []Text `json:"levels,omitempty"`
	// Rows are the lines of a matrix, each answered on Levels.
	Rows []Choice `json:"rows,omitempty"`
	// AllowNA lets a yes_no, likert, rubric or matrix row be answered "n/a".
	AllowNA bool     `json:"allow_na,omitempty"`
	Scoring *Scoring `json:"scoring,omitempty"`

	section *Section
	index   int // position in Questionnaire.Questions()
	prog    programs
}

// Section groups questions (and computed indicators) under a weight.
type Section struct {
	ID          string      `json:"id"`
	Title       Text        `json:"title"`
	Description Text        `json:"description,omitempty"`
	Weight      float64     `json:"weight"`
	Questions   []*Question `json:"questions"`

	indicators []*Indicator
}

// Indicators are the computed indicators scored in this section.
func (s *Section) Indicators() []*Indicator { return s.indicators }

// Indicator is a value computed from answers with an expression and scored like a question.
type Indicator struct {
	ID      string   `json:"id"`
	Section string   `json:"section"`
	Label   Text     `json:"label"`
	Hint    Text     `json:"hint,omitempty"`
	Unit    Text     `json:"unit,omitempty"`
	Expr    string   `json:"expr"`
	Weight  float64  `json:"weight"`
	Scoring *Scoring `json:"scoring,omitempty"`

	section *Section
	index   int      // position in Questionnaire.Indicators
	deps    []string // question and indicator ids the expression reads
	prog    *program
}

// MaturityLevel is a named band of the questionnaire score, from Min up.
type MaturityLevel struct {
	Min         float64 `json:"min"`
	ID          string  `json:"id"`
	Label       Text    `json:"label"`
	Description Text    `json:"description,omitempty"`
}

// Questionnaire is a validated, compiled questionnaire definition.
// It is immutable after Load and safe for concurrent use.
type Questionnaire struct {
	ID             string          `json:"id"`
	Version        string          `json:"version"`
	Area           Area            `json:"area"`
	ImpactAreas    []string        `json:"impact_areas,omitempty"`
	Title          Text            `json:"title"`
	Description    Text            `json:"description,omitempty"`
	Languages      []string        `json:"languages"`
	Sections       []*Section      `json:"sections"`
	Indicators     []*Indicator    `json:"indicators,omitempty"`
	MaturityLevels []MaturityLevel `json:"maturity_levels,omitempty"`

	file       string
	source     []byte
	questions  []*Question
	byID       map[string]*Question
	indByID    map[string]*Indicator
	indOrder   []*Indicator // dependency order
	slots      slots        // expression slot of each question and indicator id
	sectionIdx map[string]int
	memo       sync.Map // values other packages derive from the definition: see Memo
}

// Memo returns the value kept with the questionnaire under key, computing
// it with build on first use. It lets a package that derives tables from a
// definition (scoring's plan of the score items, for one) keep them exactly
// as long as the questionnaire lives, instead of in a global cache. The
// questionnaire is immutable, so build must depend on it alone; concurrent
// first calls may each run build, and all get the one value kept. Keys
// should be of an unexported type of the calling package, as with
// context.WithValue.
func (q *Questionnaire) Memo(key any, build func() any) any {
	if v, ok := q.memo.Load(key); ok {
		return v
	}
	v, _ := q.memo.LoadOrStore(key, build())
	return v
}

// Key is the questionnaire's storage key, "id@version".
func (q *Questionnaire) Key() string { return q.ID + "@" + q.Version }

// File is the name the definition was loaded from.
func (q *Questionnaire) File() string { return q.file }

// Source is the definition exactly as it was loaded.
func (q *Questionnaire) Source() []byte { return q.source }

// Questions returns every question in document order.
func (q *Questionnaire) Questions() []*Question { return q.questions }

// Question returns the question with the id, or nil.
func (q *Questionnaire) Question(id string) *Question { return q.byID[id] }

// Indicator returns the indicator with the id, or nil.
func (q *Questionnaire) Indicator(id string) *Indicator { return q.indByID[id] }

// IndicatorsInOrder returns the indicators in evaluation (dependency) order.
func (q *Questionnaire) IndicatorsInOrder() []*Indicator { return q.indOrder }

// Section returns the section with the id, or nil.
func (q *Questionnaire) Section(id string) *Section {
	if i, ok := q.sectionIdx[id]; ok {
		return q.Sections[i]
	}
	return nil
}

// Scored reports whether the questionnaire produces scores (every area but profile).
func (q *Questionnaire) Scored() bool { return q.Area != AreaProfile }

// HasLanguage reports whether the questionnaire is translated into lang.
func (q *Questionnaire) HasLanguage(lang string) bool { return slices.Contains(q.Languages, lang) }

// Maturity returns the maturity level a score reaches, or nil when there are no levels.
func (q *Questionnaire) Maturity(score float64) *MaturityLevel {
	var got *MaturityLevel
	for i := range q.MaturityLevels {
		if score >= q.MaturityLevels[i].Min {
			got = &q.MaturityLevels[i]
		}
	}
	return got
}

// Counts summarises a questionnaire's size.
type Counts struct {
	Sections   int `json:"sections"`
	Questions  int `json:"questions"`
	Scored     int `json:"scored_questions"`
	Indicators int `json:"indicators"`
	Required   int `json:"required"`
}

// Counts returns the number of sections, questions (notes excluded),
// scored questions and indicators.
func (q *Questionnaire) Counts() Counts {
	c := Counts{Sections: len(q.Sections), Indicators: len(q.Indicators)}
	for _, qu := range q.questions {
		if qu.Type == TypeNote {
			continue
		}
		c.Questions++
		if qu.Required {
			c.Required++
		}
		if qu.Method() != MethodNone {
			c.Scored++
		}
	}
	return c
}

// SectionOf returns the section that holds the question.
func (qu *Question) SectionOf() *Section { return qu.section }

// Index is the question's position in Questionnaire.Questions.
func (qu *Question) Index() int { return qu.index }

// Choice returns the choice with the id, or nil.
func (qu *Question) Choice(id string) *Choice {
	for i := range qu.Choices {
		if qu.Choices[i].ID == id {
			return &qu.Choices[i]
		}
	}
	return nil
}

// Row returns the matrix row with the id, or nil.
func (qu *Question) Row(id string) *Choice {
	for i := range qu.Rows {
		if qu.Rows[i].ID == id {
			return &qu.Rows[i]
		}
	}
	return nil
}

// Method is the effective scoring method of the question: the declared
// one, or the default for its type (choice points when any choice has
// points, scale for likert/rubric/matrix, yes_no, none otherwise).
func (qu *Question) Method() Method {
	if qu.Scoring != nil {
		return qu.Scoring.Method
	}
	switch qu.Type {
	case TypeSingleChoice, TypeMultiChoice:
		for _, c := range qu.Choices {
			if c.Points != nil {
				return MethodChoice
			}
		}
	case TypeLikert, TypeRubric, TypeMatrix:
		return MethodScale
	case TypeYesNo:
		return MethodYesNo
	}
	return MethodNone
}

// SectionOf returns the section the indicator is scored in.
func (in *Indicator) SectionOf() *Section { return in.section }

// Index is the indicator's position in Questionnaire.Indicators.
func (in *Indicator) Index() int { return in.index }

// Deps are the question and indicator ids the indicator's expression reads.
func (in *Indicator) Deps() []string { return in.deps }

// Method is the indicator's scoring method (none when no scoring is given).
func (in *Indicator) Method() Method {
	if in.Scoring == nil {
		return MethodNone
	}
	return in.Scoring.Method
}
