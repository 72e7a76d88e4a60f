package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/assocbench/assocbench/internal/attack"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// The attackers against the real server: everything an analyst can read
// through the API (every benchmark table of every grouping, for the
// overall scores and each questionnaire; the prevalence of every choice
// question and the maturity levels of every area in every grouping; the
// scorecards of the associations that share them), attacked with the
// internal/attack attackers. Each must find nothing; the same attackers,
// run on a release of the same data built with the gate bypassed, must
// find leaks — the proof that they would see one.

// readPublished reads, as an analyst, every table the API serves of a
// campaign's latest release.
func readPublished(t *testing.T, h *harness, campaign string) *attack.Published {
	t.Helper()
	ctx := context.Background()
	c, err := h.svc.GetCampaign(ctx, survey.System, campaign)
	if err != nil {
		t.Fatal(err)
	}
	var pub *attack.Published
	get := func(path string, dst any) {
		h.must(t, call{method: "GET", path: "/api/v1/campaigns/" + campaign + path, token: analystToken}, http.StatusOK, dst)
	}
	var qs []*questionnaires.Questionnaire
	for _, k := range c.Questionnaires {
		q, err := h.svc.Questionnaire(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	for _, g := range attack.Groupings() {
		gb := "&group_by=" + url.QueryEscape(strings.Join(g, ","))
		var overall scoring.Table
		get("/benchmarks?x=1"+gb, &overall)
		if pub == nil {
			pub = attack.NewPublished(overall.K)
		}
		pub.AddTable(&overall)
		var plans scoring.Table // the plans' table family
		get("/plans?x=1"+gb, &plans)
		pub.AddTable(&plans)
		var outcomes scoring.Table // the mentorship pilot's outcomes
		get("/mentoring/outcomes?x=1"+gb, &outcomes)
		pub.AddTable(&outcomes)
		for _, q := range qs {
			if q.Scored() {
				var tb scoring.Table
				get("/benchmarks?questionnaire="+q.ID+gb, &tb)
				pub.AddTable(&tb)
				var lv scoring.PrevalenceTable
				get("/levels?area="+string(q.Area)+gb, &lv)
				pub.AddPrevalence("level:"+string(q.Area), &lv)
			}
			for _, qu := range q.Questions() {
				if !(qu.Type.IsChoice() || qu.Type == questionnaires.TypeYesNo) || qu.ChoicesFrom != "" ||
					q.Area == questionnaires.AreaProfile && (qu.ID == "association_type" || qu.ID == "budget_band") {
					continue
				}
				var pt scoring.PrevalenceTable
				get("/prevalence?questionnaire="+q.ID+"&question="+qu.ID+gb, &pt)
				pub.AddPrevalence("choice:"+q.ID+"/"+qu.ID, &pt)
			}
		}
	}
	return pub
}

// readPublic reads every table of the campaign's public report (what
// anyone may read without a token).
func readPublic(t *testing.T, h *harness, campaign string) *attack.Published {
	t.Helper()
	r, err := h.svc.PublicReport(context.Background(), campaign)
	if err != nil {
		t.Fatal(err)
	}
	pub := attack.NewPublished(r.K)
	pub.AddTable(r.Scores)
	for _, a := range r.Areas {
		pub.AddPrevalence("level:"+string(a.Area), a.Table)
	}
	for _, p := range r.Practices {
		pub.AddPrevalence("choice:"+p.Questionnaire+"/"+p.Question.ID, p.Table)
	}
	return pub
}

// published returns, for the campaign's latest release, its side
// information (the snapshot), its units, and who ever consented.
func sideInformation(t *testing.T, h *harness, campaign string) ([]attack.Row, []attack.Unit, map[string]bool, *scoring.Release) {
	t.Helper()
	in, err := h.svc.PublicationInput(context.Background(), survey.System, campaign)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Earlier) == 0 {
		t.Fatalf("campaign %s has no release", campaign)
	}
	rel := in.Earlier[len(in.Earlier)-1]
	units := attack.UnitsOf(rel)
	return attack.RowsOf(rel.Data(), units), units, in.Consented, rel
}

// bypassed builds, from the same input as the campaign's latest release,
// a release without secondary suppression and with the old quantile
// rules, and reads it as an analyst would.
func bypassed(t *testing.T, h *harness, campaign string) *attack.Published {
	t.Helper()
	in, err := h.svc.PublicationInput(context.Background(), survey.System, campaign)
	if err != nil {
		t.Fatal(err)
	}
	in.Number, in.Earlier = len(in.Earlier), in.Earlier[:len(in.Earlier)-1]
	in.NoSecondary, in.AllQuantiles = true, true
	rel, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := attack.FromRelease(rel)
	return p
}

// loneAssociations returns up to n associations alone in their cell of
// the four dimensions: those whose own knowledge could tell the most.
func loneAssociations(rows []attack.Row, n int) []string {
	count := map[string]int{}
	key := func(r attack.Row) string { return fmt.Sprint(r.Attrs) }
	for _, r := range rows {
		count[key(r)]++
	}
	var out []string
	for _, r := range rows {
		if count[key(r)] == 1 && len(out) < n {
			out = append(out, r.ID)
		}
	}
	return out
}

// checkAttacks runs every attacker on the published releases and, with
// the gate bypassed, on the open one.
func checkAttacks(t *testing.T, pubs []*attack.Published, rows [][]attack.Row, units []attack.Unit, consented map[string]bool, open *attack.Published) {
	t.Helper()
	shown := 0
	for _, cells := range pubs[len(pubs)-1].Cells {
		for _, c := range cells {
			if !c.Hidden && c.N > 0 {
				shown++
			}
		}
	}
	if shown < 20 {
		t.Fatalf("the release shows %d cells with values: the attack proves nothing", shown)
	}
	t.Logf("the release shows %d cells with values", shown)
	own := loneAssociations(rows[len(rows)-1], 2)
	for kind, rec := range attack.Run(pubs, rows, units, consented, own) {
		for i, r := range rec {
			if i < 5 {
				t.Errorf("%s attacker recovered %s", kind, r)
			}
		}
		if len(rec) > 0 {
			t.Errorf("%s attacker recovered %d values from what the API serves an analyst", kind, len(rec))
		}
	}
	openPubs := append(append([]*attack.Published{}, pubs[:len(pubs)-1]...), open)
	for kind, rec := range attack.Run(openPubs, rows, units, consented, own) {
		if len(rec) == 0 {
			t.Errorf("%s attacker found nothing with the gate bypassed: it proves nothing", kind)
		} else {
			t.Logf("with the gate bypassed the %s attacker recovers %d values, e.g. %s", kind, len(rec), rec[0])
		}
	}
}

func TestAttackersOnTheDemo(t *testing.T) {
	h := newHarness(t, nil)
	if _, err := demo.Seed(context.Background(), h.store, demo.Options{Associations: 150, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	pairBaseline(t, h)
	for _, campaign := range []string{demo.Baseline, demo.Midterm} {
		t.Run(campaign, func(t *testing.T) {
			rows, units, consented, _ := sideInformation(t, h, campaign)
			pub := readPublished(t, h, campaign)
			checkAttacks(t, []*attack.Published{pub}, [][]attack.Row{rows}, units, consented, bypassed(t, h, campaign))
			if campaign == demo.Midterm {
				checkPlanTable(t, h, campaign)
				checkFamily(t, h, campaign, "/mentoring/outcomes?group_by=region", "mentoring outcomes")
				t.Run("public report", func(t *testing.T) {
					checkAttacks(t, []*attack.Published{readPublic(t, h, campaign)}, [][]attack.Row{rows}, units, consented, bypassed(t, h, campaign))
				})
			}
		})
	}
}

// checkPlanTable reads the plan table by region as an analyst: a group
// with fewer than k plans in an area shows n only, medians only from 2k,
// and the table shows something (the demo's plans are followed up in the
// midterm).
func checkPlanTable(t *testing.T, h *harness, campaign string) {
	t.Helper()
	checkFamily(t, h, campaign, "/plans?group_by=region", "plan table")
}

// pairBaseline makes the baseline a pairing campaign: completed pairs of
// membership with 60 demo associations as mentees (the mentor is another
// one), then a new release of the midterm, so that its outcome table
// family has cells for the attackers.
func pairBaseline(t *testing.T, h *harness) {
	t.Helper()
	ctx := context.Background()
	as, err := h.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil || len(as) < 61 {
		t.Fatalf("%d associations, %v", len(as), err)
	}
	for i, a := range as[1:61] {
		mentor := as[0].ID
		p := &survey.Pair{ID: survey.PairID(demo.Baseline, "membership", a.ID, mentor), Campaign: demo.Baseline, Area: "membership",
			Mentor: mentor, Mentee: a.ID, State: survey.PairCompleted, ProposedAt: time.Now().UTC(), Revision: int64(1 + i%2)}
		if err := h.svc.Store().InsertPair(ctx, p); err != nil && !errors.Is(err, survey.ErrConflict) { // the demo's own baseline pairs
			t.Fatal(err)
		}
	}
	if _, err := h.svc.Publish(ctx, survey.System, demo.Midterm, survey.ReleasePublished); err != nil {
		t.Fatal(err)
	}
}

// checkFamily reads a table family by region as an analyst: a group
// with fewer than k associations shows n only, medians only from 2k, and
// the table shows something.
func checkFamily(t *testing.T, h *harness, campaign, path, what string) {
	t.Helper()
	var tb scoring.Table
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/" + campaign + path, token: analystToken}, http.StatusOK, &tb)
	small, shown := 0, 0
	for _, g := range append([]scoring.Group{tb.All}, tb.Groups...) {
		for _, m := range tb.Metrics {
			st := g.Stats[m]
			if st.N > 0 && st.N < tb.K {
				small++
				if !st.Suppressed || st.Mean != 0 || st.Median != 0 {
					t.Errorf("%s %s %s: n = %d (k = %d) but statistics shown: %+v", what, g.Key, m, st.N, tb.K, st)
				}
			}
			if st.QuartilesShown && st.N < 2*tb.K {
				t.Errorf("%s %s: median of %d values (2k = %d)", g.Key, m, st.N, 2*tb.K)
			}
			if !st.Suppressed && st.N > 0 {
				shown++
			}
		}
	}
	if small == 0 || shown == 0 {
		t.Errorf("%s by region: %d cells under k, %d shown; the demo should have both", what, small, shown)
	}
	t.Logf("%s by region: %d cells under k shown as n only, %d cells shown", what, small, shown)
}

func TestAttackersOnTwoReleasesOf2000(t *testing.T) {
	if testing.Short() {
		t.Skip("2 000 associations: skipped in -short mode")
	}
	ctx := context.Background()
	h := newHarness(t, nil)
	const campaign = "random-2000"
	if _, err := demo.Bulk(ctx, h.svc, demo.BulkOptions{Campaign: campaign, Associations: 2000, Seed: 11, Consent: 1.0 / 3}); err != nil {
		t.Fatal(err)
	}
	info, err := h.svc.Publish(ctx, survey.System, campaign, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("release 1 of 2 000 associations: %+v", info.Report)
	rows1, _, _, _ := sideInformation(t, h, campaign)
	pub1 := readPublished(t, h, campaign)
	// A few more associations submit: the difference of the two releases
	// would single them out if the second one were audited alone.
	if _, err := demo.Bulk(ctx, h.svc, demo.BulkOptions{Campaign: campaign + "-late", Associations: 12, Seed: 12, IDPrefix: "late-"}); err != nil {
		t.Fatal(err)
	}
	late, err := h.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var items []survey.BatchItem
	for _, a := range late {
		if !strings.HasPrefix(a.ID, "late-") {
			continue
		}
		for _, qid := range []string{"financial-sustainability", "membership", "communications"} {
			r, err := h.svc.GetResponse(ctx, survey.System, survey.ResponseRef{Campaign: campaign + "-late", Association: a.ID, Questionnaire: qid})
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, survey.BatchItem{Association: a.ID, Questionnaire: qid, Key: "late-" + a.ID + "-" + qid, Answers: r.Answers})
		}
	}
	if _, err := h.svc.SubmitBatch(ctx, survey.System, campaign, items); err != nil {
		t.Fatal(err)
	}
	if info, err = h.svc.Publish(ctx, survey.System, campaign, ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("release 2: %+v", info.Report)
	rows2, units, consented, _ := sideInformation(t, h, campaign)
	pub2 := readPublished(t, h, campaign)
	checkAttacks(t, []*attack.Published{pub1, pub2}, [][]attack.Row{rows1, rows2}, units, consented, bypassed(t, h, campaign))
}

// TestScorecardInversion reads, as an analyst, every association's
// scorecard: those that do not share theirs are refused; the others give
// scores and levels but no item, whose points and scoring parameters
// invert to the answer. The same inversion on the administrator's
// scorecards (which show the items) recovers answers: it works.
func TestScorecardInversion(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	if _, err := demo.Seed(ctx, h.store, demo.Options{Associations: 30, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	as, err := h.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	recovered := func(token string) (answers, refused, read int) {
		for _, a := range as {
			r := h.do(t, call{method: "GET", path: "/api/v1/campaigns/" + demo.Midterm + "/scores/" + a.ID, token: token})
			if r.status == http.StatusForbidden {
				refused++
				continue
			}
			if r.status != http.StatusOK {
				t.Fatalf("scorecard of %s: %d %s", a.ID, r.status, r.body)
			}
			read++
			answers += invert(t, h, a.ID, r.body)
		}
		return answers, refused, read
	}
	got, refused, read := recovered(analystToken)
	cs, err := h.svc.PublicationInput(ctx, survey.System, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	if got != 0 {
		t.Errorf("an analyst inverted %d answers from the scorecards", got)
	}
	if read == 0 || refused == 0 || read > len(cs.Consented) {
		t.Errorf("analyst read %d scorecards and was refused %d; %d associations ever consented", read, refused, len(cs.Consented))
	}
	if got, _, _ := recovered(adminToken); got == 0 {
		t.Error("the inversion recovers nothing even from the administrator's scorecards: it proves nothing")
	}
}

// invert tries to recover raw answers from a scorecard's JSON: an item's
// points with its scoring parameters give the answer back (a linear
// score's from and to, a scale's level, a count). It returns how many
// answers it got right.
func invert(t *testing.T, h *harness, association string, body []byte) int {
	t.Helper()
	var card struct {
		Areas []struct {
			Questionnaire string `json:"questionnaire"`
			Items         []struct {
				ID     string  `json:"id"`
				Points float64 `json:"points"`
				Value  float64 `json:"value"`
				Reason struct {
					Method string  `json:"method"`
					From   float64 `json:"from"`
					To     float64 `json:"to"`
					Level  float64 `json:"level"`
					Count  int     `json:"count"`
				} `json:"reason"`
			} `json:"items"`
		} `json:"areas"`
	}
	if err := json.Unmarshal(body, &card); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, area := range card.Areas {
		r, err := h.svc.GetResponse(context.Background(), survey.System,
			survey.ResponseRef{Campaign: demo.Midterm, Association: association, Questionnaire: area.Questionnaire})
		if err != nil {
			continue
		}
		for _, it := range area.Items {
			v, ok := r.Answers[it.ID]
			if !ok {
				continue
			}
			var guess float64
			switch it.Reason.Method {
			case "linear":
				guess = it.Reason.From + it.Points/100*(it.Reason.To-it.Reason.From)
			case "scale":
				guess = it.Reason.Level
			case "count":
				guess = float64(it.Reason.Count)
			default:
				continue
			}
			switch v.Kind {
			case questionnaires.KindNumber:
				if guess == v.Num || it.Value == v.Num {
					n++
				}
			case questionnaires.KindList:
				if int(guess) == len(v.List) {
					n++
				}
			}
		}
	}
	return n
}
