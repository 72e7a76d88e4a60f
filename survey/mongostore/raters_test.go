package mongostore_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// TestRaters: panels and rater responses round-trip by _id, revisions
// are checked, a rater token keeps its scope, and the rater responses are
// not among the campaign's responses.
func TestRaters(t *testing.T) {
	bothModes(t, func(t *testing.T, s *mongostore.Store) {
		ctx := t.Context()
		p := &survey.RaterPanel{ID: survey.RaterPanelID("c1", "ala"), Campaign: "c1", Association: "ala",
			Raters:   []survey.Rater{{ID: "r1", Name: "Board", Token: "0123456789ab", CreatedAt: at(0), CreatedBy: "tok"}},
			Revision: 1, CreatedAt: at(0), UpdatedAt: at(0)}
		checkErr(t, "InsertRaterPanel", s.InsertRaterPanel(ctx, p), nil)
		checkErr(t, "InsertRaterPanel again", s.InsertRaterPanel(ctx, p), survey.ErrConflict)
		p.Raters = append(p.Raters, survey.Rater{ID: "r2", Name: "Staff", Token: "ba9876543210", CreatedAt: at(1)})
		p.Revision, p.UpdatedAt = 2, at(1)
		checkErr(t, "ReplaceRaterPanel", s.ReplaceRaterPanel(ctx, p, 1), nil)
		checkErr(t, "ReplaceRaterPanel stale", s.ReplaceRaterPanel(ctx, p, 1), survey.ErrConflict)
		got, err := s.GetRaterPanel(ctx, p.ID)
		checkErr(t, "GetRaterPanel", err, nil)
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("GetRaterPanel (-want +got):\n%s", diff)
		}
		_, err = s.GetRaterPanel(ctx, "c1/none")
		checkErr(t, "GetRaterPanel none", err, survey.ErrNotFound)

		ref := survey.RaterRef{Campaign: "c1", Association: "ala", ID: "r1"}
		r := &survey.Response{ID: survey.RaterResponseID(ref, "membership"), Campaign: "c1", Association: "ala", Questionnaire: "membership",
			Version: "1", Status: survey.StatusDraft, Revision: 1, Answers: questionnaires.Answers{"members_now": questionnaires.Num(12)},
			CreatedAt: at(2), UpdatedAt: at(2)}
		checkErr(t, "InsertRaterResponse", s.InsertRaterResponse(ctx, r), nil)
		r.Revision, r.Answers = 2, questionnaires.Answers{"members_now": questionnaires.Num(13)}
		checkErr(t, "ReplaceRaterResponse", s.ReplaceRaterResponse(ctx, r, 1), nil)
		checkErr(t, "ReplaceRaterResponse stale", s.ReplaceRaterResponse(ctx, r, 1), survey.ErrConflict)
		gr, err := s.GetRaterResponse(ctx, r.ID)
		checkErr(t, "GetRaterResponse", err, nil)
		if gr.Revision != 2 || !gr.Answers["members_now"].Equal(questionnaires.Num(13)) {
			t.Errorf("GetRaterResponse = %+v", gr)
		}
		_, err = s.GetResponse(ctx, r.ID)
		checkErr(t, "GetResponse of a rater's response", err, survey.ErrNotFound)
		rs, err := s.ListResponses(ctx, survey.ResponseFilter{Campaign: "c1"})
		checkErr(t, "ListResponses", err, nil)
		if len(rs) != 0 {
			t.Errorf("the campaign's responses hold %d rater responses", len(rs))
		}

		tok := &survey.Token{Hash: survey.HashToken("abk_rater-token-for-the-store-test"), Role: survey.RoleRater, Association: "ala",
			Rater: &ref, CreatedAt: at(0), ExpiresAt: at(100)}
		checkErr(t, "InsertToken", s.InsertToken(ctx, tok), nil)
		gt, err := s.GetToken(ctx, tok.Hash)
		checkErr(t, "GetToken", err, nil)
		if gt.Rater == nil || *gt.Rater != ref || gt.Role != survey.RoleRater {
			t.Errorf("rater token = %+v", gt)
		}
	})
}
