package questionnaires

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// MaxDefinitionSize bounds a definition's source in bytes.
const MaxDefinitionSize = 2 << 20

// Limits that keep an uploaded definition from exhausting the server.
const (
	maxSections  = 50
	maxQuestions = 1000
	maxChoices   = 300
	maxLevels    = 11
	maxRows      = 50
	maxTextLen   = 100000
	maxIDLen     = 64
)

var (
	reQuestionnaireID = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	reItemID          = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	reChoiceID        = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	reLanguage        = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	reVersion         = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// reserved ids cannot be question or indicator ids: they are names in expressions.
var reserved = map[string]bool{
	"value": true, "nil": true, "true": true, "false": true, "and": true, "or": true,
	"not": true, "in": true, "let": true, "if": true, "else": true, "matches": true,
	"contains": true, "startswith": true, "endswith": true, "has": true,
}

// LoadFile reads and loads a definition from a file.
func LoadFile(path string) (*Questionnaire, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read questionnaire: %w", err)
	}
	return Load(path, src)
}

// Load parses, validates and compiles a definition. file names the source
// in problems. On failure the error is a *DefinitionError listing every
// problem found.
func Load(file string, src []byte) (*Questionnaire, error) {
	l := &loader{file: file}
	if len(src) > MaxDefinitionSize {
		l.add(1, "", "definition is larger than %d bytes", MaxDefinitionSize)
		return nil, l.err()
	}
	root, err := parseYAML(src)
	if err != nil {
		if le, ok := err.(*lineError); ok {
			l.add(le.line, "", "%s", le.msg)
		} else {
			l.add(1, "", "%v", err)
		}
		return nil, l.err()
	}
	q := l.questionnaire(root)
	if q == nil {
		return nil, l.err()
	}
	// expressions are checked even when the structure has problems, so that
	// one run reports everything.
	l.compile(q)
	if len(l.problems) > 0 {
		return nil, l.err()
	}
	q.file = file
	q.source = slices.Clone(src)
	return q, nil
}

type pos struct {
	n    *node
	path string
}

type loader struct {
	file     string
	problems []Problem
	langs    []string
	// positions of entities, for checks made after the whole document is read
	qpos    map[*Question]pos
	ipos    map[*Indicator]pos
	secNode map[string]pos
	slots   slots
}

func (l *loader) add(line int, path, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: l.file, Line: line, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) errAt(n *node, path, format string, args ...any) {
	ln := 0
	if n != nil {
		ln = n.line
	}
	l.add(ln, path, format, args...)
}

func (l *loader) err() error {
	e := &DefinitionError{Problems: l.problems}
	e.sort()
	return e
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// obj reads one mapping node, remembering which keys were used.
type obj struct {
	l    *loader
	n    *node
	path string
}

// object checks that n is a mapping whose keys are all allowed.
func (l *loader) object(n *node, path string, allowed ...string) *obj {
	if n == nil || n.kind != kindMapping {
		if n != nil && n.kind == kindNull {
			l.errAt(n, path, "must not be empty")
		} else {
			l.errAt(n, path, "must be a mapping, not %s", kindOf(n))
		}
		return nil
	}
	for _, k := range n.keys {
		key := k.val.(string)
		if !slices.Contains(allowed, key) {
			l.errAt(k, path, "unknown key %q%s", key, suggest(key, allowed))
		}
	}
	return &obj{l: l, n: n, path: path}
}

func kindOf(n *node) string {
	if n == nil {
		return "nothing"
	}
	return n.kind.String()
}

// suggest names the allowed key closest to a misspelt one.
func suggest(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := editDistance(strings.ToLower(key), a); d < bestD {
			best, bestD = a, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between short strings.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (o *obj) has(key string) bool { return o.n.get(key) != nil }

// keyLine is the line of key, or of the mapping when the key is absent.
func (o *obj) keyLine(key string) int {
	for _, k := range o.n.keys {
		if k.val == key {
			return k.line
		}
	}
	return o.n.line
}

func (o *obj) missing(key string) {
	o.l.add(o.n.line, o.path, "missing required key %q", key)
}

func (o *obj) str(key string, required bool) string {
	v := o.n.get(key)
	if v == nil || v.kind == kindNull {
		if required {
			o.missing(key)
		}
		return ""
	}
	if v.kind != kindScalar {
		o.l.errAt(v, join(o.path, key), "must be a string, not %s", v.kind)
		return ""
	}
	s, ok := v.val.(string)
	if !ok {
		// a version like 2026.1 written without quotes is a number in YAML
		if key == "version" {
			o.l.errAt(v, join(o.path, key), "must be a quoted string (write \"%s\")", scalarString(v.val))
			return ""
		}
		o.l.errAt(v, join(o.path, key), "must be a string, not %T %v", v.val, scalarString(v.val))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		o.l.errAt(v, join(o.path, key), "must not be empty")
	}
	if len(s) > maxTextLen {
		o.l.errAt(v, join(o.path, key), "is longer than %d bytes", maxTextLen)
		return ""
	}
	return s
}

func (o *obj) num(key string) *float64 {
	v := o.n.get(key)
	if v == nil || v.kind == kindNull {
		return nil
	}
	f, ok := numberOf(v)
	if !ok {
		o.l.errAt(v, join(o.path, key), "must be a finite number")
		return nil
	}
	return &f
}

func numberOf(v *node) (float64, bool) {
	if v == nil || v.kind != kindScalar {
		return 0, false
	}
	var f float64
	switch x := v.val.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func (o *obj) integer(key string) int {
	v := o.n.get(key)
	if v == nil || v.kind == kindNull {
		return 0
	}
	if i, ok := v.val.(int64); ok && v.kind == kindScalar && i > 0 && i <= maxTextLen {
		return int(i)
	}
	o.l.errAt(v, join(o.path, key), "must be a whole number from 1 to %d", maxTextLen)
	return 0
}

func (o *obj) boolean(key string) bool {
	v := o.n.get(key)
	if v == nil || v.kind == kindNull {
		return false
	}
	b, ok := v.val.(bool)
	if !ok || v.kind != kindScalar {
		o.l.errAt(v, join(o.path, key), "must be true or false")
	}
	return b
}

func (o *obj) list(key string, required bool) []*node {
	v := o.n.get(key)
	if v == nil || v.kind == kindNull {
		if required {
			o.missing(key)
		}
		return nil
	}
	if v.kind != kindSequence {
		o.l.errAt(v, join(o.path, key), "must be a list, not %s", v.kind)
		return nil
	}
	if required && len(v.items) == 0 {
		o.l.errAt(v, join(o.path, key), "must not be empty")
	}
	return v.items
}

// text reads a multilingual text and checks it against the languages.
func (o *obj) text(key string, required bool) Text {
	v := o.n.get(key)
	path := join(o.path, key)
	if v == nil || v.kind == kindNull {
		if required {
			o.missing(key)
		}
		return nil
	}
	return o.l.textNode(v, path)
}

func (l *loader) textNode(v *node, path string) Text {
	if v.kind == kindScalar {
		if _, ok := v.val.(string); ok {
			l.errAt(v, path, "must be a mapping of language to text, e.g. {en: ...}")
			return nil
		}
	}
	if v.kind != kindMapping {
		l.errAt(v, path, "must be a mapping of language to text, not %s", v.kind)
		return nil
	}
	t := make(Text, len(v.keys))
	for i, k := range v.keys {
		lang := k.val.(string)
		val := v.items[i]
		s, ok := val.val.(string)
		if val.kind != kindScalar || !ok {
			l.errAt(val, join(path, lang), "must be a string")
			continue
		}
		if len(s) > maxTextLen {
			l.errAt(val, join(path, lang), "is longer than %d bytes", maxTextLen)
			continue
		}
		if l.langs != nil && !slices.Contains(l.langs, lang) {
			l.errAt(k, path, "language %q is not in the questionnaire's languages %v", lang, l.langs)
			continue
		}
		t[lang] = s
	}
	if strings.TrimSpace(t[DefaultLanguage]) == "" {
		l.errAt(v, path, "missing English text (en)")
	}
	for _, lang := range l.langs {
		if lang != DefaultLanguage && strings.TrimSpace(t[lang]) == "" {
			l.errAt(v, path, "missing %s text", lang)
		}
	}
	return t
}

func (l *loader) id(o *obj, key string, re *regexp.Regexp, what string) string {
	s := o.str(key, true)
	if s == "" {
		return ""
	}
	if len(s) > maxIDLen || !re.MatchString(s) {
		o.l.errAt(o.n.get(key), join(o.path, key), "%s %q must match %s and be at most %d characters", what, s, re, maxIDLen)
	}
	return s
}

func (l *loader) questionnaire(root *node) *Questionnaire {
	o := l.object(root, "", "id", "version", "area", "impact_areas", "title", "description",
		"languages", "sections", "indicators", "maturity_levels")
	if o == nil {
		return nil
	}
	q := &Questionnaire{}
	q.ID = l.id(o, "id", reQuestionnaireID, "id")
	q.Version = o.str("version", true)
	if q.Version != "" && (len(q.Version) > 32 || !reVersion.MatchString(q.Version)) {
		l.errAt(o.n.get("version"), "version", "version %q must be letters, digits, '.', '_' or '-', at most 32 characters", q.Version)
	}
	area := o.str("area", true)
	q.Area = Area(area)
	if area != "" && !slices.Contains(append(slices.Clone(ScoredAreas), AreaProfile), q.Area) {
		l.errAt(o.n.get("area"), "area", "unknown area %q (want financial, membership, communications or profile)", area)
	}
	for i, n := range o.list("impact_areas", false) {
		s, _ := n.val.(string)
		if !slices.Contains(ImpactAreas, s) {
			l.errAt(n, index("impact_areas", i), "unknown impact area %q (want IA01, IA02 or IA03)", scalarString(n.val))
			continue
		}
		if slices.Contains(q.ImpactAreas, s) {
			l.errAt(n, index("impact_areas", i), "duplicate impact area %q", s)
			continue
		}
		q.ImpactAreas = append(q.ImpactAreas, s)
	}
	langNodes := o.list("languages", true)
	for i, n := range langNodes {
		s, _ := n.val.(string)
		if !reLanguage.MatchString(s) {
			l.errAt(n, index("languages", i), "invalid language code %q", scalarString(n.val))
			continue
		}
		if slices.Contains(q.Languages, s) {
			l.errAt(n, index("languages", i), "duplicate language %q", s)
			continue
		}
		q.Languages = append(q.Languages, s)
	}
	if len(langNodes) > 0 && !slices.Contains(q.Languages, DefaultLanguage) {
		l.errAt(o.n.get("languages"), "languages", "must include en")
	}
	if q.Languages != nil {
		l.langs = q.Languages
	} else {
		l.langs = []string{DefaultLanguage}
	}
	q.Title = o.text("title", true)
	q.Description = o.text("description", false)

	l.qpos = map[*Question]pos{}
	l.ipos = map[*Indicator]pos{}
	l.secNode = map[string]pos{}
	q.byID = map[string]*Question{}
	q.indByID = map[string]*Indicator{}
	q.sectionIdx = map[string]int{}
	ids := map[string]int{} // item id -> line of first use

	secs := o.list("sections", true)
	if len(secs) > maxSections {
		l.errAt(o.n.get("sections"), "sections", "more than %d sections", maxSections)
		secs = secs[:maxSections]
	}
	for i, sn := range secs {
		l.section(q, sn, index("sections", i), ids)
	}
	if len(q.questions) > maxQuestions {
		l.errAt(o.n.get("sections"), "sections", "more than %d questions", maxQuestions)
	}
	for i, in := range o.list("indicators", false) {
		l.indicator(q, in, index("indicators", i), ids)
	}
	l.maturity(q, o)
	return q
}

func (l *loader) section(q *Questionnaire, n *node, path string, ids map[string]int) {
	o := l.object(n, path, "id", "title", "description", "weight", "questions")
	if o == nil {
		return
	}
	s := &Section{Weight: 1}
	s.ID = l.id(o, "id", reItemID, "section id")
	if s.ID != "" {
		if _, dup := q.sectionIdx[s.ID]; dup {
			l.errAt(o.n.get("id"), join(path, "id"), "duplicate section id %q", s.ID)
		} else {
			q.sectionIdx[s.ID] = len(q.Sections)
			l.secNode[s.ID] = pos{n, path}
		}
	}
	s.Title = o.text("title", true)
	s.Description = o.text("description", false)
	if w := o.num("weight"); w != nil {
		s.Weight = *w
		if *w <= 0 {
			l.errAt(o.n.get("weight"), join(path, "weight"), "weight must be greater than 0, not %v", *w)
		}
	}
	q.Sections = append(q.Sections, s)
	for i, qn := range o.list("questions", true) {
		l.question(q, s, qn, index(join(path, "questions"), i), ids)
	}
}

func (l *loader) checkItemID(o *obj, id string, ids map[string]int) {
	if id == "" {
		return
	}
	if reserved[strings.ToLower(id)] || helperNames[id] {
		l.errAt(o.n.get("id"), join(o.path, "id"), "id %q is reserved in expressions", id)
		return
	}
	if first, dup := ids[id]; dup {
		l.errAt(o.n.get("id"), join(o.path, "id"), "duplicate id %q (first used on line %d)", id, first)
		return
	}
	ids[id] = o.keyLine("id")
}

func (l *loader) question(q *Questionnaire, s *Section, n *node, path string, ids map[string]int) {
	o := l.object(n, path, "id", "type", "label", "hint", "unit", "required", "weight", "relevant",
		"constraint", "constraint_message", "min", "max", "max_length", "choices", "choices_from", "choice_filter",
		"levels", "rows", "allow_na", "scoring")
	if o == nil {
		return
	}
	qu := &Question{Weight: 1, section: s}
	qu.ID = l.id(o, "id", reItemID, "question id")
	l.checkItemID(o, qu.ID, ids)
	typ := o.str("type", true)
	qu.Type = Type(typ)
	if typ != "" && !slices.Contains(Types, qu.Type) {
		l.errAt(o.n.get("type"), join(path, "type"), "unknown type %q", typ)
	}
	qu.Label = o.text("label", true)
	qu.Hint = o.text("hint", false)
	qu.Unit = o.text("unit", false)
	qu.Required = o.boolean("required")
	if w := o.num("weight"); w != nil {
		qu.Weight = *w
		if *w <= 0 {
			l.errAt(o.n.get("weight"), join(path, "weight"), "weight must be greater than 0, not %v", *w)
		}
	}
	qu.Relevant = o.str("relevant", false)
	qu.Constraint = o.str("constraint", false)
	qu.ConstraintMessage = o.text("constraint_message", false)
	qu.Min, qu.Max = o.num("min"), o.num("max")
	qu.MaxLength = o.integer("max_length")
	qu.ChoicesFrom = o.str("choices_from", false)
	qu.ChoiceFilter = o.str("choice_filter", false)
	qu.AllowNA = o.boolean("allow_na")
	qu.Choices = l.choices(o, "choices", qu.Type == TypeMultiChoice)
	qu.Rows = l.choices(o, "rows", false)
	for i, ln := range o.list("levels", false) {
		if t := l.textNode(ln, index(join(path, "levels"), i)); t != nil {
			qu.Levels = append(qu.Levels, t)
		}
	}
	if sn := o.n.get("scoring"); sn != nil {
		qu.Scoring = l.scoring(sn, join(path, "scoring"))
	}
	l.checkQuestion(o, qu)
	qu.index = len(q.questions)
	q.questions = append(q.questions, qu)
	if qu.ID != "" {
		if _, ok := q.byID[qu.ID]; !ok {
			q.byID[qu.ID] = qu
		}
	}
	s.Questions = append(s.Questions, qu)
	l.qpos[qu] = pos{n, path}
}

func (l *loader) choices(o *obj, key string, multi bool) []Choice {
	var out []Choice
	seen := map[string]int{}
	items := o.list(key, false)
	if len(items) > maxChoices {
		l.errAt(o.n.get(key), join(o.path, key), "more than %d entries", maxChoices)
		items = items[:maxChoices]
	}
	for i, cn := range items {
		path := index(join(o.path, key), i)
		allowed := []string{"id", "label", "points", "exclusive", "name", "attrs"}
		if key == "rows" {
			allowed = []string{"id", "label"}
		}
		co := l.object(cn, path, allowed...)
		if co == nil {
			continue
		}
		c := Choice{ID: l.id(co, "id", reChoiceID, "id"), Label: co.text("label", true)}
		if c.ID != "" {
			if first, dup := seen[c.ID]; dup {
				l.errAt(co.n.get("id"), join(o.path, key), "duplicate id %q (first used on line %d)", c.ID, first)
			}
			seen[c.ID] = co.keyLine("id")
		}
		c.Points = co.num("points")
		if c.Points != nil && (*c.Points < 0 || *c.Points > 100) {
			l.errAt(co.n.get("points"), join(path, "points"), "points must be from 0 to 100, not %v", *c.Points)
		}
		c.Exclusive = co.boolean("exclusive")
		c.Name = co.str("name", false)
		if key != "rows" {
			c.Attrs = l.choiceAttrs(co, path)
		}
		if c.Exclusive && !multi {
			l.errAt(co.n.get("exclusive"), join(path, "exclusive"), "exclusive applies to multi_choice options only")
		}
		out = append(out, c)
	}
	return out
}

func (l *loader) scoring(n *node, path string) *Scoring {
	o := l.object(n, path, "method", "bands", "from", "to", "yes", "no")
	if o == nil {
		return nil
	}
	sc := &Scoring{Method: Method(o.str("method", true))}
	methods := []Method{MethodChoice, MethodScale, MethodYesNo, MethodBands, MethodLinear, MethodCount, MethodNone}
	if sc.Method != "" && !slices.Contains(methods, sc.Method) {
		l.errAt(o.n.get("method"), join(path, "method"), "unknown scoring method %q", sc.Method)
	}
	sc.From, sc.To = o.num("from"), o.num("to")
	sc.Yes, sc.No = o.num("yes"), o.num("no")
	for _, p := range []struct {
		key string
		v   *float64
	}{{"yes", sc.Yes}, {"no", sc.No}} {
		if p.v != nil && (*p.v < 0 || *p.v > 100) {
			l.errAt(o.n.get(p.key), join(path, p.key), "points must be from 0 to 100, not %v", *p.v)
		}
	}
	bands := o.list("bands", false)
	for i, bn := range bands {
		bp := index(join(path, "bands"), i)
		if bn.kind != kindSequence || len(bn.items) != 2 {
			l.errAt(bn, bp, "a band is a pair [threshold, points]")
			continue
		}
		t, ok1 := numberOf(bn.items[0])
		p, ok2 := numberOf(bn.items[1])
		if !ok1 || !ok2 {
			l.errAt(bn, bp, "a band is a pair of finite numbers [threshold, points]")
			continue
		}
		if p < 0 || p > 100 {
			l.errAt(bn, bp, "points must be from 0 to 100, not %v", p)
		}
		if k := len(sc.Bands); k > 0 && t <= sc.Bands[k-1].Threshold {
			l.errAt(bn, join(path, "bands"), "band thresholds must increase: %v does not come after %v", t, sc.Bands[k-1].Threshold)
		}
		sc.Bands = append(sc.Bands, Band{Threshold: t, Points: p})
	}
	needsBands := sc.Method == MethodBands || sc.Method == MethodCount
	switch {
	case needsBands && len(bands) == 0:
		l.errAt(o.n, path, "method %s needs bands", sc.Method)
	case !needsBands && len(bands) > 0:
		l.errAt(o.n.get("bands"), join(path, "bands"), "bands apply to methods bands and count only")
	}
	if sc.Method == MethodLinear {
		switch {
		case sc.From == nil || sc.To == nil:
			l.errAt(o.n, path, "method linear needs from and to")
		case *sc.From == *sc.To:
			l.errAt(o.n.get("to"), join(path, "to"), "from and to must differ")
		}
	} else if sc.From != nil || sc.To != nil {
		l.errAt(o.n, path, "from and to apply to method linear only")
	}
	if sc.Method != MethodYesNo && (sc.Yes != nil || sc.No != nil) {
		l.errAt(o.n, path, "yes and no apply to method yes_no only")
	}
	return sc
}

// checkQuestion applies the rules that depend on the question's type.
func (l *loader) checkQuestion(o *obj, qu *Question) {
	path := o.path
	t := qu.Type
	bad := func(key, format string, args ...any) {
		l.add(o.keyLine(key), join(path, key), format, args...)
	}
	if !slices.Contains(Types, t) {
		return
	}
	// choices
	if t.IsChoice() {
		switch {
		case qu.ChoicesFrom != "" && o.has("choices"):
			bad("choices_from", "give either choices or choices_from, not both")
		case qu.ChoicesFrom != "":
			cs, ok := builtinChoices(qu.ChoicesFrom)
			if !ok {
				bad("choices_from", "unknown built-in list %q (want countries, timezones or languages)", qu.ChoicesFrom)
			}
			qu.Choices = cs
		case len(qu.Choices) < 2 && o.has("choices"):
			bad("choices", "a %s question needs at least 2 choices", t)
		case len(qu.Choices) == 0:
			l.add(o.n.line, path, "a %s question needs choices (or choices_from)", t)
		}
	} else {
		if o.has("choices") {
			bad("choices", "choices apply to single_choice and multi_choice only")
		}
		if o.has("choices_from") {
			bad("choices_from", "choices_from applies to single_choice and multi_choice only")
		}
	}
	// levels and rows
	switch t {
	case TypeLikert, TypeMatrix:
		if len(qu.Levels) < 2 || len(qu.Levels) > maxLevels {
			if o.has("levels") {
				bad("levels", "a %s needs 2 to %d levels, not %d", t, maxLevels, len(qu.Levels))
			} else {
				l.add(o.n.line, path, "a %s question needs levels", t)
			}
		}
	case TypeRubric:
		if len(qu.Levels) != 4 {
			if o.has("levels") {
				bad("levels", "a rubric needs exactly 4 level descriptors, not %d", len(qu.Levels))
			} else {
				l.add(o.n.line, path, "a rubric question needs 4 levels")
			}
		}
	default:
		if o.has("levels") {
			bad("levels", "levels apply to likert, rubric and matrix only")
		}
	}
	if t == TypeMatrix {
		if len(qu.Rows) == 0 {
			l.add(o.n.line, path, "a matrix question needs rows")
		} else if len(qu.Rows) > maxRows {
			bad("rows", "more than %d rows", maxRows)
		}
	} else if o.has("rows") {
		bad("rows", "rows apply to matrix only")
	}
	// bounds
	if qu.Min != nil || qu.Max != nil {
		if !t.IsNumeric() && t != TypeMultiChoice {
			key := "min"
			if qu.Min == nil {
				key = "max"
			}
			bad(key, "min and max apply to numbers and multi_choice only")
		} else if qu.Min != nil && qu.Max != nil && *qu.Min > *qu.Max {
			bad("max", "max %v is less than min %v", *qu.Max, *qu.Min)
		}
		if t == TypePercent && ((qu.Min != nil && (*qu.Min < 0 || *qu.Min > 100)) || (qu.Max != nil && (*qu.Max < 0 || *qu.Max > 100))) {
			bad("min", "percent bounds must be within 0..100")
		}
		if t == TypeInteger {
			for key, v := range map[string]*float64{"min": qu.Min, "max": qu.Max} {
				if v != nil && *v != math.Trunc(*v) {
					bad(key, "an integer question needs whole-number bounds")
				}
			}
		}
	}
	if qu.MaxLength != 0 && t != TypeText && t != TypeLongText && t != TypeRubric {
		bad("max_length", "max_length applies to text, long_text and rubric only")
	}
	if qu.AllowNA && t != TypeYesNo && t != TypeLikert && t != TypeRubric && t != TypeMatrix {
		bad("allow_na", "allow_na applies to yes_no, likert, rubric and matrix only (give choice questions a choice without points)")
	}
	if t == TypeNote {
		for _, key := range []string{"required", "constraint", "scoring"} {
			if o.has(key) {
				bad(key, "a note is display only: %s does not apply", key)
			}
		}
	}
	if qu.ConstraintMessage != nil && qu.Constraint == "" {
		bad("constraint_message", "constraint_message without a constraint")
	}
	// scoring
	if qu.Scoring == nil {
		return
	}
	m := qu.Scoring.Method
	ok := false
	switch m {
	case MethodNone, "":
		ok = true
	case MethodChoice:
		ok = t.IsChoice()
		if ok && !l.anyPoints(qu) {
			bad("scoring", "method choice needs points on the choices")
		}
	case MethodScale:
		ok = t.IsScale()
	case MethodYesNo:
		ok = t == TypeYesNo
	case MethodBands, MethodLinear:
		ok = t.IsNumeric()
	case MethodCount:
		ok = t == TypeMultiChoice
	}
	if !ok {
		bad("scoring", "scoring method %s does not apply to a %s question", m, t)
	}
	if m != MethodChoice && l.anyPoints(qu) {
		bad("choices", "choice points are used by method choice only (scoring method is %s)", m)
	}
}

func (l *loader) anyPoints(qu *Question) bool {
	for _, c := range qu.Choices {
		if c.Points != nil {
			return true
		}
	}
	return false
}

func (l *loader) indicator(q *Questionnaire, n *node, path string, ids map[string]int) {
	o := l.object(n, path, "id", "section", "label", "hint", "unit", "expr", "weight", "scoring")
	if o == nil {
		return
	}
	in := &Indicator{Weight: 1}
	in.ID = l.id(o, "id", reItemID, "indicator id")
	l.checkItemID(o, in.ID, ids)
	in.Section = o.str("section", true)
	if in.Section != "" {
		if s := q.Section(in.Section); s != nil {
			in.section = s
			s.indicators = append(s.indicators, in)
		} else {
			l.errAt(o.n.get("section"), join(path, "section"), "unknown section %q", in.Section)
		}
	}
	in.Label = o.text("label", true)
	in.Hint = o.text("hint", false)
	in.Unit = o.text("unit", false)
	in.Expr = o.str("expr", true)
	if w := o.num("weight"); w != nil {
		in.Weight = *w
		if *w <= 0 {
			l.errAt(o.n.get("weight"), join(path, "weight"), "weight must be greater than 0, not %v", *w)
		}
	}
	if sn := o.n.get("scoring"); sn != nil {
		in.Scoring = l.scoring(sn, join(path, "scoring"))
		if in.Scoring != nil {
			switch in.Scoring.Method {
			case MethodBands, MethodLinear, MethodNone, "":
			default:
				l.errAt(sn, join(path, "scoring"), "an indicator is scored with bands, linear or none, not %s", in.Scoring.Method)
			}
		}
	}
	in.index = len(q.Indicators)
	q.Indicators = append(q.Indicators, in)
	if in.ID != "" {
		if _, ok := q.indByID[in.ID]; !ok {
			q.indByID[in.ID] = in
		}
	}
	l.ipos[in] = pos{n, path}
}

func (l *loader) maturity(q *Questionnaire, o *obj) {
	items := o.list("maturity_levels", false)
	if q.Area == AreaProfile {
		if len(items) > 0 {
			l.errAt(o.n.get("maturity_levels"), "maturity_levels", "a profile questionnaire is not scored and has no maturity levels")
		}
		return
	}
	if len(items) == 0 && o.n.get("maturity_levels") == nil && slices.Contains(ScoredAreas, q.Area) {
		l.add(o.n.line, "", "missing required key %q for a scored questionnaire", "maturity_levels")
	}
	seen := map[string]bool{}
	for i, mn := range items {
		path := index("maturity_levels", i)
		mo := l.object(mn, path, "min", "id", "label", "description")
		if mo == nil {
			continue
		}
		m := MaturityLevel{ID: l.id(mo, "id", reChoiceID, "maturity level id"), Label: mo.text("label", true), Description: mo.text("description", false)}
		if seen[m.ID] && m.ID != "" {
			l.errAt(mo.n.get("id"), join(path, "id"), "duplicate maturity level id %q", m.ID)
		}
		seen[m.ID] = true
		mn := mo.num("min")
		switch {
		case mn == nil:
			if !mo.has("min") {
				mo.missing("min")
			}
		case *mn < 0 || *mn > 100:
			l.errAt(mo.n.get("min"), join(path, "min"), "min must be from 0 to 100, not %v", *mn)
		case i == 0 && *mn != 0:
			l.errAt(mo.n.get("min"), join(path, "min"), "the first maturity level must start at 0")
		case len(q.MaturityLevels) > 0 && *mn <= q.MaturityLevels[len(q.MaturityLevels)-1].Min:
			l.errAt(mo.n.get("min"), join(path, "min"), "maturity levels must be in increasing order of min")
		}
		if mn != nil {
			m.Min = *mn
		}
		q.MaturityLevels = append(q.MaturityLevels, m)
	}
}
