package web

import (
	"math"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// weakPoints is the score under which an item lists good practices
// even when it is not among "where to improve first".
const weakPoints = 50

// practicesPerItem is how many library entries an item lists.
const practicesPerItem = 3

// practiceLink is a library entry listed beside an item.
type practiceLink struct {
	Title, URL, Kind string
	External         bool
	// Fallback marks an entry in English, not in the page's language.
	Fallback bool
}

// practiceURL is where an entry opens: a resource's link or file, a
// story's place in the library.
func practiceURL(pr *survey.Practice) (string, bool) {
	switch {
	case pr.Link != "":
		return pr.Link, true
	case pr.File != nil:
		return "/library/" + url.PathEscape(pr.ID) + "/file", false
	}
	return "/library?item=" + url.QueryEscape(firstItem(pr)) + "#p-" + pr.ID, false
}

func firstItem(pr *survey.Practice) string {
	if len(pr.Items) == 0 {
		return ""
	}
	return pr.Items[0]
}

// linksOf turns matches into links.
func linksOf(ms []survey.PracticeMatch, pg *page) []practiceLink {
	var out []practiceLink
	for _, m := range ms {
		u, ext := practiceURL(m.Practice)
		out = append(out, practiceLink{Title: m.Title, URL: u, External: ext, Fallback: m.Fallback, Kind: kindLabel(m.Kind, pg)})
	}
	return out
}

// itemViews lists an area's "where to improve first" items and its other
// items under weakPoints, each with up to practicesPerItem matching
// entries of the library in the page's language (English marked).
func (w *site) itemViews(c *gin.Context, p survey.Principal, def *questionnaires.Questionnaire, card survey.AreaCard, pg *page) (improve, weak []improveView) {
	l := pg.Lang
	view := func(it scoring.Item) improveView {
		iv := improveView{Gain: "+" + reports.FormatRound(it.Gain, 1), Points: fmtScore(it.Points)}
		if qu := def.Question(it.ID); qu != nil {
			iv.Label = qu.Label.In(l)
		} else if in := def.Indicator(it.ID); in != nil {
			iv.Label = in.Label.In(l)
		} else {
			iv.Label = it.ID
		}
		if s := def.Section(it.Section); s != nil {
			iv.Section = s.Title.In(l)
		}
		return iv
	}
	var ids []string
	seen := map[string]bool{}
	for _, it := range card.Improve {
		if math.IsNaN(it.Gain) || math.IsNaN(it.Points) {
			continue
		}
		improve = append(improve, view(it))
		ids, seen[it.ID] = append(ids, def.ID+"/"+it.ID), true
	}
	for _, it := range card.Items {
		if seen[it.ID] || it.Status != scoring.StatusScored || math.IsNaN(it.Points) || it.Points >= weakPoints {
			continue
		}
		weak = append(weak, view(it))
		ids, seen[it.ID] = append(ids, def.ID+"/"+it.ID), true
	}
	if len(ids) == 0 {
		return improve, weak
	}
	ms, err := w.svc.MatchingPractices(c.Request.Context(), p, ids, l, practicesPerItem)
	if err != nil {
		w.log.Warn("good practices not matched", "err", err)
		return improve, weak
	}
	for i := range improve {
		improve[i].Practices = linksOf(ms[ids[i]], pg)
	}
	for i := range weak {
		weak[i].Practices = linksOf(ms[ids[len(improve)+i]], pg)
	}
	return improve, weak
}

// kindLabel names an entry's kind.
func kindLabel(k survey.PracticeKind, pg *page) string {
	if k == survey.KindStory {
		return pg.T("lib.kind.story")
	}
	return pg.T("lib.kind.resource")
}
