package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// analystGet reads an analyst's API answer into v.
func (f *webFixture) analystGet(t *testing.T, path string, v any) {
	t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+webAnalystToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s as an analyst: %d %s", path, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// num writes a published figure as the CSV does.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// expectedCells builds, from what the analyst's API serves, the row every
// cell of the public report must have (keyed by table, group and metric):
// the analyst's n, and the analyst's statistics exactly where the
// analyst's cell shows them. It is written from the API's JSON, not from
// survey.PublicReport.Cells.
func expectedCells(t *testing.T, f *webFixture, campaign string) map[string][]string {
	t.Helper()
	want := map[string][]string{}
	put := func(table string, attrs map[string]string, metric string, n int, nHidden, hidden bool, vals map[string]float64) {
		grouping, group := "all", "all"
		if r, ok := attrs["region"]; ok {
			grouping, group = "region", r
		}
		row := make([]string, len(survey.PublicColumns))
		row[0], row[1], row[2], row[3], row[5] = table, grouping, group, metric, strconv.FormatBool(hidden)
		if !nHidden {
			row[4] = strconv.Itoa(n)
		}
		for i, col := range survey.PublicColumns {
			if v, ok := vals[col]; ok {
				row[i] = num(v)
			}
		}
		key := table + "|" + group + "|" + metric
		if _, dup := want[key]; dup {
			t.Fatalf("cell %s twice", key)
		}
		want[key] = row
	}
	var bench scoring.Table
	f.analystGet(t, "/api/v1/campaigns/"+campaign+"/benchmarks?group_by=region", &bench)
	groups := append([]scoring.Group{bench.All}, bench.Groups...)
	metrics := []string{scoring.MetricOverall}
	for _, m := range bench.Metrics {
		if strings.HasPrefix(m, "area:") {
			metrics = append(metrics, m)
		}
	}
	for _, g := range groups {
		st := g.Stats[scoring.MetricOverall]
		put("participation", g.Attrs, "associations", st.N, st.NHidden, false, nil)
		for _, m := range metrics {
			st := g.Stats[m]
			vals := map[string]float64{}
			hidden := st.Suppressed || st.N == 0
			if !hidden {
				vals["mean"] = st.Mean
				if st.QuartilesShown {
					vals["median"], vals["p25"], vals["p75"] = st.Median, st.P25, st.P75
				}
				if st.DecilesShown {
					vals["p10"], vals["p90"] = st.P10, st.P90
				}
			}
			put("scores", g.Attrs, m, st.N, st.NHidden, hidden, vals)
		}
	}
	prev := func(table, path string) {
		var pt scoring.PrevalenceTable
		f.analystGet(t, path, &pt)
		for _, g := range append([]scoring.PrevalenceGroup{pt.All}, pt.Groups...) {
			for _, o := range pt.Options {
				hidden := g.Suppressed || g.N == 0
				vals := map[string]float64{}
				if !hidden {
					vals["count"], vals["share"] = float64(g.Counts[o]), g.Shares[o]
				}
				put(table, g.Attrs, o, g.N, g.NHidden, hidden, vals)
			}
		}
	}
	for _, area := range []string{"financial", "membership", "communications"} {
		prev("levels:"+area, "/api/v1/campaigns/"+campaign+"/levels?group_by=region&area="+area)
	}
	for _, kp := range demo.KeyPractices {
		q, question, _ := strings.Cut(kp, "/")
		prev("practice:"+kp, "/api/v1/campaigns/"+campaign+"/prevalence?group_by=region&questionnaire="+q+"&question="+question)
	}
	var tr scoring.Trend
	f.analystGet(t, "/api/v1/campaigns/"+campaign+"/trends?group_by=region", &tr)
	for _, g := range tr.Groups {
		if !slices.Contains(metrics, g.Metric) {
			continue
		}
		vals := map[string]float64{"from_n": float64(g.FromN)}
		if !g.Suppressed {
			vals["from_mean"], vals["to_mean"], vals["delta_mean"] = g.FromMean, g.ToMean, g.DeltaMean
			if g.MedianShown {
				vals["from_median"], vals["to_median"], vals["delta_median"] = g.FromMedian, g.ToMedian, g.DeltaMedian
			}
		}
		put("trend", g.Attrs, g.Metric, g.ToN, false, g.Suppressed, vals)
	}
	return want
}

// TestPublicReport: the public report needs no token, its CSV equals the
// analyst's tables cell for cell (hidden exactly where they are hidden),
// its page shows the same figures and names no association, it is 404
// when switched off and it is rate-limited per client address.
func TestPublicReport(t *testing.T) {
	f := newWebFixture(t, 40)
	ctx := context.Background()
	const path = "/public/" + demo.Midterm

	res := f.do(t, f.client(t), "GET", path+"/report.csv", nil)
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET report.csv without a token: %d %s", res.StatusCode, b)
	}
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") || !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatalf("read the CSV: %v", err)
	}
	if !slices.Equal(rows[0], survey.PublicColumns) {
		t.Fatalf("header %v, want %v", rows[0], survey.PublicColumns)
	}
	want := expectedCells(t, f, demo.Midterm)
	got := map[string][]string{}
	hidden, shown := 0, 0
	for _, row := range rows[1:] {
		key := row[0] + "|" + row[2] + "|" + row[3]
		if _, dup := got[key]; dup {
			t.Errorf("public cell %s twice", key)
		}
		got[key] = row
		if row[5] == "true" {
			hidden++
			for i, v := range row[6:] {
				if v != "" && survey.PublicColumns[6+i] != "from_n" {
					t.Errorf("hidden cell %s publishes %s = %s", key, survey.PublicColumns[6+i], v)
				}
			}
		} else if row[0] != "participation" {
			shown++
		}
	}
	for key, w := range want {
		g, ok := got[key]
		switch {
		case !ok:
			t.Errorf("analyst's cell %s is missing from the public report", key)
		case !slices.Equal(g, w):
			t.Errorf("cell %s:\npublic  %v\nanalyst %v", key, g, w)
		}
	}
	for key := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("public cell %s is not one of the analyst's", key)
		}
	}
	if hidden == 0 || shown == 0 {
		t.Fatalf("%d hidden and %d shown cells: the comparison needs both", hidden, shown)
	}
	for _, table := range []string{"participation", "scores", "levels:membership", "practice:" + demo.KeyPractices[0], "trend"} {
		if !slices.ContainsFunc(rows, func(r []string) bool { return r[0] == table }) {
			t.Errorf("no %s cell in the report", table)
		}
	}

	t.Run("the page shows the CSV's figures, in four languages, and names no association", func(t *testing.T) {
		as, err := f.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// only the authors of approved named stories of the campaign are named
		ps, err := f.svc.ListPractices(ctx, survey.System, survey.PracticeFilter{Pending: true})
		if err != nil {
			t.Fatal(err)
		}
		named := map[string]bool{}
		for _, pr := range ps {
			if pr.Kind == survey.KindStory && pr.Attribution == survey.AttributionNamed && pr.State == survey.PracticeApproved && pr.Campaign == demo.Midterm {
				named[pr.Association] = true
			}
		}
		if len(named) == 0 {
			t.Fatal("the demo has no approved named story")
		}
		for _, lang := range []string{"en", "fr", "es", "ar"} {
			code, body := f.get(t, f.client(t), path+"?lang="+lang)
			if code != http.StatusOK {
				t.Fatalf("GET %s?lang=%s: %d", path, lang, code)
			}
			if !strings.Contains(body, `lang="`+lang+`"`) || !strings.Contains(body, "echarts.min.js") || !strings.Contains(body, `id="chart-scores"`) {
				t.Errorf("%s: not the %s page with its charts", path, lang)
			}
			if lang == "ar" && !strings.Contains(body, `dir="rtl"`) {
				t.Error("the Arabic page is not right to left")
			}
			for _, a := range as {
				shown := strings.Contains(body, html.EscapeString(a.Name))
				if shown != named[a.ID] || strings.Contains(body, a.ID) {
					t.Errorf("the %s page: association %s named %v, want %v (and never its id)", lang, a.ID, shown, named[a.ID])
				}
			}
			if lang == "en" {
				checkPageFigures(t, body, got, scoring.DefaultK)
			}
		}
	})

	t.Run("switched off or unknown: 404 without a token", func(t *testing.T) {
		for _, p := range []string{"/public/" + demo.Baseline, "/public/" + demo.Baseline + "/report.csv", "/public/nope"} {
			if code, _ := f.get(t, f.client(t), p); code != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, code)
			}
		}
		off := false
		if _, err := f.svc.PatchCampaign(ctx, survey.System, demo.Midterm, survey.CampaignPatch{PublicReport: &off}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "/report.csv"} {
			if code, _ := f.get(t, f.client(t), p); code != http.StatusNotFound {
				t.Errorf("GET %s after switching it off: %d, want 404", p, code)
			}
		}
		on := true
		if _, err := f.svc.PatchCampaign(ctx, survey.System, demo.Midterm, survey.CampaignPatch{PublicReport: &on}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("rate-limited per client address", func(t *testing.T) {
		srv, err := httpx.New(f.svc, httpx.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(),
			PublicPerMinute: 1, PublicBurst: 2})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mount(srv); err != nil {
			t.Fatal(err)
		}
		get := func(addr string) *http.Response {
			req := httptest.NewRequest("GET", path+"/report.csv", nil)
			req.RemoteAddr = addr
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, req)
			return rec.Result()
		}
		for i := range 2 {
			if res := get("192.0.2.1:1000"); res.StatusCode != http.StatusOK {
				t.Fatalf("request %d: %d, want 200", i+1, res.StatusCode)
			}
		}
		res := get("192.0.2.1:1001")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("third request: %d, Retry-After %q, want 429 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
		}
		if res := get("192.0.2.2:1000"); res.StatusCode != http.StatusOK {
			t.Errorf("another address: %d, want 200", res.StatusCode)
		}
	})
}

var (
	tableRe = regexp.MustCompile(`(?s)<table class="data" id="t-([a-z0-9-]+)">(.*?)</table>`)
	rowRe   = regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`)
	trRe    = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tdRe    = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRe   = regexp.MustCompile(`<[^>]+>`)
)

// pageTables returns the body cells of each data table of a page, by id.
func pageTables(body string) map[string][][]string {
	out := map[string][][]string{}
	for _, m := range tableRe.FindAllStringSubmatch(body, -1) {
		tb := rowRe.FindStringSubmatch(m[2])
		if tb == nil {
			continue
		}
		for _, tr := range trRe.FindAllStringSubmatch(tb[1], -1) {
			var cells []string
			for _, td := range tdRe.FindAllStringSubmatch(tr[1], -1) {
				cells = append(cells, html.UnescapeString(strings.TrimSpace(tagRe.ReplaceAllString(td[1], ""))))
			}
			out[m[1]] = append(out[m[1]], cells)
		}
	}
	return out
}

// checkPageFigures compares the page's participation and score tables
// with the CSV's cells: the same n, the median and mean rounded as the
// page shows them, and nothing where the CSV hides the cell.
func checkPageFigures(t *testing.T, body string, cells map[string][]string, k int) {
	t.Helper()
	tables := pageTables(body)
	var groups []string // the CSV's group order: all, then the regions
	for _, row := range cells {
		if row[0] == "participation" {
			groups = append(groups, row[2])
		}
	}
	slices.Sort(groups)
	groups = slices.DeleteFunc(groups, func(g string) bool { return g == "all" })
	groups = append([]string{"all"}, groups...)
	part, scores := tables["participation"], tables["scores"]
	if len(part) != len(groups) || len(scores) != len(groups) {
		t.Fatalf("page has %d participation and %d score rows, want %d", len(part), len(scores), len(groups))
	}
	order := []string{scoring.MetricOverall, "area:financial", "area:membership", "area:communications"}
	round := func(s string) string {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("figure %q: %v", s, err)
		}
		return fmt.Sprintf("%.0f", v)
	}
	for i, g := range groups {
		if got, want := part[i][0], cells["participation|"+g+"|associations"][4]; got != want {
			t.Errorf("participation of %s: page %q, CSV %q", g, got, want)
		}
		cellsOf := scores[i]
		at := 0
		for _, m := range order {
			row := cells["scores|"+g+"|"+m]
			if cellsOf[at] != row[4] {
				t.Errorf("n of %s %s: page %q, CSV %q", g, m, cellsOf[at], row[4])
			}
			if row[5] == "true" {
				n, _ := strconv.Atoi(row[4])
				en := &page{Lang: "en"}
				if v := cellsOf[at+1]; v != en.Suppressed(k, n) && v != en.T("suppressed.hidden") && v != "—" {
					t.Errorf("%s %s is hidden in the CSV but the page shows %q", g, m, v)
				}
				at += 2
				continue
			}
			median, mean := "—", round(row[6])
			if row[7] != "" {
				median = round(row[7])
			}
			if cellsOf[at+1] != median || cellsOf[at+3] != mean {
				t.Errorf("%s %s: page median %q mean %q, CSV %q %q", g, m, cellsOf[at+1], cellsOf[at+3], median, mean)
			}
			at += 4
		}
	}
}
