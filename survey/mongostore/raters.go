package mongostore

import (
	"context"
	"time"

	"github.com/assocbench/assocbench/survey"
)

// Raters: one panel document per association and campaign in "raters",
// _id "campaign/association", listing the named raters; their responses
// in "rater_responses", _id "campaign/association/questionnaire/rater",
// stored like responses (responseDoc). Every read and write is by _id: a
// panel names its raters, so their responses are found without a filter.
// Nothing here is read by the results model.

// raterRef is survey.RaterRef.
type raterRef struct {
	Campaign    string `bson:"campaign"`
	Association string `bson:"association"`
	ID          string `bson:"id"`
}

func fromRaterRef(r *survey.RaterRef) *raterRef {
	if r == nil {
		return nil
	}
	return &raterRef{Campaign: r.Campaign, Association: r.Association, ID: r.ID}
}

func (d *raterRef) toRaterRef() *survey.RaterRef {
	if d == nil {
		return nil
	}
	return &survey.RaterRef{Campaign: d.Campaign, Association: d.Association, ID: d.ID}
}

// raterPanelDoc is a raters document.
type raterPanelDoc struct {
	ID          string     `bson:"_id"`
	Campaign    string     `bson:"campaign"`
	Association string     `bson:"association"`
	Raters      []raterDoc `bson:"raters"`
	Revision    int64      `bson:"revision"`
	CreatedAt   time.Time  `bson:"created_at"`
	UpdatedAt   time.Time  `bson:"updated_at"`
}

type raterDoc struct {
	ID        string    `bson:"id"`
	Name      string    `bson:"name"`
	Token     string    `bson:"token"`
	CreatedAt time.Time `bson:"created_at"`
	CreatedBy string    `bson:"created_by,omitempty"`
}

func fromRaterPanel(p *survey.RaterPanel) *raterPanelDoc {
	d := &raterPanelDoc{ID: p.ID, Campaign: p.Campaign, Association: p.Association, Raters: []raterDoc{},
		Revision: p.Revision, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for _, r := range p.Raters {
		d.Raters = append(d.Raters, raterDoc{ID: r.ID, Name: r.Name, Token: r.Token, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy})
	}
	return d
}

func (d *raterPanelDoc) toRaterPanel() *survey.RaterPanel {
	p := &survey.RaterPanel{ID: d.ID, Campaign: d.Campaign, Association: d.Association, Raters: []survey.Rater{},
		Revision: d.Revision, CreatedAt: utc(d.CreatedAt), UpdatedAt: utc(d.UpdatedAt)}
	for _, r := range d.Raters {
		p.Raters = append(p.Raters, survey.Rater{ID: r.ID, Name: r.Name, Token: r.Token, CreatedAt: utc(r.CreatedAt), CreatedBy: r.CreatedBy})
	}
	return p
}

// GetRaterPanel reads the raters of an association in a campaign by id
// (campaign/association).
func (s *Store) GetRaterPanel(ctx context.Context, id string) (*survey.RaterPanel, error) {
	var d raterPanelDoc
	if err := s.findOne(ctx, collRaterPanels, id, &d); err != nil {
		return nil, storeErr(err, "get raters %s", id)
	}
	return d.toRaterPanel(), nil
}

// InsertRaterPanel inserts a panel (survey.ErrConflict when the id exists).
func (s *Store) InsertRaterPanel(ctx context.Context, p *survey.RaterPanel) error {
	return storeErr(s.insert(ctx, collRaterPanels, fromRaterPanel(p)), "insert raters %s", p.ID)
}

// ReplaceRaterPanel overwrites a panel if its stored revision is expected.
func (s *Store) ReplaceRaterPanel(ctx context.Context, p *survey.RaterPanel, expected int64) error {
	return s.replaceRevised(ctx, collRaterPanels, p.ID, fromRaterPanel(p), expected, "replace raters "+p.ID)
}

// GetRaterResponse reads one rater's response by id.
func (s *Store) GetRaterResponse(ctx context.Context, id string) (*survey.Response, error) {
	var d responseDoc
	if err := s.findOne(ctx, collRaterResponses, id, &d); err != nil {
		return nil, storeErr(err, "get rater response %s", id)
	}
	r, err := d.toResponse()
	return r, storeErr(err, "get rater response %s", id)
}

// InsertRaterResponse inserts a rater's response (survey.ErrConflict when
// the id exists).
func (s *Store) InsertRaterResponse(ctx context.Context, r *survey.Response) error {
	d, err := fromResponse(r)
	if err != nil {
		return storeErr(err, "insert rater response %s", r.ID)
	}
	return storeErr(s.insert(ctx, collRaterResponses, d), "insert rater response %s", r.ID)
}

// ReplaceRaterResponse overwrites a rater's response if its stored
// revision is expected.
func (s *Store) ReplaceRaterResponse(ctx context.Context, r *survey.Response, expected int64) error {
	d, err := fromResponse(r)
	if err != nil {
		return storeErr(err, "replace rater response %s", r.ID)
	}
	return s.replaceRevised(ctx, collRaterResponses, r.ID, d, expected, "replace rater response "+r.ID)
}
