package reports

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// dimLabel names a peer dimension ("region", "size", "budget", "type").
func dimLabel(dim, lang string) string {
	switch dim {
	case "region", "size", "budget", "type":
		return i18n.T(lang, "dim."+dim)
	}
	return dim
}

// dimValue names a value of a peer dimension in lang.
func dimValue(dim, v, lang string) string {
	if v == "" || v == scoring.Unknown {
		return i18n.T(lang, "unknown")
	}
	switch dim {
	case "region":
		return questionnaires.Region(v).Label(lang)
	case "size":
		if i18n.Has("size." + v) {
			return i18n.T(lang, "size."+v)
		}
	case "budget":
		return profileChoice("budget_band", v, lang)
	case "type":
		return profileChoice("association_type", v, lang)
	}
	return v
}

// profileChoice returns the label of a choice of the built-in profile
// questionnaire, or id when there is none.
func profileChoice(question, id, lang string) string {
	if p := questionnaires.Builtin("profile"); p != nil {
		if qu := p.Question(question); qu != nil {
			if c := qu.Choice(id); c != nil {
				return c.Label.In(lang)
			}
		}
	}
	return id
}

// groupLabel names a peer group: "All associations" or "Region: Europe, Size: Small".
func groupLabel(key string, attrs map[string]string, order []string, lang string) string {
	if key == scoring.AllKey || len(attrs) == 0 {
		return i18n.T(lang, "group.all")
	}
	dims := make([]string, 0, len(attrs))
	for _, d := range order {
		if _, ok := attrs[d]; ok {
			dims = append(dims, d)
		}
	}
	for d := range attrs {
		if !contains(dims, d) {
			dims = append(dims, d)
		}
	}
	sort.SliceStable(dims, func(i, j int) bool { return dimOrder(dims[i]) < dimOrder(dims[j]) })
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = dimLabel(d, lang) + ": " + dimValue(d, attrs[d], lang)
	}
	return strings.Join(parts, ", ")
}

func dimOrder(d string) int {
	switch d {
	case "region":
		return 0
	case "size":
		return 1
	case "budget":
		return 2
	case "type":
		return 3
	}
	return 4
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// metricLabel names a metric ("overall", "area:financial", "impact:IA02",
// "section:q/s", "item:q/i", "indicator:q/i", "plan:area/kind") with the
// definitions' labels.
func metricLabel(metric string, defs map[string]*questionnaires.Questionnaire, lang string) string {
	kind, rest, _ := strings.Cut(metric, ":")
	switch kind {
	case scoring.MetricOverall:
		return i18n.T(lang, "overall")
	case "area":
		for _, q := range defs {
			if string(q.Area) == rest {
				return q.Title.In(lang)
			}
		}
		return rest
	case "impact":
		return i18n.T(lang, "impact", rest)
	case "plan":
		return planMetricLabel(rest, defs, lang)
	case "mentoring":
		return outcomeMetricLabel(rest, defs, lang)
	case "section", "item", "indicator":
		qid, id, _ := strings.Cut(rest, "/")
		q := defs[qid]
		if q == nil {
			return rest
		}
		switch kind {
		case "section":
			if s := q.Section(id); s != nil {
				return q.Title.In(lang) + ": " + s.Title.In(lang)
			}
		default:
			if qu := q.Question(id); qu != nil {
				return qu.Label.In(lang)
			}
			if in := q.Indicator(id); in != nil {
				return in.Label.In(lang)
			}
		}
		return rest
	}
	return metric
}

// itemLabel is the label of a question or indicator.
func itemLabel(q *questionnaires.Questionnaire, id, lang string) string {
	if qu := q.Question(id); qu != nil {
		return qu.Label.In(lang)
	}
	if in := q.Indicator(id); in != nil {
		return in.Label.In(lang)
	}
	return id
}

// levelLabel is "3 – Agree": a level of a scale with its label.
func levelLabel(qu *questionnaires.Question, level int, lang string) string {
	if level >= 1 && level <= len(qu.Levels) {
		if l := qu.Levels[level-1].In(lang); l != "" {
			return strconv.Itoa(level) + " – " + l
		}
	}
	return strconv.Itoa(level)
}

// answerValue renders an answer for people: choice labels in lang, yes/no
// in words, levels with their labels; numbers stay numbers (float64).
func answerValue(qu *questionnaires.Question, v questionnaires.Value, lang string) any {
	if v.Kind == questionnaires.KindNA {
		return i18n.T(lang, "answer.na")
	}
	switch qu.Type {
	case questionnaires.TypeSingleChoice:
		if c := qu.Choice(v.Str); c != nil {
			return c.Label.In(lang)
		}
		return v.Str
	case questionnaires.TypeYesNo:
		switch v.Str {
		case "yes":
			return i18n.T(lang, "answer.yes")
		case "no":
			return i18n.T(lang, "answer.no")
		}
		return v.Str
	case questionnaires.TypeMultiChoice:
		labels := make([]string, 0, len(v.List))
		for _, id := range v.List {
			if c := qu.Choice(id); c != nil {
				labels = append(labels, c.Label.In(lang))
			} else {
				labels = append(labels, id)
			}
		}
		return strings.Join(labels, "; ")
	case questionnaires.TypeLikert:
		return levelLabel(qu, int(v.Num), lang)
	case questionnaires.TypeRubric:
		if v.Num == 0 {
			return i18n.T(lang, "answer.na")
		}
		return levelLabel(qu, int(v.Num), lang)
	case questionnaires.TypeMatrix:
		parts := []string{}
		for _, r := range qu.Rows {
			lv, ok := v.Rows[r.ID]
			if !ok {
				continue
			}
			s := i18n.T(lang, "answer.na")
			if lv > 0 {
				s = levelLabel(qu, int(lv), lang)
			}
			parts = append(parts, r.Label.In(lang)+": "+s)
		}
		return strings.Join(parts, "; ")
	case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency:
		return v.Num
	}
	return v.Str
}

// numberStyle is the style of a numeric answer of the question's type.
func (b *book) numberStyle(t questionnaires.Type) int {
	switch t {
	case questionnaires.TypeInteger:
		return b.st.integer
	case questionnaires.TypeCurrency:
		return b.st.currency
	}
	return b.st.decimal
}

// explain says in words how an item got its points (or why it has none);
// answer is the item's answer when known (it tells yes from no).
func explain(qu *questionnaires.Question, it scoring.Item, answer *questionnaires.Value, lang string) string {
	switch it.Status {
	case scoring.StatusNA:
		return i18n.T(lang, "ex.n/a")
	case scoring.StatusUnanswered:
		if it.Indicator {
			return i18n.T(lang, "ex.unanswered.indicator")
		}
		return i18n.T(lang, "ex.unanswered")
	case scoring.StatusIrrelevant:
		return i18n.T(lang, "ex.irrelevant")
	case scoring.StatusInformational:
		return i18n.T(lang, "ex.informational")
	}
	r := it.Reason
	pts := formatNumber(it.Points)
	switch r.Method {
	case questionnaires.MethodChoice:
		if qu != nil && qu.Type == questionnaires.TypeMultiChoice {
			if r.Capped {
				return i18n.T(lang, "ex.capped")
			}
			return i18n.T(lang, "ex.multi", pts)
		}
		return i18n.T(lang, "ex.choice", pts)
	case questionnaires.MethodScale:
		if r.Rows > 0 {
			return i18n.N(lang, "ex.matrix", r.Rows, formatNumber(r.Level), r.Levels, r.Rows, r.Levels)
		}
		return i18n.T(lang, "ex.scale", formatNumber(r.Level), r.Levels, r.Levels)
	case questionnaires.MethodYesNo:
		yes := 100.0
		if qu != nil && qu.Scoring != nil && qu.Scoring.Yes != nil {
			yes = *qu.Scoring.Yes
		}
		if (answer != nil && answer.Str == "no") || (answer == nil && it.Points != yes) {
			return i18n.T(lang, "ex.no", pts)
		}
		return i18n.T(lang, "ex.yes", pts)
	case questionnaires.MethodBands:
		if it.HasValue && it.Value < r.Threshold {
			return i18n.T(lang, "ex.bands.below", formatNumber(it.Value), formatNumber(r.Threshold), pts)
		}
		return i18n.T(lang, "ex.bands", formatNumber(it.Value), formatNumber(r.Threshold), pts)
	case questionnaires.MethodLinear:
		return i18n.T(lang, "ex.linear", formatNumber(it.Value), formatNumber(r.From), formatNumber(r.To))
	case questionnaires.MethodCount:
		return i18n.N(lang, "ex.count", r.Count, r.Count, formatNumber(r.Threshold), pts)
	}
	return ""
}

// skipLogic explains when a question applies, in words: "Answer only if
// “Does your association hold reserves?” is “Yes”." It renders the
// relevance's expression tree; "" when the question always applies.
func skipLogic(q *questionnaires.Questionnaire, qu *questionnaires.Question, lang string) string {
	t := qu.RelevantTree()
	if t == nil {
		return ""
	}
	r := exprWords{q: q, lang: lang}
	return i18n.T(lang, "skip.only", r.cond(t))
}

// exprWords renders expression trees (see questionnaires.Node).
type exprWords struct {
	q    *questionnaires.Questionnaire
	lang string
}

// quoted puts a label in quotation marks.
func quoted(s string) string { return "“" + s + "”" }

// plain drops unary pluses, which change nothing.
func plain(n questionnaires.Node) questionnaires.Node {
	for {
		u, ok := n.(questionnaires.Unary)
		if !ok || u.Op != "+" {
			return n
		}
		n = u.X
	}
}

// cond renders a condition.
func (r exprWords) cond(n questionnaires.Node) string {
	switch v := plain(n).(type) {
	case questionnaires.Binary:
		switch v.Op {
		case "and", "or":
			return i18n.T(r.lang, "skip."+v.Op, r.cond(v.L), r.cond(v.R))
		case "==", "!=":
			left, right := plain(v.L), plain(v.R)
			_, lid := left.(questionnaires.Ref)
			_, rid := right.(questionnaires.Ref)
			if !lid && rid {
				left, right = right, left
			}
			key := "skip.is"
			if v.Op == "!=" {
				key = "skip.isnot"
			}
			if _, isNil := right.(questionnaires.NilLit); isNil {
				if v.Op == "==" {
					return i18n.T(r.lang, "skip.notanswered", r.term(left, nil))
				}
				return i18n.T(r.lang, "skip.answered", r.term(left, nil))
			}
			return i18n.T(r.lang, key, r.term(left, nil), r.term(right, r.question(left)))
		case ">", ">=", "<", "<=":
			key := map[string]string{">": "skip.gt", ">=": "skip.ge", "<": "skip.lt", "<=": "skip.le"}[v.Op]
			return i18n.T(r.lang, key, r.term(v.L, nil), r.term(v.R, r.question(v.L)))
		}
	case questionnaires.Unary:
		if v.Op != "not" {
			break
		}
		if c, ok := plain(v.X).(questionnaires.Call); ok {
			switch {
			case c.Name == "selected" && len(c.Args) == 2:
				return r.selected(c.Args[0], c.Args[1], true)
			case c.Name == "answered" && len(c.Args) == 1:
				return i18n.T(r.lang, "skip.notanswered", r.term(c.Args[0], nil))
			}
		}
		return i18n.T(r.lang, "skip.not", r.cond(v.X))
	case questionnaires.Call:
		switch {
		case v.Name == "selected" && len(v.Args) == 2:
			return r.selected(v.Args[0], v.Args[1], false)
		case v.Name == "answered" && len(v.Args) == 1:
			return i18n.T(r.lang, "skip.answered", r.term(v.Args[0], nil))
		}
	}
	return r.term(n, nil)
}

// selected renders selected(q, 'choice'), or its negation.
func (r exprWords) selected(qn, cn questionnaires.Node, negate bool) string {
	qu := r.question(qn)
	choice := r.term(cn, qu)
	single := qu != nil && qu.Type != questionnaires.TypeMultiChoice
	key := "skip.has"
	switch {
	case single && negate:
		key = "skip.isnot"
	case single:
		key = "skip.is"
	case negate:
		key = "skip.hasnot"
	}
	return i18n.T(r.lang, key, r.term(qn, nil), choice)
}

// question returns the question an identifier (or a matrix row) names,
// or nil.
func (r exprWords) question(n questionnaires.Node) *questionnaires.Question {
	switch v := plain(n).(type) {
	case questionnaires.Ref:
		return r.q.Question(v.Name)
	case questionnaires.Get:
		return r.q.Question(v.ID)
	}
	return nil
}

// term renders a value; a string compared with a choice question is
// rendered as the choice's label.
func (r exprWords) term(n questionnaires.Node, of *questionnaires.Question) string {
	switch v := plain(n).(type) {
	case questionnaires.Ref:
		return quoted(itemLabel(r.q, v.Name, r.lang))
	case questionnaires.Get:
		label := quoted(itemLabel(r.q, v.ID, r.lang))
		if qu := r.q.Question(v.ID); qu != nil {
			if rw := qu.Row(v.Row); rw != nil {
				return label + " – " + quoted(rw.Label.In(r.lang))
			}
		}
		return label + " – " + v.Row
	case questionnaires.StrLit:
		s := v.Value
		if of != nil {
			switch {
			case of.Type == questionnaires.TypeYesNo && (s == "yes" || s == "no"):
				return quoted(i18n.T(r.lang, "answer."+s))
			case s == questionnaires.NA:
				return quoted(i18n.T(r.lang, "answer.na"))
			}
			if c := of.Choice(s); c != nil {
				return quoted(c.Label.In(r.lang))
			}
		}
		return quoted(s)
	case questionnaires.NumLit:
		f := v.Value
		if of != nil && of.Type == questionnaires.TypeLikert && f == math.Trunc(f) {
			return quoted(levelLabel(of, int(f), r.lang))
		}
		return formatNumber(f)
	case questionnaires.BoolLit:
		if v.Value {
			return i18n.T(r.lang, "skip.true")
		}
		return i18n.T(r.lang, "skip.false")
	case questionnaires.NilLit:
		return i18n.T(r.lang, "skip.none")
	case questionnaires.Unary:
		if v.Op == "-" {
			return "-" + r.term(v.X, nil)
		}
		return r.cond(v)
	case questionnaires.Binary:
		switch v.Op {
		case "and", "or", "==", "!=", ">", ">=", "<", "<=":
			return r.cond(v)
		}
		// arithmetic, "in" and "??" (cond has no words for the last two)
		return "(" + r.term(v.L, nil) + " " + v.Op + " " + r.term(v.R, nil) + ")"
	case questionnaires.Call:
		if v.Name == "count" && len(v.Args) == 1 {
			return i18n.T(r.lang, "skip.count", r.term(v.Args[0], nil))
		}
		args := make([]string, 0, len(v.Args))
		for _, x := range v.Args {
			args = append(args, r.term(x, nil))
		}
		return v.Name + "(" + strings.Join(args, ", ") + ")"
	case questionnaires.ListLit:
		items := make([]string, 0, len(v.Elems))
		for _, x := range v.Elems {
			items = append(items, r.term(x, nil))
		}
		return "[" + strings.Join(items, ", ") + "]"
	case questionnaires.Cond:
		return "(" + r.cond(v.If) + " ? " + r.term(v.Then, nil) + " : " + r.term(v.Else, nil) + ")"
	}
	b, _ := json.Marshal(questionnaires.TreeJSON(n))
	return string(b)
}

// typeHelp says what kind of answer a question expects, with its bounds
// and unit, in lang.
func typeHelp(qu *questionnaires.Question, lang string) string {
	var s []string
	switch qu.Type {
	case questionnaires.TypeSingleChoice:
		s = append(s, i18n.T(lang, "h.choice"))
	case questionnaires.TypeMultiChoice:
		s = append(s, i18n.T(lang, "h.multi"))
		for _, c := range qu.Choices {
			if c.Exclusive {
				s = append(s, i18n.T(lang, "h.exclusive", c.Label.In(lang)))
			}
		}
	case questionnaires.TypeYesNo:
		s = append(s, i18n.T(lang, "h.yesno"))
	case questionnaires.TypeLikert:
		s = append(s, i18n.T(lang, "h.likert"))
	case questionnaires.TypeRubric:
		s = append(s, i18n.T(lang, "h.rubric"))
	case questionnaires.TypeMatrix:
		s = append(s, i18n.T(lang, "h.matrix"))
	case questionnaires.TypeInteger:
		s = append(s, i18n.T(lang, "h.integer"))
	case questionnaires.TypeDecimal:
		s = append(s, i18n.T(lang, "h.decimal"))
	case questionnaires.TypePercent:
		s = append(s, i18n.T(lang, "h.percent"))
	case questionnaires.TypeCurrency:
		s = append(s, i18n.T(lang, "h.currency"))
	case questionnaires.TypeText, questionnaires.TypeLongText:
		s = append(s, i18n.N(lang, "h.text", maxLength(qu), maxLength(qu)))
	case questionnaires.TypeDate:
		s = append(s, i18n.T(lang, "h.date"))
	case questionnaires.TypeNote:
		s = append(s, i18n.T(lang, "h.note"))
	}
	switch {
	case qu.Type == questionnaires.TypeMultiChoice && qu.Min != nil && *qu.Min > 0:
		s = append(s, i18n.T(lang, "h.selmin", formatNumber(*qu.Min)))
	case qu.Type.IsNumeric() && qu.Min != nil && qu.Max != nil:
		s = append(s, i18n.T(lang, "h.between", formatNumber(*qu.Min), formatNumber(*qu.Max)))
	case qu.Type.IsNumeric() && qu.Min != nil:
		s = append(s, i18n.T(lang, "h.min", formatNumber(*qu.Min)))
	case qu.Type.IsNumeric() && qu.Max != nil:
		s = append(s, i18n.T(lang, "h.max", formatNumber(*qu.Max)))
	}
	if qu.Type == questionnaires.TypeMultiChoice && qu.Max != nil {
		s = append(s, i18n.T(lang, "h.selmax", formatNumber(*qu.Max)))
	}
	if u := qu.Unit.In(lang); u != "" {
		s = append(s, i18n.T(lang, "h.unit", u))
	}
	return strings.Join(s, " ")
}

// maxLength is a text question's length limit (the loader's defaults).
func maxLength(qu *questionnaires.Question) int {
	if qu.MaxLength > 0 {
		return qu.MaxLength
	}
	switch qu.Type {
	case questionnaires.TypeLongText:
		return 5000
	case questionnaires.TypeRubric:
		return 2000
	}
	return 500
}

// scoringWords describes a question's scoring for the data dictionary.
func scoringWords(m questionnaires.Method, sc *questionnaires.Scoring, lang string) string {
	if m == questionnaires.MethodNone {
		return i18n.T(lang, "not.scored")
	}
	s := string(m)
	if sc != nil {
		switch m {
		case questionnaires.MethodBands, questionnaires.MethodCount:
			bs := make([]string, len(sc.Bands))
			for i, b := range sc.Bands {
				bs[i] = formatNumber(b.Threshold) + "→" + formatNumber(b.Points)
			}
			s += " (" + strings.Join(bs, ", ") + ")"
		case questionnaires.MethodLinear:
			if sc.From != nil && sc.To != nil {
				s += fmt.Sprintf(" (%s→0, %s→100)", formatNumber(*sc.From), formatNumber(*sc.To))
			}
		}
	}
	return s
}

// AnswerText writes an answer for people reading lang (the review page
// before a submission): as answerValue, numbers with the language's
// thousands separators; currency is the code written after an amount
// ("" for none).
func AnswerText(qu *questionnaires.Question, v questionnaires.Value, lang, currency string) string {
	switch x := answerValue(qu, v, lang).(type) {
	case float64:
		s := i18n.Number(x, lang)
		if qu.Type == questionnaires.TypePercent {
			s += " %"
		} else if qu.Type == questionnaires.TypeCurrency && currency != "" {
			s += " " + currency
		}
		return s
	case string:
		return x
	}
	return ""
}
