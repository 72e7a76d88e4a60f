package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/survey"
)

// The plan sheet of the scorecard workbook: the association's action plan
// for the campaign, editable offline and imported back (ReadPlanSheet). A
// line per item: its key (hidden column A), its label and points, then
// the action, owner, due date, status (a drop-down of the statuses in the
// workbook's language) and target. The plan's items come first, then the
// "where to improve first" items not in it, with no action: a line is in
// the plan when it has an action or a status. The hidden PlanMeta sheet
// names the campaign, the association and the revision the sheet was
// written from; importing a sheet of an older revision is refused as a
// stale save.

// PlanSheetFormat identifies the plan sheet layout (PlanMeta!B1).
const PlanSheetFormat = "assocbench-plan-1"

// Layout of the plan sheet.
const (
	planMetaSheet = "PlanMeta"
	planHeaderRow = 3
	pcKey         = 1
	pcLabel       = 2
	pcPoints      = 3
	pcAction      = 4
	pcOwner       = 5
	pcDue         = 6
	pcStatus      = 7
	pcTarget      = 8
)

// planSheetName is the plan sheet's name in lang.
func planSheetName(lang string) string { return i18n.T(lang, "plan.title") }

// planSheet writes the plan sheet and its PlanMeta sheet.
func (s *scorecardWriter) planSheet(pl *survey.ActionPlan) {
	b, lang := s.b, s.lang
	sh := b.sheet(planSheetName(lang))
	b.str(sh, 2, 1, i18n.T(lang, "plan.title"), b.st.title)
	b.str(sh, 2, 2, i18n.T(lang, "plan.hint"), b.st.note)
	b.header(sh, planHeaderRow, "key", i18n.T(lang, "plan.item"), i18n.T(lang, "points"), i18n.T(lang, "plan.action"),
		i18n.T(lang, "plan.owner"), i18n.T(lang, "plan.due"), i18n.T(lang, "status"), i18n.T(lang, "plan.target"))
	r := planHeaderRow + 1
	seen := map[string]bool{}
	for _, it := range pl.Items {
		seen[it.Key()] = true
		s.planLine(sh, r, it.Key(), it.Points, it.Action, it.Owner, it.Due, i18n.T(lang, "plan.status."+string(it.Status)), &it.Target)
		r++
	}
	for _, card := range s.sc.Areas {
		for _, it := range card.Improve {
			key := card.Questionnaire + "/" + it.ID
			if seen[key] {
				continue
			}
			seen[key] = true
			pts := it.Points
			s.planLine(sh, r, key, &pts, "", "", "", "", nil)
			r++
		}
	}
	last := max(r-1, planHeaderRow+1)
	var labels []string
	for _, st := range survey.PlanStatuses {
		labels = append(labels, i18n.T(lang, "plan.status."+string(st)))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell(pcStatus, planHeaderRow+1) + ":" + cell(pcStatus, last+20)
	b.fail(dv.SetDropList(labels))
	b.fail(b.f.AddDataValidation(sh, dv))
	b.fail(b.f.SetColVisible(sh, "A", false))
	b.capCol(sh, pcLabel, 50)
	b.capCol(sh, pcAction, 60)
	b.finish(sh, layout{headerRow: planHeaderRow, firstCol: 1, lastCol: pcTarget, lastRow: last})

	meta := b.sheet(planMetaSheet)
	for i, kv := range [][2]string{{"format", PlanSheetFormat}, {"campaign", pl.Campaign}, {"association", pl.Association},
		{"revision", strconv.FormatInt(pl.Revision, 10)}, {"language", lang}, {"sheet", sh}} {
		b.str(meta, 1, i+1, kv[0], b.st.text)
		b.str(meta, 2, i+1, kv[1], b.st.text)
	}
	b.fail(b.f.SetSheetVisible(meta, false))
}

// planLine writes one line of the plan sheet (target nil: blank).
func (s *scorecardWriter) planLine(sh string, r int, key string, points *float64, action, owner, due, status string, target *float64) {
	b := s.b
	b.str(sh, pcKey, r, key, b.st.text)
	qid, id, _ := strings.Cut(key, "/")
	label := id
	if q := s.sc.Definitions[qid]; q != nil {
		label = itemLabel(q, id, s.lang)
	}
	b.str(sh, pcLabel, r, label, b.st.wrap)
	if points != nil {
		b.num(sh, pcPoints, r, *points, b.st.score)
	}
	b.str(sh, pcAction, r, action, b.st.wrap)
	b.str(sh, pcOwner, r, owner, b.st.text)
	b.str(sh, pcDue, r, due, b.st.text)
	b.str(sh, pcStatus, r, status, b.st.text)
	if target != nil {
		b.num(sh, pcTarget, r, *target, b.st.score)
	}
}

// PlanSheet is a plan read back from a scorecard workbook.
type PlanSheet struct {
	Campaign, Association string
	// Revision is the revision of the plan the sheet was written from.
	Revision int64
	Items    []survey.PlanItem
	// Rows are the sheet rows of Items.
	Rows  []int
	sheet string
}

// ReadPlanSheet reads the plan sheet of a scorecard workbook: the plan
// when there is no problem, otherwise the problems at their cells, in lang.
func ReadPlanSheet(r io.Reader, lang string) (*PlanSheet, []Problem) {
	lang = i18n.Lang(lang)
	f, err := openWorkbook(r)
	if err != nil {
		return nil, []Problem{{Message: i18n.T(lang, "p.unreadable")}}
	}
	defer f.Close()
	m := sheetMeta(f, planMetaSheet)
	rev, err := strconv.ParseInt(m["revision"], 10, 64)
	if m["format"] != PlanSheetFormat || m["campaign"] == "" || m["association"] == "" || err != nil {
		return nil, []Problem{{Message: i18n.T(lang, "p.noplan")}}
	}
	wbLang := i18n.Lang(m["language"])
	ps := &PlanSheet{Campaign: m["campaign"], Association: m["association"], Revision: rev, sheet: m["sheet"]}
	rows, err := f.GetRows(ps.sheet)
	if err != nil {
		return nil, []Problem{{Message: i18n.T(lang, "p.noplan")}}
	}
	status := map[string]survey.PlanStatus{}
	for _, st := range survey.PlanStatuses {
		status[strings.ToLower(i18n.T(wbLang, "plan.status."+string(st)))] = st
		status[string(st)] = st
	}
	var problems []Problem
	for i := planHeaderRow; i < len(rows); i++ {
		it, bad, ok := ps.line(rows[i], i+1, status, lang)
		problems = append(problems, bad...)
		if ok {
			ps.Items = append(ps.Items, it)
			ps.Rows = append(ps.Rows, i+1)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return ps, nil
}

// line reads row r; ok is false for a line not in the plan.
func (ps *PlanSheet) line(cells []string, r int, status map[string]survey.PlanStatus, lang string) (survey.PlanItem, []Problem, bool) {
	get := func(col int) string {
		if col-1 < len(cells) {
			return strings.TrimSpace(cells[col-1])
		}
		return ""
	}
	key, action, st := get(pcKey), get(pcAction), get(pcStatus)
	if key == "" || action == "" && st == "" {
		return survey.PlanItem{}, nil, false
	}
	var bad []Problem
	at := func(col int, msg string) {
		bad = append(bad, Problem{Sheet: ps.sheet, Cell: cell(col, r), Message: msg})
	}
	qid, id, _ := strings.Cut(key, "/")
	it := survey.PlanItem{Questionnaire: qid, Item: id, Action: action, Owner: get(pcOwner)}
	if s, ok := status[strings.ToLower(st)]; ok {
		it.Status = s
	} else {
		at(pcStatus, i18n.T(lang, "p.planstatus"))
	}
	if d := get(pcDue); d != "" {
		if v, ok := date(d); ok {
			it.Due = v
		} else {
			at(pcDue, i18n.T(lang, "v.date"))
		}
	}
	if t, ok := number(get(pcTarget)); ok && t >= 0 && t <= 100 {
		it.Target = t
	} else {
		at(pcTarget, i18n.T(lang, "p.plantarget"))
	}
	return it, bad, true
}

// Locate turns the service's refusal of the plan (fields items[i].name)
// into problems at the cells of the sheet.
func (ps *PlanSheet) Locate(ve *survey.ValidationError) []Problem {
	col := map[string]int{"questionnaire": pcKey, "item": pcKey, "action": pcAction, "owner": pcOwner, "due": pcDue,
		"status": pcStatus, "target": pcTarget, "links": pcKey}
	var out []Problem
	for field, msg := range ve.Fields {
		var i int
		var name string
		if _, err := fmt.Sscanf(strings.Replace(field, "].", "] ", 1), "items[%d] %s", &i, &name); err != nil || i >= len(ps.Rows) {
			out = append(out, Problem{Sheet: ps.sheet, Message: field + ": " + msg})
			continue
		}
		c, ok := col[name]
		if !ok {
			c = pcKey
		}
		out = append(out, Problem{Sheet: ps.sheet, Cell: cell(c, ps.Rows[i]), Message: msg})
	}
	return out
}

// sheetMeta reads a two-column key/value sheet (empty when absent).
func sheetMeta(f *excelize.File, sheet string) map[string]string {
	m := map[string]string{}
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return m
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return m
	}
	for _, row := range rows {
		if len(row) >= 2 {
			m[row[0]] = row[1]
		}
	}
	return m
}
