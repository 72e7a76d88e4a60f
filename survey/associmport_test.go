package survey_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
)

// TestImportAssociations imports a table all or nothing: every bad row is
// located by row and column and nothing is stored; a good table stores
// every row, audited.
func TestImportAssociations(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.CreateAssociation(f.ctx, admin, association("fr-old", "FR")); err != nil {
		t.Fatal(err)
	}
	header := []string{"id", "name", "country", "type", "members", "languages", "time_zone", "language", "email"}
	good := [][]string{header,
		{"sn-one", "Association Sénégalaise", "sn", "national", "120", "fr, en", "Africa/Dakar", "fr", "contact@one.example.org"},
		{"", "", "", "", "", "", "", "", ""},
		{"ke-two", "Kenya Library Association", "KE", "National", "1 200", "en;sw", "Africa/Nairobi", "en", ""},
	}
	tests := []struct {
		name string
		rows [][]string
		want []string
	}{
		{"empty", nil, []string{"the table is empty"}},
		{"no association", [][]string{header}, []string{"the table has a header but no association"}},
		{"unknown column", [][]string{{"id", "name", "country", "type", "colour"}}, []string{"row 1, column E (colour): unknown column"}},
		{"missing column", [][]string{{"id", "name", "type"}}, []string{`row 1: the header has no column "country"`}},
		{"two columns", [][]string{{"id", "name", "country", "type", "Name"}}, []string{"row 1, column E (name): is a second column"}},
		{"bad cells", [][]string{header,
			good[1],
			{"ke-two", "Kenya", "XX", "club", "many", "en", "Mars/Olympus", "en", "not an address"},
			{"sn-one", "Again", "SN", "national", "", "", "", "", ""},
			{"fr-old", "Taken", "FR", "national", "", "", "", "", ""},
		}, []string{
			"row 3, column C (country): must be an ISO 3166-1",
			"row 3, column D (type): must be one of",
			"row 3, column E (members): must be a whole number",
			"row 3, column G (time_zone): must be an IANA",
			"row 3, column I (email): must be an e-mail",
			"row 4, column A (id): repeats the id of row 2",
		}},
		{"taken", [][]string{header, good[1], {"fr-old", "Taken", "FR", "national", "", "", "", "", ""}},
			[]string{"row 3, column A (id): is taken by another association"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.ImportAssociations(f.ctx, admin, tt.rows)
			var ie *survey.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an ImportError", err)
			}
			var got []string
			for _, p := range ie.Problems {
				got = append(got, p.String())
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, w)
				}
				if !found {
					t.Errorf("problems %q lack %q", got, w)
				}
			}
			list, _ := f.svc.ListAssociations(f.ctx, admin, survey.AssociationFilter{})
			if len(list) != 1 {
				t.Errorf("a refused import left %d associations, want the 1 registered before", len(list))
			}
		})
	}
	if _, err := f.svc.ImportAssociations(f.ctx, analyst, good); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst import: err = %v, want ErrForbidden", err)
	}
	got, err := f.svc.ImportAssociations(f.ctx, admin, good)
	if err != nil || len(got) != 2 {
		t.Fatalf("good import: %d associations, err %v", len(got), err)
	}
	two, err := f.svc.GetAssociation(f.ctx, admin, "ke-two")
	if err != nil || two.Members != 1200 || two.Type != "national" || strings.Join(two.Languages, ",") != "en,sw" || two.Region == "" {
		t.Errorf("ke-two stored as %+v (err %v)", two, err)
	}
	events, err := f.svc.Audit(f.ctx, admin, survey.AuditFilter{Action: survey.ActionAssociationCreate})
	if err != nil {
		t.Fatal(err)
	}
	imported := 0
	for _, e := range events {
		if e.Detail == "import" {
			imported++
		}
	}
	if imported != 2 {
		t.Errorf("%d import audit events, want 2", imported)
	}
}

func TestColumnName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA"} {
		if got := survey.ColumnName(n); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", n, got, want)
		}
	}
}
