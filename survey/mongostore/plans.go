package mongostore

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// Plans: one document per association and campaign, _id
// "campaign/association", holding at most survey.MaxPlanItems items with
// their history. Reads and writes are by _id; ListPlans filters by campaign.

// planDoc is a plans document.
type planDoc struct {
	ID          string        `bson:"_id"`
	Campaign    string        `bson:"campaign"`
	Association string        `bson:"association"`
	Items       []planItemDoc `bson:"items"`
	Revision    int64         `bson:"revision"`
	ClosedAt    *time.Time    `bson:"closed_at,omitempty"`
	CreatedAt   time.Time     `bson:"created_at"`
	UpdatedAt   time.Time     `bson:"updated_at"`
	UpdatedBy   string        `bson:"updated_by,omitempty"`
}

type planItemDoc struct {
	Questionnaire string        `bson:"questionnaire"`
	Item          string        `bson:"item"`
	Action        string        `bson:"action"`
	Owner         string        `bson:"owner,omitempty"`
	Due           string        `bson:"due,omitempty"`
	Status        string        `bson:"status"`
	Points        *float64      `bson:"points,omitempty"`
	Target        float64       `bson:"target"`
	Links         []string      `bson:"links"`
	History       []planStepDoc `bson:"history,omitempty"`
}

type planStepDoc struct {
	Campaign string   `bson:"campaign"`
	Status   string   `bson:"status"`
	Points   *float64 `bson:"points,omitempty"`
	Target   float64  `bson:"target"`
	Action   string   `bson:"action"`
}

func fromPlan(p *survey.ActionPlan) *planDoc {
	d := &planDoc{ID: p.ID, Campaign: p.Campaign, Association: p.Association, Items: []planItemDoc{},
		Revision: p.Revision, ClosedAt: p.ClosedAt, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
	for _, it := range p.Items {
		links := it.Links
		if links == nil {
			links = []string{}
		}
		id := planItemDoc{Questionnaire: it.Questionnaire, Item: it.Item, Action: it.Action, Owner: it.Owner, Due: it.Due,
			Status: string(it.Status), Points: it.Points, Target: it.Target, Links: links}
		for _, h := range it.History {
			id.History = append(id.History, planStepDoc{Campaign: h.Campaign, Status: string(h.Status), Points: h.Points,
				Target: h.Target, Action: h.Action})
		}
		d.Items = append(d.Items, id)
	}
	return d
}

func (d *planDoc) toPlan() *survey.ActionPlan {
	p := &survey.ActionPlan{ID: d.ID, Campaign: d.Campaign, Association: d.Association, Items: []survey.PlanItem{},
		Revision: d.Revision, ClosedAt: utcPtr(d.ClosedAt), CreatedAt: utc(d.CreatedAt), UpdatedAt: utc(d.UpdatedAt), UpdatedBy: d.UpdatedBy}
	for _, id := range d.Items {
		it := survey.PlanItem{Questionnaire: id.Questionnaire, Item: id.Item, Action: id.Action, Owner: id.Owner, Due: id.Due,
			Status: survey.PlanStatus(id.Status), Points: id.Points, Target: id.Target, Links: id.Links}
		if it.Links == nil {
			it.Links = []string{}
		}
		for _, h := range id.History {
			it.History = append(it.History, survey.PlanStep{Campaign: h.Campaign, Status: survey.PlanStatus(h.Status), Points: h.Points,
				Target: h.Target, Action: h.Action})
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// GetPlan reads one plan by id.
func (s *Store) GetPlan(ctx context.Context, id string) (*survey.ActionPlan, error) {
	var d planDoc
	if err := s.findOne(ctx, collPlans, id, &d); err != nil {
		return nil, storeErr(err, "get plan %s", id)
	}
	return d.toPlan(), nil
}

// InsertPlan inserts a plan (survey.ErrConflict when the id exists).
func (s *Store) InsertPlan(ctx context.Context, p *survey.ActionPlan) error {
	return storeErr(s.insert(ctx, collPlans, fromPlan(p)), "insert plan %s", p.ID)
}

// ReplacePlan overwrites a plan if its stored revision is expected.
func (s *Store) ReplacePlan(ctx context.Context, p *survey.ActionPlan, expected int64) error {
	return s.replaceRevised(ctx, collPlans, p.ID, fromPlan(p), expected, "replace plan "+p.ID)
}

// ListPlans returns a campaign's plans, by id.
func (s *Store) ListPlans(ctx context.Context, campaign string) ([]*survey.ActionPlan, error) {
	out, err := findAll(ctx, s.db.Collection(collPlans), bson.D{{Key: "campaign", Value: campaign}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), (*planDoc).toPlan)
	return out, storeErr(err, "list plans of %q", campaign)
}
