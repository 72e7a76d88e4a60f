package reports

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// ResponseSource calls yield for each submitted response, in any order,
// and stops with yield's error. It is how the raw responses export reads
// responses without holding them all, e.g.
//
//	func(yield func(*survey.Response) error) error {
//		return svc.StreamSubmitted(ctx, p, campaign, questionnaire, yield)
//	}
type ResponseSource func(yield func(*survey.Response) error) error

// ResponsesOptions tune the raw responses export.
type ResponsesOptions struct {
	Options
	// Campaign is the campaign the responses belong to (for the About sheet).
	Campaign *survey.Campaign
	// Questionnaires are the definitions exported, one sheet each, in
	// order; responses to other questionnaires are skipped.
	Questionnaires []*questionnaires.Questionnaire
	// Labels writes choice labels and levels in Lang instead of codes.
	Labels bool
	// Name returns an association's name; nil leaves the names out.
	Name func(id string) string
	// Progress, when set, is called with the number of rows written so far.
	Progress func(rows int)
}

// WriteResponses writes the raw responses export to w and returns the
// number of responses written. It is an administrators' export: every
// submitted response as it is, one row each, with no anonymity rule.
//
// Each questionnaire has a sheet with a header row of column codes and
// one row per response: the association, its peer attributes as
// submitted, the submission time, then one column per question
// (multi_choice: one 0/1 column per option; matrix: one column per row;
// rubric: level, justification and evidence columns), then the scores.
// The Columns sheet says what every code means, in Lang. The rows go
// through excelize's StreamWriter, which keeps them in temporary files,
// so memory does not grow with the number of responses.
func WriteResponses(w io.Writer, src ResponseSource, o ResponsesOptions) (int, error) {
	if len(o.Questionnaires) == 0 {
		return 0, fmt.Errorf("write responses: no questionnaire")
	}
	b, err := newBook(o.Lang, 1)
	if err != nil {
		return 0, fmt.Errorf("write responses: %w", err)
	}
	lang := b.lang
	now := o.now()
	about := b.sheet(i18n.T(lang, "sheet.about"))
	sheets := make([]*responseSheet, len(o.Questionnaires))
	byID := map[string]*responseSheet{}
	for i, q := range o.Questionnaires {
		rs := &responseSheet{q: q, name: b.sheet(q.Title.In(lang))}
		rs.cols = responseColumns(b, q, o, lang)
		sheets[i] = rs
		byID[q.ID] = rs
	}
	colsSheet := b.sheet(i18n.T(lang, "sheet.columns"))
	if b.err != nil {
		return 0, fmt.Errorf("write responses: %w", b.err)
	}
	// the streamed sheets: column widths and styles, frozen header, header row
	for _, rs := range sheets {
		// print setup first: the stream writer takes the sheet's settings
		// as they are now, and changing them after the rows would parse
		// every row back into memory
		b.printSetup(rs.name)
		b.stream(rs.name)
		sw, err := b.f.NewStreamWriter(rs.name)
		if err != nil {
			return 0, fmt.Errorf("write responses: %w", err)
		}
		rs.sw = sw
		for j, c := range rs.cols {
			if err := sw.SetColWidth(j+1, j+1, c.width); err != nil {
				return 0, fmt.Errorf("write responses: %w", err)
			}
			if c.style != 0 {
				if err := sw.SetColStyle(j+1, j+1, c.style); err != nil {
					return 0, fmt.Errorf("write responses: %w", err)
				}
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
			Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}); err != nil {
			return 0, fmt.Errorf("write responses: %w", err)
		}
		head := make([]any, len(rs.cols))
		for j, c := range rs.cols {
			head[j] = excelize.Cell{StyleID: b.st.header, Value: c.code}
		}
		if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
			return 0, fmt.Errorf("write responses: %w", err)
		}
		rs.row = 1
		rs.quote = b.quote(b.st.text)
	}
	total := 0
	err = src(func(r *survey.Response) error {
		rs := byID[r.Questionnaire]
		if rs == nil || r.Status != survey.StatusSubmitted {
			return nil
		}
		rs.row++
		rs.buf = rs.buf[:0]
		for _, c := range rs.cols {
			v := c.get(r)
			if s, ok := v.(string); ok && needsQuote(s) {
				v = excelize.Cell{StyleID: rs.quote, Value: s}
			}
			rs.buf = append(rs.buf, v)
		}
		if err := rs.sw.SetRow("A"+strconv.Itoa(rs.row), rs.buf); err != nil {
			return fmt.Errorf("row %d of %s: %w", rs.row, rs.name, err)
		}
		total++
		if o.Progress != nil {
			o.Progress(total)
		}
		return nil
	})
	if err != nil {
		for _, rs := range sheets {
			_ = rs.sw.Flush()
		}
		b.f.Close()
		return total, fmt.Errorf("write responses: %w", err)
	}
	for i, rs := range sheets {
		if rs.row == 1 {
			if err := rs.sw.SetRow("A3", []any{excelize.Cell{StyleID: b.st.note, Value: i18n.T(lang, "responses.none")}}); err != nil {
				return total, fmt.Errorf("write responses: %w", err)
			}
		} else {
			last, _ := excelize.CoordinatesToCellName(len(rs.cols), rs.row)
			if err := rs.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "responses_" + strconv.Itoa(i+1),
				StyleName: "TableStyleLight9", ShowRowStripes: ptr(true)}); err != nil {
				return total, fmt.Errorf("write responses: %w", err)
			}
		}
		if err := rs.sw.Flush(); err != nil {
			return total, fmt.Errorf("write responses: %w", err)
		}
	}

	// the About and Columns sheets
	b.str(about, 1, 1, i18n.T(lang, "sheet.about"), b.st.title)
	r := 3
	if o.Campaign != nil {
		b.pair(about, r, i18n.T(lang, "dash.campaign"), o.Campaign.Title.In(lang), b.st.text)
		b.pair(about, r+1, i18n.T(lang, "campaign.id"), o.Campaign.ID, b.st.text)
		r += 2
	}
	b.pair(about, r, i18n.T(lang, "generated"), now, b.st.datetime)
	b.pair(about, r+1, i18n.T(lang, "nav.languages"), lang, b.st.text)
	mode := "codes"
	if o.Labels {
		mode = "labels"
	}
	b.pair(about, r+2, i18n.T(lang, "values"), mode, b.st.text)
	r += 4
	b.header(about, r, i18n.T(lang, "sheet"), i18n.T(lang, "dash.questionnaire"), i18n.T(lang, "n"))
	r++
	for _, rs := range sheets {
		b.str(about, 1, r, rs.name, b.st.text)
		b.str(about, 2, r, rs.q.Key(), b.st.text)
		b.integer(about, 3, r, rs.row-1)
		r++
	}
	b.finish(about, layout{})

	b.header(colsSheet, 1, i18n.T(lang, "sheet"), i18n.T(lang, "column"), i18n.T(lang, "meaning"), i18n.T(lang, "values"))
	r = 2
	for _, rs := range sheets {
		for _, c := range rs.cols {
			b.str(colsSheet, 1, r, rs.name, b.st.text)
			b.str(colsSheet, 2, r, c.code, b.st.text)
			b.str(colsSheet, 3, r, c.label, b.st.wrap)
			b.str(colsSheet, 4, r, c.values, b.st.wrap)
			r++
		}
	}
	b.capCol(colsSheet, 3, 70)
	b.capCol(colsSheet, 4, 70)
	b.finish(colsSheet, layout{headerRow: 1, firstCol: 1, lastCol: 4, lastRow: r - 1})

	title := i18n.T(lang, "sheet.columns")
	subject := ""
	if o.Campaign != nil {
		title, subject = o.Campaign.ID, o.Campaign.Title.In(lang)
	}
	b.props("assocbench responses: "+title, subject, "raw responses (administrators)", now)
	if err := b.write(w); err != nil {
		return total, fmt.Errorf("write responses: %w", err)
	}
	return total, nil
}

// responseSheet is one questionnaire's streamed sheet.
type responseSheet struct {
	q     *questionnaires.Questionnaire
	name  string
	cols  []respColumn
	sw    *excelize.StreamWriter
	row   int
	quote int
	buf   []any
}

// respColumn is one column of the raw responses export.
type respColumn struct {
	code   string
	label  string
	values string
	width  float64
	style  int
	get    func(r *survey.Response) any
}

// responseColumns lists a questionnaire's export columns.
func responseColumns(b *book, q *questionnaires.Questionnaire, o ResponsesOptions, lang string) []respColumn {
	labels := o.Labels
	na := func() any {
		if labels {
			return i18n.T(lang, "answer.na")
		}
		return questionnaires.NA
	}
	peer := func(r *survey.Response) survey.Peer {
		if r.Peer == nil {
			return survey.Peer{}
		}
		return *r.Peer
	}
	dim := func(d, v string) any {
		if v == "" {
			return nil
		}
		if labels {
			return dimValue(d, v, lang)
		}
		return v
	}
	cols := []respColumn{
		{code: "_association", label: i18n.T(lang, "association.id"), width: 24, get: func(r *survey.Response) any { return r.Association }},
	}
	if o.Name != nil {
		cols = append(cols, respColumn{code: "_name", label: i18n.T(lang, "sc.association"), width: 40, get: func(r *survey.Response) any {
			if n := o.Name(r.Association); n != "" {
				return n
			}
			return nil
		}})
	}
	cols = append(cols,
		respColumn{code: "_region", label: i18n.T(lang, "dim.region"), width: 18, get: func(r *survey.Response) any { return dim("region", peer(r).Region) }},
		respColumn{code: "_country", label: i18n.T(lang, "country"), width: 10, get: func(r *survey.Response) any {
			if c := peer(r).Country; c != "" {
				return c
			}
			return nil
		}},
		respColumn{code: "_size", label: i18n.T(lang, "dim.size"), width: 14, get: func(r *survey.Response) any { return dim("size", peer(r).Size) }},
		respColumn{code: "_budget", label: i18n.T(lang, "dim.budget"), width: 14, get: func(r *survey.Response) any { return dim("budget", peer(r).Budget) }},
		respColumn{code: "_type", label: i18n.T(lang, "dim.type"), width: 12, get: func(r *survey.Response) any { return dim("type", peer(r).Type) }},
		respColumn{code: "_version", label: i18n.T(lang, "version"), width: 10, get: func(r *survey.Response) any { return r.Version }},
		respColumn{code: "_submitted_at", label: i18n.T(lang, "submitted.at"), width: 17, style: b.st.datetime, get: func(r *survey.Response) any {
			if r.SubmittedAt == nil {
				return nil
			}
			return r.SubmittedAt.UTC().Truncate(time.Second)
		}},
	)
	for _, qu := range q.Questions() {
		qu := qu
		id := qu.ID
		label := qu.Label.In(lang)
		answer := func(r *survey.Response) (questionnaires.Value, bool) {
			v, ok := r.Answers[id]
			return v, ok
		}
		switch qu.Type {
		case questionnaires.TypeNote:
		case questionnaires.TypeMultiChoice:
			for _, c := range qu.Choices {
				opt := c.ID
				cols = append(cols, respColumn{code: id + "." + c.Code(), label: label + " – " + c.Label.In(lang),
					values: i18n.T(lang, "col.selected"), width: 8, get: func(r *survey.Response) any {
						v, ok := answer(r)
						if !ok || v.Kind != questionnaires.KindList {
							return nil
						}
						for _, s := range v.List {
							if s == opt {
								return 1
							}
						}
						return 0
					}})
			}
		case questionnaires.TypeMatrix:
			for _, row := range qu.Rows {
				rid := row.ID
				cols = append(cols, respColumn{code: id + "." + rid, label: label + " – " + row.Label.In(lang),
					values: levelsWords(qu, lang), width: 10, get: func(r *survey.Response) any {
						v, ok := answer(r)
						if !ok || v.Kind != questionnaires.KindMatrix {
							return nil
						}
						lv, ok := v.Rows[rid]
						switch {
						case !ok:
							return nil
						case lv == 0:
							return na()
						case labels:
							return levelLabel(qu, int(lv), lang)
						}
						return lv
					}})
			}
		case questionnaires.TypeRubric:
			cols = append(cols,
				respColumn{code: id + ".level", label: label + " – " + i18n.T(lang, "level"), values: levelsWords(qu, lang), width: 10,
					get: func(r *survey.Response) any {
						v, ok := answer(r)
						switch {
						case !ok || v.Kind != questionnaires.KindRubric:
							return nil
						case v.Num == 0:
							return na()
						case labels:
							return levelLabel(qu, int(v.Num), lang)
						}
						return v.Num
					}},
				respColumn{code: id + ".justification", label: label + " – " + i18n.T(lang, "justification"), width: 40,
					get: func(r *survey.Response) any {
						if v, ok := answer(r); ok && v.Kind == questionnaires.KindRubric && v.Str != "" {
							return v.Str
						}
						return nil
					}},
				respColumn{code: id + ".evidence", label: label + " – " + i18n.T(lang, "evidence"), width: 30,
					get: func(r *survey.Response) any {
						if v, ok := answer(r); ok && v.Kind == questionnaires.KindRubric && v.Evidence != "" {
							return v.Evidence
						}
						return nil
					}})
		default:
			c := respColumn{code: id, label: label, values: valuesWords(qu, lang), width: 14}
			named := slices.ContainsFunc(qu.Choices, func(c questionnaires.Choice) bool { return c.Name != "" })
			switch qu.Type {
			case questionnaires.TypeInteger:
				c.style = b.st.integer
			case questionnaires.TypeCurrency:
				c.style, c.width = b.st.currency, 16
			case questionnaires.TypeDecimal, questionnaires.TypePercent:
				c.style = b.st.decimal
			case questionnaires.TypeText, questionnaires.TypeLongText:
				c.width = 40
			case questionnaires.TypeSingleChoice:
				c.width = 20
			}
			c.get = func(r *survey.Response) any {
				v, ok := answer(r)
				if !ok {
					return nil
				}
				if v.Kind == questionnaires.KindNA {
					return na()
				}
				switch qu.Type {
				case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency:
					return v.Num
				case questionnaires.TypeLikert:
					if labels {
						return levelLabel(qu, int(v.Num), lang)
					}
					return v.Num
				case questionnaires.TypeSingleChoice, questionnaires.TypeYesNo:
					if labels {
						return answerValue(qu, v, lang)
					}
					if named {
						if c := qu.Choice(v.Str); c != nil {
							return c.Code() // the XLSForm name it was imported from
						}
					}
					return v.Str
				}
				if v.Str == "" {
					return nil
				}
				return v.Str
			}
			cols = append(cols, c)
		}
	}
	if q.Scored() {
		cols = append(cols,
			respColumn{code: "_score", label: i18n.T(lang, "area.score"), width: 10, style: b.st.score, get: func(r *survey.Response) any {
				if r.Scores == nil || !r.Scores.Scored {
					return nil
				}
				return r.Scores.Score
			}},
			respColumn{code: "_maturity", label: i18n.T(lang, "maturity"), width: 14, get: func(r *survey.Response) any {
				if r.Scores == nil || r.Scores.Maturity == "" {
					return nil
				}
				if labels {
					for _, m := range q.MaturityLevels {
						if m.ID == r.Scores.Maturity {
							return m.Label.In(lang)
						}
					}
				}
				return r.Scores.Maturity
			}})
		for _, s := range q.Sections {
			sid := s.ID
			cols = append(cols, respColumn{code: "_section." + sid, label: i18n.T(lang, "section.score", s.Title.In(lang)), width: 10,
				style: b.st.score, get: func(r *survey.Response) any {
					if r.Scores == nil {
						return nil
					}
					if v, ok := r.Scores.Sections[sid]; ok {
						return v
					}
					return nil
				}})
		}
		for _, in := range q.Indicators {
			iid := in.ID
			cols = append(cols, respColumn{code: "_indicator." + iid, label: in.Label.In(lang), width: 12,
				style: b.st.decimal, get: func(r *survey.Response) any {
					if r.Scores == nil {
						return nil
					}
					if v, ok := r.Scores.Indicators[iid]; ok {
						return v
					}
					return nil
				}})
		}
	}
	return cols
}

// levelsWords lists a scale's levels for the Columns sheet.
func levelsWords(qu *questionnaires.Question, lang string) string {
	s := ""
	for i := range qu.Levels {
		if i > 0 {
			s += "; "
		}
		s += levelLabel(qu, i+1, lang)
	}
	if qu.AllowNA {
		s += "; " + questionnaires.NA + " = " + i18n.T(lang, "answer.na")
	}
	return s
}

// valuesWords describes a question's values for the Columns sheet.
func valuesWords(qu *questionnaires.Question, lang string) string {
	switch {
	case qu.Type.IsChoice(), qu.Type == questionnaires.TypeYesNo:
		return choicesWords(qu, lang)
	case qu.Type == questionnaires.TypeLikert:
		return levelsWords(qu, lang)
	}
	return typeHelp(qu, lang)
}

// WriteResponsesFloor writes the same cell matrix as WriteResponses (for
// one questionnaire) with nothing but excelize's StreamWriter: a header of
// codes and one row per response, without styles, table, frozen panes or
// the About and Columns sheets. It exists to measure WriteResponses
// against the floor of its dependency (assocbench bench, TestResponsesScale).
func WriteResponsesFloor(w io.Writer, q *questionnaires.Questionnaire, src ResponseSource, o ResponsesOptions) error {
	b, err := newBook(o.Lang, 1)
	if err != nil {
		return err
	}
	cols := responseColumns(b, q, o, b.lang)
	b.f.Close()
	f := excelize.NewFile()
	defer f.Close()
	// the number of rows is known after the last one: no dimension element
	if err := f.SetSheetDimension("Sheet1", ""); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	row := make([]any, len(cols))
	for j, c := range cols {
		row[j] = c.code
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	n := 1
	err = src(func(r *survey.Response) error {
		n++
		for j, c := range cols {
			row[j] = c.get(r)
		}
		return sw.SetRow("A"+strconv.Itoa(n), row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
