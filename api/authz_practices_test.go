package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/assocbench/assocbench/survey"
)

// matrixPractices are the library entries the authorization matrix
// reaches for: an approved resource with a document, and pending stories
// written straight into the store, one per call, by the association each
// caller reaches for (target).
type matrixPractices struct {
	resource string
	story    func(t *testing.T, association string) string
}

// setupMatrixPractices stores the matrix's library entries.
func setupMatrixPractices(t *testing.T, h *harness) matrixPractices {
	t.Helper()
	ctx := context.Background()
	admin := survey.Principal{Role: survey.RoleAdmin, Token: "matrix"}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	file, err := survey.CheckUpload("guide.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.svc.CreateResource(ctx, admin, survey.ResourceInput{Title: "A communications guide", Languages: []string{"en"},
		Items: []string{"communications/comms_strategy"}}, file, pdf)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	story := func(t *testing.T, association string) string {
		t.Helper()
		n++
		pr := &survey.Practice{ID: "matrix-story-" + association + "-" + string(rune('a'+n)), Kind: survey.KindStory, State: survey.PracticePending,
			Title: "What we did", Languages: []string{"en"}, Items: []string{"communications/comms_strategy"}, Area: "communications",
			Campaign: "c1", Association: association, Attribution: "named", Did: "A strategy", CreatedAt: time.Now().UTC()}
		if err := h.svc.Store().PutPractice(ctx, pr); err != nil {
			t.Fatal(err)
		}
		return pr.ID
	}
	return matrixPractices{resource: res.ID, story: story}
}
