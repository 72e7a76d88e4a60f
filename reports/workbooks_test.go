package reports_test

// Tests of the workbooks against a real store (mongotest): every
// workbook is read back with excelize and its values compared with what
// the service computed.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
	"github.com/assocbench/assocbench/survey/mongostore"
	"github.com/assocbench/assocbench/survey/mongostore/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// now is the generation time written in the test workbooks.
var now = time.Date(2026, 10, 15, 9, 30, 0, 0, time.UTC)

// openStore opens a store on a fresh database.
func openStore(t *testing.T) *mongostore.Store {
	t.Helper()
	uri, db := mongotest.NewDatabase(t)
	st, err := mongostore.Open(context.Background(), mongostore.Config{URI: uri, Database: db})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	return st
}

// seeded returns a service over demo data (both demo campaigns).
func seeded(t *testing.T, n int) *survey.Service {
	t.Helper()
	st := openStore(t)
	if _, err := demo.Seed(context.Background(), st, demo.Options{Associations: n, Seed: 11}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	svc, err := survey.NewService(st, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// clocked returns a service over an empty store with a clock inside the
// campaigns the tests create.
func clocked(t *testing.T) *survey.Service {
	t.Helper()
	svc, err := survey.NewService(openStore(t), survey.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// campaign creates an open campaign of the four built-ins with threshold k.
func campaign(t *testing.T, svc *survey.Service, id string, k int, title string) {
	t.Helper()
	if title == "" {
		title = "Test campaign " + id
	}
	_, err := svc.CreateCampaign(context.Background(), survey.System, survey.CampaignInput{ID: id,
		Title:          questionnaires.Text{"en": title},
		Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"},
		Opens:          now.AddDate(0, -1, 0), Closes: now.AddDate(0, 3, 0), K: k})
	if err != nil {
		t.Fatalf("create campaign: %v", err)
	}
}

// association creates an association.
func association(t *testing.T, svc *survey.Service, id, name, country string) {
	t.Helper()
	_, err := svc.CreateAssociation(context.Background(), survey.System, survey.Association{ID: id, Name: name,
		Country: country, Type: "national", Members: 400, BudgetBand: "usd_10k_50k", Languages: []string{"en"}})
	if err != nil {
		t.Fatalf("create association %s: %v", id, err)
	}
}

// submitAll submits synthetic answers to the scored questionnaires with
// propensity p (0-1: how many good practices are in place), with the
// fixed answers given by questionnaire id.
func submitAll(t *testing.T, svc *survey.Service, camp, assoc string, seed uint64, p float64, fixed map[string]questionnaires.Answers) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 7))
	for _, qid := range []string{"financial-sustainability", "membership", "communications"} {
		q := questionnaires.Builtin(qid)
		a, err := synth.Answers(q, rng, synth.Options{Propensity: p, Skip: 0.1, Fixed: fixed[qid]})
		if err != nil {
			t.Fatal(err)
		}
		ref := survey.ResponseRef{Campaign: camp, Association: assoc, Questionnaire: qid}
		if _, err := svc.Submit(ctx, survey.System, survey.SubmitInput{ResponseRef: ref, Key: fmt.Sprintf("key-%d-%s", seed, qid), Answers: a}); err != nil {
			t.Fatalf("submit %s: %v", ref.ID(), err)
		}
	}
}

// workbook is a written workbook: its bytes and excelize's reading.
type workbook struct {
	data []byte
	f    *excelize.File
}

// keepDir, from REPORTS_KEEP_DIR, is where read keeps a copy of every
// workbook it reads (to open them in a spreadsheet program).
var keepDir = os.Getenv("REPORTS_KEEP_DIR")

var kept atomic.Int64

func read(t *testing.T, data []byte) *workbook {
	t.Helper()
	if keepDir != "" {
		name := fmt.Sprintf("%03d-%s.xlsx", kept.Add(1), strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()))
		if err := os.WriteFile(filepath.Join(keepDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkDimensions(t, data)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return &workbook{data: data, f: f}
}

// parts returns the workbook's zip entries whose name matches re.
func (w *workbook) parts(t *testing.T, re string) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(w.data), int64(len(w.data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	rx := regexp.MustCompile(re)
	out := map[string]string{}
	for _, zf := range z.File {
		if !rx.MatchString(zf.Name) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[zf.Name] = string(b)
	}
	return out
}

// get returns a cell's text as shown.
func (w *workbook) get(t *testing.T, sheet, cell string) string {
	t.Helper()
	v, err := w.f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// num returns a numeric cell's value; it fails unless the cell holds a number.
func (w *workbook) num(t *testing.T, sheet, cell string) float64 {
	t.Helper()
	typ, err := w.f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	f, perr := strconv.ParseFloat(v, 64)
	if (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) || perr != nil {
		t.Errorf("%s!%s = %q (type %v), want a number", sheet, cell, v, typ)
	}
	return f
}

// rows returns a sheet's rows as shown.
func (w *workbook) rows(t *testing.T, sheet string) [][]string {
	t.Helper()
	rows, err := w.f.GetRows(sheet)
	if err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	return rows
}

// find returns the first row (from 1) whose column col (from 1) is value, or 0.
func (w *workbook) find(t *testing.T, sheet string, col int, value string) int {
	t.Helper()
	for i, r := range w.rows(t, sheet) {
		if col-1 < len(r) && r[col-1] == value {
			return i + 1
		}
	}
	return 0
}

// excelizeRaw reads cells as stored, not formatted.
var excelizeRaw = excelize.Options{RawCellValue: true}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// fewer is the words of a group hidden below k = 5.
const fewer = "fewer than 5 responses"

// hidden are the words a hidden peer figure may say.
var hiddenWords = []string{fewer, "hidden so that a smaller group cannot be worked out from it"}

func TestScorecardWorkbook(t *testing.T) {
	ctx := context.Background()
	svc := seeded(t, 18)
	// an association that submitted all three areas
	var sc *survey.Scorecard
	as, err := svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		c, err := svc.Scorecard(ctx, survey.System, demo.Midterm, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Submitted == 3 {
			sc = c
			break
		}
	}
	if sc == nil {
		t.Fatal("no association submitted all three areas")
	}
	rs, err := svc.ListResponses(ctx, survey.System, demo.Midterm, sc.Association.ID)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]questionnaires.Answers{}
	for _, r := range rs {
		answers[r.Questionnaire] = r.Answers
	}
	var buf bytes.Buffer
	if err := reports.WriteScorecard(&buf, sc, answers, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	w := read(t, buf.Bytes())

	want := []string{"Overview", "Financial sustainability", "Membership and engagement", "Communications and advocacy", "Chart data"}
	if got := w.f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if vis, _ := w.f.GetSheetVisible("Chart data"); vis {
		t.Error("the chart data sheet is visible")
	}
	if got := w.get(t, "Overview", "A2"); got != sc.Association.Name {
		t.Errorf("Overview!A2 = %q, want the association's name %q", got, sc.Association.Name)
	}

	// scores
	r := w.find(t, "Overview", 1, "Scores")
	if r == 0 {
		t.Fatal("no Scores table")
	}
	if got, want := w.rows(t, "Overview")[r][:4], []string{"Area", "Status", "Score (0-100)", "Maturity level"}; !slices.Equal(got, want) {
		t.Errorf("scores header = %q, want %q", got, want)
	}
	for i, card := range sc.Areas {
		row := r + 2 + i
		if got := w.num(t, "Overview", cellName(3, row)); !near(got, card.Score) {
			t.Errorf("score of %s = %v, want %v", card.Questionnaire, got, card.Score)
		}
		q := sc.Definitions[card.Questionnaire]
		if got, want := w.get(t, "Overview", cellName(4, row)), q.Maturity(card.Score).Label.In("en"); got != want {
			t.Errorf("maturity of %s = %q, want %q", card.Questionnaire, got, want)
		}
	}
	overall := w.find(t, "Overview", 1, "Overall (mean of the three areas)")
	if got := w.num(t, "Overview", cellName(3, overall)); !near(got, sc.Rollup.Overall) {
		t.Errorf("overall = %v, want %v", got, sc.Rollup.Overall)
	}

	// percentile ranks, hidden ones in words
	r = w.find(t, "Overview", 1, "Measure")
	if r == 0 || len(sc.Ranks) == 0 {
		t.Fatalf("no ranks table (%d ranks)", len(sc.Ranks))
	}
	suppressed := 0
	for i, rk := range sc.Ranks {
		row := r + 1 + i
		if got := w.num(t, "Overview", cellName(3, row)); int(got) != rk.N {
			t.Errorf("rank %d: n = %v, want %d", i, got, rk.N)
		}
		c := cellName(4, row)
		if rk.Suppressed {
			suppressed++
			if got := w.get(t, "Overview", c); !slices.Contains(hiddenWords, got) {
				t.Errorf("hidden rank %s (%s, n=%d) shows %q, want words", rk.Metric, rk.Group, rk.N, got)
			}
			continue
		}
		if got := w.num(t, "Overview", c); !near(got, rk.Percentile) {
			t.Errorf("rank %s in %s = %v, want %v", rk.Metric, rk.Group, got, rk.Percentile)
		}
	}
	if suppressed == 0 {
		t.Error("no rank is hidden: the anonymity rule is not exercised (18 associations in 6 regions, k = 5)")
	}

	// an area sheet: every item, its points, status and an explanation
	card := sc.Areas[0]
	q := sc.Definitions[card.Questionnaire]
	sh := "Financial sustainability"
	head := w.rows(t, sh)[3]
	if want := []string{"Section", "Question", "Answer", "Points (0-100)", "Weight", "Status", "Explanation"}; !slices.Equal(head, want) {
		t.Errorf("%s header = %q, want %q", sh, head, want)
	}
	statusWords := map[scoring.Status]string{scoring.StatusScored: "Scored", scoring.StatusNA: "Not applicable",
		scoring.StatusUnanswered: "Not answered", scoring.StatusIrrelevant: "Does not apply", scoring.StatusInformational: "For information only"}
	checkedChoice := false
	for i, it := range card.Items {
		row := 5 + i
		var label string
		if qu := q.Question(it.ID); qu != nil {
			label = qu.Label.In("en")
		} else {
			label = q.Indicator(it.ID).Label.In("en")
		}
		if got := w.get(t, sh, cellName(2, row)); got != label {
			t.Fatalf("%s row %d = %q, want %q", sh, row, got, label)
		}
		if got := w.get(t, sh, cellName(6, row)); got != statusWords[it.Status] {
			t.Errorf("%s status = %q, want %q", it.ID, got, statusWords[it.Status])
		}
		if it.Status == scoring.StatusScored {
			if got := w.num(t, sh, cellName(4, row)); !near(got, it.Points) {
				t.Errorf("%s points = %v, want %v", it.ID, got, it.Points)
			}
		} else if got := w.get(t, sh, cellName(4, row)); got != "" {
			t.Errorf("%s (%s) shows points %q", it.ID, it.Status, got)
		}
		if w.get(t, sh, cellName(7, row)) == "" {
			t.Errorf("%s has no explanation", it.ID)
		}
		if qu := q.Question(it.ID); qu != nil && qu.Type == questionnaires.TypeSingleChoice {
			if v, ok := answers[card.Questionnaire][it.ID]; ok {
				if got, want := w.get(t, sh, cellName(3, row)), qu.Choice(v.Str).Label.In("en"); got != want {
					t.Errorf("%s answer = %q, want the choice label %q", it.ID, got, want)
				}
				checkedChoice = true
			}
		}
	}
	if !checkedChoice {
		t.Error("no single-choice answer was checked")
	}
	if p, err := w.f.GetPanes(sh); err != nil || !p.Freeze || p.YSplit != 4 {
		t.Errorf("%s panes = %+v, %v; want the header frozen", sh, p, err)
	}

	// the radar chart
	charts := w.parts(t, `^xl/charts/chart\d+\.xml$`)
	if len(charts) != 1 || !regexp.MustCompile(`<(c:)?radarChart>`).MatchString(charts["xl/charts/chart1.xml"]) {
		t.Errorf("charts = %d, want one radar chart", len(charts))
	}
	props, err := w.f.GetDocProps()
	if err != nil || props.Creator != "assocbench" || !strings.Contains(props.Title, sc.Association.Name) {
		t.Errorf("doc props = %+v, %v", props, err)
	}

	// an analyst's scorecard: the same scores, no answers
	buf.Reset()
	if err := reports.WriteScorecard(&buf, sc, nil, reports.Options{Lang: "fr", Now: now}); err != nil {
		t.Fatal(err)
	}
	w = read(t, buf.Bytes())
	if got := w.f.GetSheetList()[0]; got != "Vue d'ensemble" {
		t.Errorf("French first sheet = %q", got)
	}
	sh = q.Title.In("fr")
	if got := w.get(t, sh, "A3"); !strings.Contains(got, "visible par l'association et les administrateurs seulement") {
		t.Errorf("%s!A3 = %q, want the note that answers are hidden", sh, got)
	}
	for i := range card.Items {
		if got := w.get(t, sh, cellName(3, 5+i)); got != "" && !card.Items[i].Indicator {
			t.Fatalf("analyst's scorecard shows an answer: %q", got)
		}
	}
}

func TestPackWorkbook(t *testing.T) {
	ctx := context.Background()
	svc := seeded(t, 18)
	pk, err := svc.SessionPack(ctx, survey.System, demo.Midterm, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reports.WritePack(&buf, pk, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	w := read(t, buf.Bytes())
	want := []string{"About", "Overall", "Financial sustainability", "Membership and engagement", "Communications and advocacy",
		"Practices", "Trends", "Mentoring", "Agenda", "Action plans", "Mentoring pilot",
		"Good practices – Financial", "Good practices – Membership", "Good practices – Communications", "Data dictionary", "Chart data"}
	if got := w.f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	checkPlanSheet(t, w, pk)
	if hr := w.find(t, "Mentoring pilot", 1, "Measure"); hr == 0 || pk.Outcomes == nil {
		t.Errorf("the Mentoring pilot sheet has no table (header row %d, outcomes %v)", hr, pk.Outcomes != nil)
	}

	// cover: n by region, k, generation time
	total := 0
	for region, n := range pk.ByRegion {
		label := questionnaires.Region(region).Label("en")
		r := w.find(t, "About", 1, label)
		if r == 0 {
			t.Errorf("cover lists no %s", label)
			continue
		}
		if got := w.num(t, "About", cellName(2, r)); int(got) != n {
			t.Errorf("n of %s = %v, want %d", region, got, n)
		}
		total += n
	}
	if r := w.find(t, "About", 1, "Anonymity threshold (k)"); r == 0 || int(w.num(t, "About", cellName(2, r))) != pk.K {
		t.Errorf("cover does not give k = %d", pk.K)
	}
	if r := w.find(t, "About", 1, "Generated (UTC)"); r == 0 || w.get(t, "About", cellName(2, r)) == "" {
		t.Error("cover does not give the generation time")
	}

	// region comparison of an area: every figure from the table, hidden ones in words
	a := pk.Areas[0]
	sh := a.Questionnaire.Title.In("en")
	hr := w.find(t, sh, 1, "Measure")
	if got, want := w.rows(t, sh)[hr-1][:7], []string{"Measure", "Peer group", "n (responses)", "Median", "25th percentile", "75th percentile", "Mean"}; !slices.Equal(got, want) {
		t.Errorf("%s header = %q, want %q", sh, got, want)
	}
	groups := map[string]scoring.Group{"All associations": a.Table.All}
	for _, g := range a.Table.Groups {
		groups[questionnaires.Region(g.Attrs["region"]).Label("en")] = g
	}
	metric := scoring.AreaMetric(a.Questionnaire.Area)
	seen, hidden := 0, 0
	for i, row := range w.rows(t, sh)[hr:] {
		if len(row) < 3 || row[0] != a.Questionnaire.Title.In("en") {
			continue
		}
		r := hr + 1 + i
		g, ok := groups[row[1]]
		if !ok {
			t.Errorf("%s row %d: unknown group %q", sh, r, row[1])
			continue
		}
		st := g.Stats[metric]
		seen++
		if got := int(w.num(t, sh, cellName(3, r))); got != st.N {
			t.Errorf("%s n = %d, want %d", row[1], got, st.N)
		}
		if st.Suppressed {
			hidden++
			for c := 4; c <= 7; c++ {
				if got := w.get(t, sh, cellName(c, r)); !slices.Contains(hiddenWords, got) {
					t.Errorf("%s: hidden figure %s shows %q", row[1], cellName(c, r), got)
				}
			}
			continue
		}
		for c, want := range map[int]float64{4: st.Median, 5: st.P25, 6: st.P75, 7: st.Mean} {
			if got := w.num(t, sh, cellName(c, r)); !near(got, want) {
				t.Errorf("%s %s = %v, want %v", row[1], cellName(c, r), got, want)
			}
		}
	}
	if seen != len(groups) || hidden == 0 {
		t.Errorf("area score rows = %d (hidden %d), want %d with some hidden", seen, hidden, len(groups))
	}

	// practices: shares as percentages with a colour scale
	cf, err := w.f.GetConditionalFormats("Practices")
	if err != nil || len(cf) == 0 {
		t.Errorf("practices have no colour scale: %v", err)
	}
	for _, opts := range cf {
		if len(opts) == 0 || opts[0].Type != "3_color_scale" {
			t.Errorf("conditional format %+v, want a 3-colour scale", opts)
		}
	}
	// dictionary: every question
	dict := map[string]bool{}
	for _, row := range w.rows(t, "Data dictionary") {
		if len(row) > 2 {
			dict[row[2]] = true
		}
	}
	for _, q := range pk.Definitions {
		for _, qu := range q.Questions() {
			if !dict[qu.ID] {
				t.Errorf("data dictionary lacks %s.%s", q.ID, qu.ID)
			}
		}
	}
	// trends against the baseline
	if pk.Trend == nil || w.find(t, "Trends", 5, "Median (2025-baseline)") == 0 {
		t.Error("no trends against the baseline")
	}
	// charts: overall, three areas, trends, plans
	charts := w.parts(t, `^xl/charts/chart\d+\.xml$`)
	if len(charts) != 6 {
		t.Errorf("%d charts, want 6", len(charts))
	}
	for name, x := range charts {
		if !regexp.MustCompile(`<(c:)?barChart>`).MatchString(x) {
			t.Errorf("%s is not a column chart", name)
		}
	}
	// print setup, filters, properties
	for _, s := range []string{"Overall", "Practices", "Data dictionary"} {
		pl, err := w.f.GetPageLayout(s)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s page layout = %+v, %v", s, pl, err)
		}
	}
	filters := 0
	for _, dn := range w.f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters++
		}
	}
	if filters < 5 {
		t.Errorf("%d autofilters, want one per table sheet", filters)
	}
	if props, err := w.f.GetDocProps(); err != nil || props.Creator != "assocbench" || props.Created == "" || props.Title == "" {
		t.Errorf("doc props = %+v, %v", props, err)
	}

	// one questionnaire only
	pk, err = svc.SessionPack(ctx, survey.System, demo.Midterm, "membership")
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := reports.WritePack(&buf, pk, reports.Options{Lang: "es", Now: now}); err != nil {
		t.Fatal(err)
	}
	w = read(t, buf.Bytes())
	if got, want := w.f.GetSheetList(), []string{"Acerca de", "Membresía y participación de", "Prácticas", "Tendencias", "Buenas prácticas – Membresía y", "Diccionario de datos", "Datos de los gráficos"}; !slices.Equal(got, want) {
		t.Errorf("sheets of a membership pack = %q, want %q", got, want)
	}
}

func TestResponsesWorkbook(t *testing.T) {
	ctx := context.Background()
	svc := seeded(t, 12)
	cp, err := svc.GetCampaign(ctx, survey.System, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	var defs []*questionnaires.Questionnaire
	for _, k := range cp.Questionnaires {
		q, err := svc.Questionnaire(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		defs = append(defs, q)
	}
	byQ := map[string][]*survey.Response{}
	src := func(yield func(*survey.Response) error) error {
		return svc.StreamSubmitted(ctx, survey.System, demo.Midterm, "", yield)
	}
	if err := src(func(r *survey.Response) error { byQ[r.Questionnaire] = append(byQ[r.Questionnaire], r); return nil }); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	as, _ := svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	for _, a := range as {
		names[a.ID] = a.Name
	}
	for _, labels := range []bool{false, true} {
		var buf bytes.Buffer
		n, err := reports.WriteResponses(&buf, src, reports.ResponsesOptions{Options: reports.Options{Lang: "en", Now: now},
			Campaign: cp, Questionnaires: defs, Labels: labels, Name: func(id string) string { return names[id] }})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, rs := range byQ {
			total += len(rs)
		}
		if n != total {
			t.Errorf("wrote %d responses, want %d", n, total)
		}
		w := read(t, buf.Bytes())
		if got := w.f.GetSheetList(); got[0] != "About" || got[len(got)-1] != "Columns" || len(got) != len(defs)+2 {
			t.Errorf("sheets = %q", got)
		}
		mem := questionnaires.Builtin("membership")
		sh := mem.Title.In("en")
		rows := w.rows(t, sh)
		if len(rows) != len(byQ["membership"])+1 {
			t.Fatalf("%s has %d rows, want %d responses and a header", sh, len(rows), len(byQ["membership"]))
		}
		head := rows[0]
		col := map[string]int{}
		for i, h := range head {
			col[h] = i
		}
		if head[0] != "_association" || head[1] != "_name" {
			t.Errorf("header starts %q", head[:2])
		}
		// every response's answers and score, column by column
		byAssoc := map[string][]string{}
		for _, row := range rows[1:] {
			byAssoc[row[0]] = row
		}
		checked := map[questionnaires.Type]bool{}
		for _, r := range byQ["membership"] {
			row := byAssoc[r.Association]
			if row == nil {
				t.Fatalf("no row for %s", r.Association)
			}
			at := func(code string) string {
				i, ok := col[code]
				if !ok {
					t.Fatalf("no column %s", code)
				}
				if i < len(row) {
					return row[i]
				}
				return ""
			}
			if got := at("_name"); got != names[r.Association] {
				t.Errorf("name = %q, want %q", got, names[r.Association])
			}
			if got := at("_score"); got != strconv.FormatFloat(math.Round(r.Scores.Score*10)/10, 'f', 1, 64) {
				t.Errorf("%s score = %s, want %.1f", r.Association, got, r.Scores.Score)
			}
			for _, qu := range mem.Questions() {
				v, ok := r.Answers[qu.ID]
				switch qu.Type {
				case questionnaires.TypeMultiChoice:
					for _, c := range qu.Choices {
						want := ""
						if ok {
							want = "0"
							if slices.Contains(v.List, c.ID) {
								want = "1"
							}
						}
						if got := at(qu.ID + "." + c.ID); got != want {
							t.Errorf("%s %s.%s = %q, want %q", r.Association, qu.ID, c.ID, got, want)
						}
					}
					checked[qu.Type] = checked[qu.Type] || ok
				case questionnaires.TypeMatrix:
					for _, rw := range qu.Rows {
						want := ""
						if lv, has := v.Rows[rw.ID]; ok && has {
							want = strconv.Itoa(int(lv))
							if lv == 0 {
								want = "n/a"
							}
							if labels && lv > 0 {
								want = strconv.Itoa(int(lv)) + " – " + qu.Levels[int(lv)-1].In("en")
							}
						}
						if got := at(qu.ID + "." + rw.ID); got != want && !(labels && lv0(v, rw.ID)) {
							t.Errorf("%s %s.%s = %q, want %q", r.Association, qu.ID, rw.ID, got, want)
						}
					}
					checked[qu.Type] = checked[qu.Type] || ok
				case questionnaires.TypeSingleChoice:
					want := ""
					if ok {
						want = v.Str
						if labels {
							want = qu.Choice(v.Str).Label.In("en")
						}
					}
					if got := at(qu.ID); got != want {
						t.Errorf("%s %s = %q, want %q", r.Association, qu.ID, got, want)
					}
					checked[qu.Type] = checked[qu.Type] || ok
				case questionnaires.TypeRubric:
					if ok && v.Num > 0 && !labels {
						if got := at(qu.ID + ".level"); got != strconv.Itoa(int(v.Num)) {
							t.Errorf("%s %s.level = %q, want %v", r.Association, qu.ID, got, v.Num)
						}
						checked[qu.Type] = true
					}
				}
			}
		}
		for _, typ := range []questionnaires.Type{questionnaires.TypeMultiChoice, questionnaires.TypeMatrix, questionnaires.TypeSingleChoice} {
			if !checked[typ] {
				t.Errorf("labels=%v: no %s answer checked", labels, typ)
			}
		}
		if len(w.parts(t, `^xl/tables/table\d+\.xml$`)) != len(defs) {
			t.Error("the response sheets are not tables (no filters)")
		}
	}
}

// lv0 reports a matrix row answered n/a (its label depends on the language).
func lv0(v questionnaires.Value, row string) bool {
	lv, ok := v.Rows[row]
	return ok && lv == 0
}

// checkPlanSheet checks the pack's plan sheet against the release's plan
// table: n of every group and area, hidden figures in words, the others
// the table's.
func checkPlanSheet(t *testing.T, w *workbook, pk *survey.Pack) {
	t.Helper()
	const sh = "Action plans"
	groups := map[string]scoring.Group{"All associations": pk.Plans.All}
	for _, g := range pk.Plans.Groups {
		groups[questionnaires.Region(g.Attrs["region"]).Label("en")] = g
	}
	metric := scoring.PlanMetric("membership", scoring.PlanDone)
	hr := w.find(t, sh, 1, "Measure")
	seen, counted := 0, 0
	for i, row := range w.rows(t, sh)[hr:] {
		if len(row) < 3 || row[0] != "Membership and engagement: Share of items done" {
			continue
		}
		r := hr + 1 + i
		st := groups[row[1]].Stats[metric]
		seen++
		if got := int(w.num(t, sh, cellName(3, r))); got != st.N {
			t.Errorf("plans %s n = %d, want %d", row[1], got, st.N)
		}
		counted += st.N
		if st.Suppressed {
			if got := w.get(t, sh, cellName(4, r)); !slices.Contains(hiddenWords, got) {
				t.Errorf("plans %s: hidden median shows %q", row[1], got)
			}
		} else if got := w.num(t, sh, cellName(7, r)); !near(got, st.Mean) {
			t.Errorf("plans %s mean = %v, want %v", row[1], got, st.Mean)
		}
	}
	if seen != len(groups) || counted == 0 {
		t.Errorf("plan sheet: %d membership rows for %d groups, %d plans counted", seen, len(groups), counted)
	}
}
