package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ImportColumns are the columns an association table may have, in the
// order of the template; the first four are required.
var ImportColumns = []string{"id", "name", "country", "type", "members", "institutional_members", "budget_band",
	"languages", "time_zone", "language", "email", "mentoring_offers", "mentoring_seeks"}

// importRequired are the columns every table must have.
var importRequired = ImportColumns[:4]

// MaxImportRows bounds the associations of one import.
const MaxImportRows = 5000

// ImportProblem is one located problem of an association table: Row is
// the row of the sheet (the header is row 1), Col the 1-based column (0
// for a problem with the whole row or file), Column its header.
type ImportProblem struct {
	Row, Col int
	Column   string
	Message  string
}

// String locates the problem: "row 4, column C (country): must be ...".
func (p ImportProblem) String() string {
	switch {
	case p.Row == 0:
		return p.Message
	case p.Col == 0 && p.Column != "":
		return fmt.Sprintf("row %d (%s): %s", p.Row, p.Column, p.Message)
	case p.Col == 0:
		return fmt.Sprintf("row %d: %s", p.Row, p.Message)
	}
	return fmt.Sprintf("row %d, column %s (%s): %s", p.Row, ColumnName(p.Col), p.Column, p.Message)
}

// ColumnName is a spreadsheet's name of the 1-based column n ("A", "AB").
func ColumnName(n int) string {
	s := ""
	for ; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

// ImportError is the error of an import with bad rows: nothing was stored.
type ImportError struct {
	Problems []ImportProblem
}

// Error lists the first problems.
func (e *ImportError) Error() string {
	parts := make([]string, 0, 3)
	for _, p := range e.Problems[:min(3, len(e.Problems))] {
		parts = append(parts, p.String())
	}
	return fmt.Sprintf("the table has %d problems: %s", len(e.Problems), strings.Join(parts, "; "))
}

// ImportAssociations registers every association of a table (a header
// row naming columns among ImportColumns, then one association a row;
// blank rows are skipped) for an administrator. It is all or nothing:
// every row is checked first, against the rules of CreateAssociation,
// the other rows and the associations already registered, and any
// problem is an *ImportError locating each one by row and column, with
// nothing stored. Only a failure of the database itself (or the same id
// registered by someone else meanwhile) can stop it after the first
// write; the error then names the rows that were stored. Each
// association created is audited as by CreateAssociation.
func (s *Service) ImportAssociations(ctx context.Context, p Principal, rows [][]string) ([]*Association, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	list, at, problems := parseAssociationTable(rows)
	if len(problems) == 0 {
		problems = s.takenIDs(ctx, list, at)
	}
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b ImportProblem) int { return (a.Row-b.Row)*1000 + a.Col - b.Col })
		return nil, &ImportError{Problems: problems}
	}
	now := s.Now()
	out := make([]*Association, 0, len(list))
	for i := range list {
		a := &list[i]
		a.CreatedAt, a.UpdatedAt = now, now
		if err := s.store.CreateAssociation(ctx, a); err != nil {
			return out, fmt.Errorf("import stopped at row %d after %d associations were stored: create association %s: %w", at[i], len(out), a.ID, err)
		}
		s.assocs.put(a)
		s.audit(ctx, p, ActionAssociationCreate, a.ID, "import")
		out = append(out, a)
	}
	return out, nil
}

// takenIDs are the problems of rows whose id is registered already.
func (s *Service) takenIDs(ctx context.Context, list []Association, at []int) []ImportProblem {
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	have, err := s.store.GetAssociations(ctx, ids)
	if err != nil {
		return []ImportProblem{{Message: "the registered associations could not be read: " + err.Error()}}
	}
	var out []ImportProblem
	for i, a := range list {
		if _, ok := have[a.ID]; ok {
			out = append(out, ImportProblem{Row: at[i], Col: 1 + slices.Index(ImportColumns, "id"), Column: "id", Message: "is taken by another association"})
		}
	}
	return out
}

// parseAssociationTable reads the header and the rows; at holds each
// association's row number.
func parseAssociationTable(rows [][]string) (list []Association, at []int, problems []ImportProblem) {
	if len(rows) == 0 {
		return nil, nil, []ImportProblem{{Message: "the table is empty: it needs a header row (" + strings.Join(ImportColumns, ", ") + ")"}}
	}
	cols := map[string]int{} // column name -> 0-based index
	for i, h := range rows[0] {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case name == "":
		case !slices.Contains(ImportColumns, name):
			problems = append(problems, ImportProblem{Row: 1, Col: i + 1, Column: truncate(h, 40), Message: "unknown column; the columns are " + strings.Join(ImportColumns, ", ")})
		case cols[name] != 0:
			problems = append(problems, ImportProblem{Row: 1, Col: i + 1, Column: name, Message: "is a second column of that name"})
		default:
			cols[name] = i + 1
		}
	}
	for _, r := range importRequired {
		if cols[r] == 0 {
			problems = append(problems, ImportProblem{Row: 1, Message: fmt.Sprintf("the header has no column %q", r)})
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	if len(rows)-1 > MaxImportRows {
		return nil, nil, []ImportProblem{{Message: fmt.Sprintf("the table has %d rows: at most %d associations an import", len(rows)-1, MaxImportRows)}}
	}
	seen := map[string]int{}
	for i, cells := range rows[1:] {
		row := i + 2
		get := func(name string) string {
			if c := cols[name]; c > 0 && c <= len(cells) {
				return strings.TrimSpace(cells[c-1])
			}
			return ""
		}
		if !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" }) {
			continue
		}
		a, bad := associationRow(get)
		for field, msg := range bad {
			problems = append(problems, ImportProblem{Row: row, Col: cols[field], Column: field, Message: msg})
		}
		if first, ok := seen[a.ID]; ok && a.ID != "" {
			problems = append(problems, ImportProblem{Row: row, Col: cols["id"], Column: "id", Message: fmt.Sprintf("repeats the id of row %d", first)})
		}
		seen[a.ID] = row
		list, at = append(list, a), append(at, row)
	}
	if len(list) == 0 && len(problems) == 0 {
		problems = append(problems, ImportProblem{Message: "the table has a header but no association"})
	}
	return list, at, problems
}

// associationRow reads one row as an association, checked as
// CreateAssociation checks one; bad maps a column to its problem.
func associationRow(get func(string) string) (Association, map[string]string) {
	bad := map[string]string{}
	num := func(name string) int {
		v := get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(strings.ReplaceAll(v, " ", ""))
		if err != nil {
			bad[name] = "must be a whole number"
		}
		return n
	}
	a := Association{ID: strings.ToLower(get("id")), Name: get("name"), Country: get("country"), Type: strings.ToLower(get("type")),
		Members: num("members"), InstitutionalMembers: num("institutional_members"), BudgetBand: get("budget_band"),
		Languages: listCell(get("languages")), TimeZone: get("time_zone"), Language: strings.ToLower(get("language")),
		Email: get("email"), MentoringOffers: listCell(get("mentoring_offers")), MentoringSeeks: listCell(get("mentoring_seeks"))}
	var ve *ValidationError
	if err := a.normalise(); errors.As(err, &ve) {
		for f, m := range ve.Fields {
			if _, ok := bad[f]; !ok {
				bad[f] = m
			}
		}
	}
	return a, bad
}

// listCell splits a cell listing codes ("fr, en" or "fr;en").
func listCell(v string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		out = append(out, strings.ToLower(x))
	}
	return out
}
