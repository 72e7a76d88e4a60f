package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// recentlyClosed is how long a closed campaign stays on the survey home (read-only).
const recentlyClosed = 18 * 30 * 24 * time.Hour

// respondent returns the association a survey page is about: the
// association's own, or ?association= for administrators. Analysts see
// aggregates only and are sent to the dashboard.
func (w *site) respondent(c *gin.Context) (survey.Principal, string, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, "", false
	}
	switch p.Role {
	case survey.RoleAssociation:
		return p, p.Association, true
	case survey.RoleRater:
		return p, p.Rater.Association, true
	case survey.RoleAdmin:
		if a := c.Query("association"); a != "" {
			return p, a, true
		}
	}
	c.Redirect(http.StatusSeeOther, "/dashboard")
	c.Abort()
	return p, "", false
}

// surveyHomeData is the survey home page's data.
type surveyHomeData struct {
	Association string
	Done        string
	Campaigns   []campaignCard
	AdminQuery  string
}

type campaignCard struct {
	ID, Title     string
	Status        string
	StatusLabel   string
	Open          bool
	Opens         string
	DeadlineLocal string
	DeadlineAoE   string
	TimeZone      string
	DaysLeft      int
	Items         []questionnaireItem
	Submitted     int
	// Share tells whether the association shares its scores with the
	// working group in this campaign.
	Share bool
	// Pairs are its mentoring pairs of the pilot in this campaign.
	Pairs []pairCard
}

type questionnaireItem struct {
	ID, Title   string
	URL         string
	Status      string
	StatusLabel string
	Answered    int
	Required    int
	Percent     int
	Action      string
}

func (w *site) surveyHome(c *gin.Context) {
	p, assoc, ok := w.respondent(c)
	if !ok {
		return
	}
	if p.Role == survey.RoleRater {
		w.raterHome(c, p)
		return
	}
	ctx := c.Request.Context()
	a, err := w.svc.GetAssociation(ctx, p, assoc)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "nav.survey", &p)
	loc := location(a.TimeZone)
	now := w.svc.Now()
	d := surveyHomeData{Association: a.Name, Done: c.Query("done"), AdminQuery: adminQuery(p, assoc)}
	slices.SortStableFunc(cs, func(x, y *survey.Campaign) int { return y.Opens.Compare(x.Opens) })
	for _, cp := range cs {
		st := cp.Status(now)
		if st == survey.CampaignClosed && now.Sub(cp.Closes) > recentlyClosed {
			continue
		}
		card := campaignCard{ID: cp.ID, Title: cp.Title.In(pg.Lang), Status: string(st), StatusLabel: pg.T("campaign." + string(st)),
			Open: st == survey.CampaignOpen, TimeZone: loc.String(),
			Opens:         i18n.DateTime(cp.Opens.In(loc), pg.Lang),
			DeadlineLocal: i18n.DateTime(cp.Closes.In(loc), pg.Lang),
			DeadlineAoE:   i18n.DateTime(cp.Closes.In(aoe), pg.Lang)}
		if st == survey.CampaignOpen {
			card.DaysLeft = int(math.Ceil(cp.Closes.Sub(now).Hours() / 24))
		}
		if cs, err := w.svc.GetConsent(ctx, p, cp.ID, assoc); err == nil {
			card.Share = cs.Share
		}
		card.Pairs = w.pairCards(c, p, assoc, cp.ID, pg)
		started := false
		if st != survey.CampaignScheduled {
			rs, err := w.svc.ListResponses(ctx, p, cp.ID, assoc)
			if err != nil {
				w.errorPage(c, err)
				return
			}
			for _, r := range rs {
				q, err := w.svc.Questionnaire(ctx, r.Key())
				if err != nil {
					w.errorPage(c, err)
					return
				}
				started = started || r.Revision > 0
				it := questionnaireItem{ID: q.ID, Title: q.Title.In(pg.Lang), URL: "/survey/" + cp.ID + "/" + q.ID + adminQuery(p, assoc)}
				it.Answered, it.Required = progress(q, r.Answers)
				if it.Required > 0 {
					it.Percent = 100 * it.Answered / it.Required
				} else {
					it.Percent = 100
				}
				switch {
				case r.Status == survey.StatusSubmitted:
					it.Status = "submitted"
					card.Submitted++
					it.Action = pg.T("home.view")
				case r.Revision == 0 && it.Required > 0 && it.Answered == it.Required:
					// nothing saved yet, but every required answer is there
					// (the profile, pre-filled from the association's record)
					it.Status = "prefilled"
					it.Action = pg.T("home.continue")
				case r.Revision == 0:
					it.Status = "not_started"
					it.Action = pg.T("home.start")
				default:
					it.Status = "draft"
					it.Action = pg.T("home.continue")
				}
				if st != survey.CampaignOpen && it.Status != "submitted" {
					it.Action = pg.T("home.view")
				}
				it.StatusLabel = pg.T("status." + it.Status)
				card.Items = append(card.Items, it)
			}
		}
		if st == survey.CampaignClosed && !started {
			continue // nothing to read back
		}
		d.Campaigns = append(d.Campaigns, card)
	}
	pg.Data = d
	w.render(c, http.StatusOK, "survey_home", pg)
}

// adminQuery keeps ?association= on links for administrators.
func adminQuery(p survey.Principal, assoc string) string {
	if p.Role == survey.RoleAdmin {
		return "?association=" + url.QueryEscape(assoc)
	}
	return ""
}

// progress counts the relevant required questions and how many of them are answered.
func progress(q *questionnaires.Questionnaire, a questionnaires.Answers) (answered, required int) {
	ev := q.Evaluate(a)
	defer ev.Release()
	for _, qu := range q.Questions() {
		if !qu.Required || qu.Type == questionnaires.TypeNote || !ev.Relevant(qu) {
			continue
		}
		required++
		if v, ok := a[qu.ID]; ok && !emptyAnswer(v) {
			answered++
		}
	}
	return answered, required
}

func emptyAnswer(v questionnaires.Value) bool {
	switch v.Kind {
	case questionnaires.KindString:
		return strings.TrimSpace(v.Str) == ""
	case questionnaires.KindList:
		return len(v.List) == 0
	case questionnaires.KindMatrix:
		return len(v.Rows) == 0
	}
	return false
}

// aoe is the "anywhere on earth" time zone, UTC-12.
var aoe = time.FixedZone("AoE", -12*3600)

// location loads an IANA time zone, UTC when unknown.
func location(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	return time.UTC
}

// located is a response with its campaign and questionnaire, for the form pages.
type located struct {
	p        survey.Principal
	assoc    string
	campaign *survey.Campaign
	q        *questionnaires.Questionnaire
	r        *survey.Response
	readOnly string         // why the form is read-only ("" when editable)
	zone     *time.Location // the association's time zone, for the times shown
}

func (w *site) locate(c *gin.Context) (*located, bool) {
	p, assoc, ok := w.respondent(c)
	if !ok {
		return nil, false
	}
	ctx := c.Request.Context()
	ref := survey.ResponseRef{Campaign: c.Param("c"), Association: assoc, Questionnaire: c.Param("q")}
	var r *survey.Response
	var err error
	if p.Role == survey.RoleRater {
		r, err = w.svc.GetRaterResponse(ctx, p, survey.RaterRef{Campaign: ref.Campaign, Association: assoc, ID: p.Rater.ID}, ref.Questionnaire)
	} else {
		r, err = w.svc.GetResponse(ctx, p, ref)
	}
	if err != nil {
		w.errorPage(c, err)
		return nil, false
	}
	cp, err := w.svc.GetCampaign(ctx, p, ref.Campaign)
	if err != nil {
		w.errorPage(c, err)
		return nil, false
	}
	q, err := w.svc.Questionnaire(ctx, r.Key())
	if err != nil {
		w.errorPage(c, err)
		return nil, false
	}
	zone := time.UTC // a rater sees times in UTC: it does not read the association's record
	if p.Role != survey.RoleRater {
		a, err := w.svc.GetAssociation(ctx, p, assoc)
		if err != nil {
			w.errorPage(c, err)
			return nil, false
		}
		zone = location(a.TimeZone)
	}
	l := &located{p: p, assoc: assoc, campaign: cp, q: q, r: r, zone: zone}
	switch st := cp.Status(w.svc.Now()); {
	case r.Status == survey.StatusSubmitted:
		l.readOnly = "submitted"
	case st == survey.CampaignClosed:
		l.readOnly = "closed"
	case st == survey.CampaignScheduled:
		l.readOnly = "scheduled"
	}
	return l, true
}

func (l *located) base() string { return "/survey/" + l.campaign.ID + "/" + l.q.ID }

// questionnaireStart resumes where the respondent left off.
func (w *site) questionnaireStart(c *gin.Context) {
	l, ok := w.locate(c)
	if !ok {
		return
	}
	sec := l.q.Sections[0].ID
	if l.r.Position != "" && l.q.Section(l.r.Position) != nil && l.readOnly == "" {
		sec = l.r.Position
	}
	c.Redirect(http.StatusSeeOther, l.base()+"/"+sec+keepQuery(c))
}

// keepQuery carries ?association= and ?lang= over to another page.
func keepQuery(c *gin.Context) string {
	v := url.Values{}
	for _, k := range []string{"association", "lang"} {
		if x := c.Query(k); x != "" {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// formData is the data of a questionnaire section page and of its submit page.
type formData struct {
	CampaignTitle string
	Title         string
	Description   string
	Steps         []step
	Index, Count  int
	Section       *questionnaires.Section
	SectionTitle  string
	SectionDesc   string
	Questions     []questionView
	Prev, Next    string
	ReadOnly      string
	SubmittedAt   string
	ConfigJSON    any
	Problems      []problem
	Back          string
	Home          string
	Scorecard     string
	// ScorecardLabel names the Scorecard link (a rater's goes to the divergence).
	ScorecardLabel string
	// RatersWait says that the consensus waits for raters (raters.go).
	RatersWait string
	// Review lists the answers given (the review before submitting).
	Review []reviewSection
}

type step struct {
	URL, Title string
	Current    bool
	Number     int
}

type problem struct {
	ID, Label, Message, URL string
}

// surveyConfig is what the page script needs: the questions with their
// relevance expressions, the answers, where to save them.
type surveyConfig struct {
	API       string       `json:"api"`
	Lang      string       `json:"lang"`
	Revision  int64        `json:"revision"`
	Section   string       `json:"section"`
	ReadOnly  bool         `json:"readOnly"`
	Questions []jsQuestion `json:"questions"`
	// ExprVersion is the version of the expressions' JSON form (expr.js checks it).
	ExprVersion int                        `json:"exprVersion"`
	Answers     questionnaires.Answers     `json:"answers"`
	Messages    map[string]string          `json:"messages"`
	Done        string                     `json:"done,omitempty"`
	Extra       map[string]json.RawMessage `json:"extra,omitempty"`
	// CurrencyFrom is the question whose answer is the code shown beside amounts.
	CurrencyFrom string `json:"currencyFrom,omitempty"`
}

type jsQuestion struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Section  string          `json:"section"`
	Label    string          `json:"label"`
	Required bool            `json:"required,omitempty"`
	Relevant json.RawMessage `json:"relevant,omitempty"`
	// Filter and Choices are the choice_filter and the choices it decides
	// (cascading selects), which the page applies live (ABExpr.offered).
	Filter  json.RawMessage `json:"filter,omitempty"`
	Choices []jsChoice      `json:"choices,omitempty"`
}

// jsChoice is a choice as a choice_filter reads it.
type jsChoice struct {
	ID    string            `json:"id"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// jsMessages are the strings the page scripts show.
var jsMessages = []string{"save.saved", "save.saving", "save.offline", "save.conflict", "save.error", "save.invalid",
	"save.closed", "save.reload", "save.unsaved", "submit.sending", "submit.failed", "submit.invalid", "submit.conflict",
	"save.attention"}

func (w *site) config(l *located, lang, section string) surveyConfig {
	api := "/api/v1/campaigns/" + url.PathEscape(l.campaign.ID) + "/responses/" + url.PathEscape(l.assoc) + "/" + url.PathEscape(l.q.ID)
	if l.p.Role == survey.RoleRater {
		api = "/api/v1/campaigns/" + url.PathEscape(l.campaign.ID) + "/associations/" + url.PathEscape(l.assoc) +
			"/raters/" + url.PathEscape(l.p.Rater.ID) + "/responses/" + url.PathEscape(l.q.ID)
	}
	cfg := surveyConfig{
		API:      api,
		Lang:     lang,
		Revision: l.r.Revision, Section: section, ReadOnly: l.readOnly != "",
		Answers: l.r.Answers, Messages: map[string]string{}, ExprVersion: questionnaires.ExprJSONVersion,
	}
	if cfg.Answers == nil {
		cfg.Answers = questionnaires.Answers{}
	}
	if l.q.Question(currencyQuestion) != nil {
		cfg.CurrencyFrom = currencyQuestion
	}
	for _, qu := range l.q.Questions() {
		jq := jsQuestion{ID: qu.ID, Type: string(qu.Type), Section: qu.SectionOf().ID,
			Label: qu.Label.In(lang), Required: qu.Required, Relevant: qu.RelevantAST(), Filter: qu.ChoiceFilterAST()}
		if qu.HasChoiceFilter() {
			for _, c := range qu.Choices {
				jq.Choices = append(jq.Choices, jsChoice{ID: c.ID, Attrs: c.Attrs})
			}
		}
		cfg.Questions = append(cfg.Questions, jq)
	}
	for _, k := range jsMessages {
		cfg.Messages[k] = i18n.T(lang, k)
	}
	return cfg
}

func (w *site) formCommon(c *gin.Context, l *located, pg *page, current string) formData {
	d := formData{CampaignTitle: l.campaign.Title.In(pg.Lang), Title: l.q.Title.In(pg.Lang), Description: l.q.Description.In(pg.Lang),
		ReadOnly: l.readOnly, Count: len(l.q.Sections) + 1, Home: "/survey" + adminQuery(l.p, l.assoc)}
	q := keepQuery(c)
	for i, s := range l.q.Sections {
		st := step{URL: l.base() + "/" + s.ID + q, Title: s.Title.In(pg.Lang), Current: s.ID == current, Number: i + 1}
		if st.Current {
			d.Index = i + 1
		}
		d.Steps = append(d.Steps, st)
	}
	sub := step{URL: l.base() + "/submit" + q, Title: pg.T("form.review"), Current: current == "", Number: len(l.q.Sections) + 1}
	if sub.Current {
		d.Index = sub.Number
	}
	d.Steps = append(d.Steps, sub)
	if l.r.SubmittedAt != nil {
		d.SubmittedAt = i18n.DateTimeZone(l.r.SubmittedAt.In(l.zone), pg.Lang)
	}
	switch {
	case l.r.Status != survey.StatusSubmitted:
	case l.p.Role == survey.RoleRater:
		d.Scorecard, d.ScorecardLabel = divergenceURL(l.campaign.ID, l.q.ID), pg.T("rater.divergence")
	default:
		d.Scorecard, d.ScorecardLabel = "/scorecard/"+l.campaign.ID+adminQuery(l.p, l.assoc), pg.T("home.scorecard")
	}
	return d
}

// sectionPage renders one section of a questionnaire.
func (w *site) sectionPage(c *gin.Context) {
	l, ok := w.locate(c)
	if !ok {
		return
	}
	sec := l.q.Section(c.Param("section"))
	if sec == nil {
		w.errorPage(c, fmt.Errorf("section %q: %w", c.Param("section"), survey.ErrNotFound))
		return
	}
	pg := w.newPage(c, "", &l.p)
	pg.Title = sec.Title.In(pg.Lang) + " · " + l.q.Title.In(pg.Lang)
	d := w.formCommon(c, l, pg, sec.ID)
	d.Section = sec
	d.SectionTitle = sec.Title.In(pg.Lang)
	d.SectionDesc = sec.Description.In(pg.Lang)
	ev := l.q.Evaluate(l.r.Answers)
	for _, qu := range sec.Questions {
		d.Questions = append(d.Questions, buildQuestion(qu, l.r.Answers, !ev.Relevant(qu), l.readOnly != "", pg))
	}
	ev.Release()
	i := slices.Index(l.q.Sections, sec)
	if i > 0 {
		d.Prev = d.Steps[i-1].URL
	}
	d.Next = d.Steps[i+1].URL
	cfg, err := jsonBlock(w.config(l, pg.Lang, sec.ID))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	d.ConfigJSON = cfg
	pg.Data = d
	pg.Scripts = []string{"js/expr.js", "js/survey.js"}
	w.render(c, http.StatusOK, "section", pg)
}

// submitPage is the confirmation before submitting: it lists the
// required answers still missing and the answers that need attention.
func (w *site) submitPage(c *gin.Context) {
	l, ok := w.locate(c)
	if !ok {
		return
	}
	pg := w.newPage(c, "", &l.p)
	pg.Title = pg.T("form.review") + " · " + l.q.Title.In(pg.Lang)
	d := w.formCommon(c, l, pg, "")
	d.Back = d.Steps[len(d.Steps)-2].URL
	if l.readOnly == "" {
		answers := l.q.PruneIrrelevant(l.r.Answers)
		fe := l.q.Validate(answers, questionnaires.Submit, pg.Lang)
		for _, qu := range l.q.Questions() {
			if m, ok := fe[qu.ID]; ok {
				d.Problems = append(d.Problems, problem{ID: qu.ID, Label: qu.Label.In(pg.Lang), Message: m,
					URL: l.base() + "/" + qu.SectionOf().ID + keepQuery(c) + "#q-" + qu.ID})
			}
		}
	}
	d.RatersWait = w.ratersWait(c, l, pg)
	d.Review = reviewAnswers(l, pg.Lang, keepQuery(c))
	cfg := w.config(l, pg.Lang, "")
	cfg.Done = "/survey" + adminQuery(l.p, l.assoc)
	if cfg.Done == "/survey" {
		cfg.Done += "?done=" + url.QueryEscape(l.q.ID)
	}
	js, err := jsonBlock(cfg)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	d.ConfigJSON = js
	pg.Data = d
	pg.Scripts = []string{"js/expr.js", "js/survey.js"}
	w.render(c, http.StatusOK, "submit", pg)
}

// questionView is one question as the template renders it.
type questionView struct {
	ID        string
	Type      string
	Control   string
	Label     string
	Hint      string
	Unit      string
	Required  bool
	Hidden    bool
	Disabled  bool
	Options   []optionView
	Rows      []rowView
	Levels    []string
	Value     string
	Just      string
	Evidence  string
	Min, Max  string
	Step      string
	InputMode string
	MaxLength int
	NA        bool
	Describe  string
}

type optionView struct {
	Value, Label, Desc string
	ID                 string
	Checked            bool
	Exclusive          bool
	Number             int
}

type rowView struct {
	ID, Label string
	Options   []optionView
}

// manyChoices is from how many choices a single choice becomes a drop-down list.
const manyChoices = 12

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// buildQuestion prepares a question and its current answer for the template.
func buildQuestion(qu *questionnaires.Question, answers questionnaires.Answers, hidden, disabled bool, pg *page) questionView {
	l := pg.Lang
	v := questionView{ID: qu.ID, Type: string(qu.Type), Label: qu.Label.In(l), Hint: qu.Hint.In(l), Unit: qu.Unit.In(l),
		Required: qu.Required, Hidden: hidden, Disabled: disabled, NA: qu.AllowNA}
	ans, has := answers[qu.ID]
	var desc []string
	if v.Hint != "" {
		desc = append(desc, "h-"+qu.ID)
	}
	if v.Unit != "" {
		desc = append(desc, "u-"+qu.ID)
	}
	desc = append(desc, "e-"+qu.ID)
	v.Describe = strings.Join(desc, " ")
	opt := func(value, label string, checked bool) optionView {
		return optionView{Value: value, Label: label, ID: "q-" + qu.ID + "-" + value, Checked: checked}
	}
	switch qu.Type {
	case questionnaires.TypeNote:
		v.Control = "note"
	case questionnaires.TypeSingleChoice:
		v.Control = "radio"
		if len(qu.Choices) >= manyChoices || qu.ChoicesFrom != "" {
			v.Control = "select"
		}
		for _, ch := range qu.Choices {
			v.Options = append(v.Options, opt(ch.ID, ch.Label.In(l), has && ans.Kind == questionnaires.KindString && ans.Str == ch.ID))
		}
	case questionnaires.TypeMultiChoice:
		v.Control = "checkbox"
		if len(qu.Choices) >= manyChoices || qu.ChoicesFrom != "" {
			v.Control = "multiselect"
		}
		for _, ch := range qu.Choices {
			o := opt(ch.ID, ch.Label.In(l), has && slices.Contains(ans.List, ch.ID))
			o.Exclusive = ch.Exclusive
			v.Options = append(v.Options, o)
		}
	case questionnaires.TypeYesNo:
		v.Control = "radio"
		cur := ""
		if has {
			cur = ans.Str
			if ans.Kind == questionnaires.KindNA {
				cur = questionnaires.NA
			}
		}
		v.Options = append(v.Options, opt("yes", pg.T("answer.yes"), cur == "yes"), opt("no", pg.T("answer.no"), cur == "no"))
		if qu.AllowNA {
			o := opt("n/a", pg.T("answer.na"), cur == questionnaires.NA)
			o.ID = "q-" + qu.ID + "-na"
			v.Options = append(v.Options, o)
		}
	case questionnaires.TypeLikert:
		v.Control = "likert"
		for i, lv := range qu.Levels {
			n := strconv.Itoa(i + 1)
			o := opt(n, lv.In(l), has && ans.Kind == questionnaires.KindNumber && ans.Num == float64(i+1))
			o.Number = i + 1
			v.Options = append(v.Options, o)
		}
		if qu.AllowNA {
			o := opt("n/a", pg.T("answer.na"), has && ans.Kind == questionnaires.KindNA)
			o.ID = "q-" + qu.ID + "-na"
			v.Options = append(v.Options, o)
		}
	case questionnaires.TypeRubric:
		v.Control = "rubric"
		for i, lv := range qu.Levels {
			n := strconv.Itoa(i + 1)
			o := opt(n, pg.T("rubric.level", i+1), has && ans.Kind == questionnaires.KindRubric && ans.Num == float64(i+1))
			o.Desc = lv.In(l)
			o.Number = i + 1
			v.Options = append(v.Options, o)
		}
		if qu.AllowNA {
			o := opt("n/a", pg.T("answer.na"), has && ans.Kind == questionnaires.KindRubric && ans.Num == 0)
			o.ID = "q-" + qu.ID + "-na"
			o.Desc = pg.T("rubric.na")
			v.Options = append(v.Options, o)
		}
		if has {
			v.Just, v.Evidence = ans.Str, ans.Evidence
		}
		v.MaxLength = 2000
		if qu.MaxLength > 0 {
			v.MaxLength = qu.MaxLength
		}
	case questionnaires.TypeMatrix:
		v.Control = "matrix"
		for _, lv := range qu.Levels {
			v.Levels = append(v.Levels, lv.In(l))
		}
		if qu.AllowNA {
			v.Levels = append(v.Levels, pg.T("answer.na"))
		}
		for _, row := range qu.Rows {
			rv := rowView{ID: row.ID, Label: row.Label.In(l)}
			cur, rowHas := 0.0, false
			if has && ans.Kind == questionnaires.KindMatrix {
				cur, rowHas = ans.Rows[row.ID]
			}
			for i := range qu.Levels {
				o := optionView{Value: strconv.Itoa(i + 1), Label: v.Levels[i], ID: "q-" + qu.ID + "-" + row.ID + "-" + strconv.Itoa(i+1),
					Checked: rowHas && cur == float64(i+1)}
				rv.Options = append(rv.Options, o)
			}
			if qu.AllowNA {
				rv.Options = append(rv.Options, optionView{Value: "n/a", Label: pg.T("answer.na"), ID: "q-" + qu.ID + "-" + row.ID + "-na",
					Checked: rowHas && cur == 0})
			}
			v.Rows = append(v.Rows, rv)
		}
	case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency:
		v.Control = "number"
		v.Step, v.InputMode = "any", "decimal"
		if qu.Type == questionnaires.TypeInteger {
			v.Step, v.InputMode = "1", "numeric"
		}
		if qu.Min != nil {
			v.Min = fmtFloat(*qu.Min)
		}
		if qu.Max != nil {
			v.Max = fmtFloat(*qu.Max)
		}
		if qu.Type == questionnaires.TypePercent {
			if v.Min == "" {
				v.Min = "0"
			}
			if v.Max == "" {
				v.Max = "100"
			}
			if v.Unit == "" {
				v.Unit = "%"
				v.Describe = "u-" + qu.ID + " " + v.Describe
			}
		}
		if has && ans.Kind == questionnaires.KindNumber {
			v.Value = fmtFloat(ans.Num)
		}
	case questionnaires.TypeText, questionnaires.TypeLongText, questionnaires.TypeDate:
		v.Control = map[questionnaires.Type]string{questionnaires.TypeText: "text", questionnaires.TypeLongText: "textarea",
			questionnaires.TypeDate: "date"}[qu.Type]
		v.MaxLength = qu.MaxLength
		if v.MaxLength == 0 && qu.Type != questionnaires.TypeDate {
			v.MaxLength = 500
			if qu.Type == questionnaires.TypeLongText {
				v.MaxLength = 5000
			}
		}
		if has && ans.Kind == questionnaires.KindString {
			v.Value = ans.Str
		}
	}
	return v
}

// consent records the association's choice to share its scores and
// maturity levels with the working group in a campaign (a form of the
// survey home page; the session's CSRF token is checked on sign-in).
func (w *site) consent(c *gin.Context) {
	p, assoc, ok := w.respondent(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	share := c.PostForm("share")
	if share != "yes" && share != "no" {
		w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{"share": "yes or no"}})
		return
	}
	if _, err := w.svc.SetConsent(c.Request.Context(), p, c.Param("c"), assoc, share == "yes"); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/survey"+adminQuery(p, assoc)+"#c-"+c.Param("c"))
}
