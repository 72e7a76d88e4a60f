package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
)

// The review before a final submission lists the answers given, section
// by section, each linked to its question; the submission then needs an
// explicit confirmation. While one answers, leaving a field asks
// POST /survey/{c}/{q}/check for the messages of every rule (required,
// min/max, constraints, relevance: the submission's own validation), so
// that a problem shows next to the field at once, not only on the review.

// currencyQuestion is the question whose answer is the currency code of
// a questionnaire's amounts (the built-in financial questionnaire has it).
const currencyQuestion = "reporting_currency"

// reviewSection is one section of the review page.
type reviewSection struct {
	Title, URL string
	Answers    []reviewAnswer
}

// reviewAnswer is one answer of the review page.
type reviewAnswer struct {
	Label, Text, URL string
}

// currencyOf is the currency code answered in a, or "".
func currencyOf(a questionnaires.Answers) string {
	if v, ok := a[currencyQuestion]; ok && v.Kind == questionnaires.KindString {
		return strings.ToUpper(strings.TrimSpace(v.Str))
	}
	return ""
}

// reviewAnswers lists the answers to questions that apply, in the order
// of the questionnaire.
func reviewAnswers(l *located, lang, query string) []reviewSection {
	answers := l.q.PruneIrrelevant(l.r.Answers)
	cur := currencyOf(answers)
	var out []reviewSection
	for _, s := range l.q.Sections {
		rs := reviewSection{Title: s.Title.In(lang), URL: l.base() + "/" + s.ID + query}
		for _, qu := range s.Questions {
			v, ok := answers[qu.ID]
			if !ok || qu.Type == questionnaires.TypeNote {
				continue
			}
			rs.Answers = append(rs.Answers, reviewAnswer{Label: qu.Label.In(lang), Text: reports.AnswerText(qu, v, lang, cur),
				URL: rs.URL + "#q-" + qu.ID})
		}
		out = append(out, rs)
	}
	return out
}

// checkBody is what the page sends to be checked.
type checkBody struct {
	Answers map[string]json.RawMessage `json:"answers"`
}

// surveyCheck answers the rule messages of the answers sent, by question
// id, in the page's language (every question; the page shows those of
// the fields already left). Nothing is stored.
func (w *site) surveyCheck(c *gin.Context) {
	if !httpx.ValidCSRF(c) {
		c.JSON(http.StatusForbidden, gin.H{"error": gin.H{"code": "forbidden", "message": "missing or invalid X-CSRF-Token"}})
		return
	}
	l, ok := w.locate(c)
	if !ok {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, httpx.MaxJSONBody)
	var in checkBody
	if err := json.NewDecoder(c.Request.Body).Decode(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": gin.H{"code": "bad_request", "message": "the body must be {\"answers\": {...}}"}})
		return
	}
	lang := httpx.Lang(c)
	answers, fe := l.q.ParseAnswers(in.Answers, lang)
	fields := map[string]string{}
	for k, v := range fe {
		fields[k] = v
	}
	for k, v := range l.q.Validate(l.q.PruneIrrelevant(answers), questionnaires.Submit, lang) {
		if _, ok := fields[k]; !ok {
			fields[k] = v
		}
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"fields": fields})
}
