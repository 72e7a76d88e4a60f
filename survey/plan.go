package survey

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assocbench/assocbench/questionnaires"
)

// PlanStatus is the state of one action-plan item.
type PlanStatus string

// Plan item statuses.
const (
	PlanPlanned    PlanStatus = "planned"
	PlanInProgress PlanStatus = "in_progress"
	PlanDone       PlanStatus = "done"
	PlanDropped    PlanStatus = "dropped"
)

// PlanStatuses are the statuses in order.
var PlanStatuses = []PlanStatus{PlanPlanned, PlanInProgress, PlanDone, PlanDropped}

// Open reports whether an item with this status moves forward into the
// next campaign's plan (planned, in progress).
func (s PlanStatus) Open() bool { return s == PlanPlanned || s == PlanInProgress }

// Limits of a plan.
const (
	MaxPlanItems = 50
	maxActionLen = 2000
	maxOwnerLen  = 200
)

// ActionPlan is an association's action plan for a campaign: score items of its
// scorecard it means to improve, each with an action, an owner, a due date,
// a status and a target. Stored as one document, _id "campaign/association",
// saved with revisions like a draft. A plan is closed (read-only) once the
// next campaign's plan has carried its open items forward; an
// administrator can reopen it.
type ActionPlan struct {
	ID          string     `json:"id"`
	Campaign    string     `json:"campaign"`
	Association string     `json:"association"`
	Items       []PlanItem `json:"items"`
	// Revision is 0 for a plan never saved, then 1, 2, ...
	Revision int64 `json:"revision"`
	// ClosedAt is set when the next campaign's plan carried this one over.
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	// UpdatedBy is the token prefix of the last writer.
	UpdatedBy string `json:"updated_by,omitempty"`
}

// PlanItem is one line of a plan: a scored question or indicator of one of
// the campaign's questionnaires.
type PlanItem struct {
	// Questionnaire and Item name the score item (a question or indicator id).
	Questionnaire string `json:"questionnaire"`
	Item          string `json:"item"`
	Action        string `json:"action"`
	// Owner is a name or a role (free text).
	Owner string `json:"owner,omitempty"`
	// Due is a date, YYYY-MM-DD ("" for none).
	Due    string     `json:"due,omitempty"`
	Status PlanStatus `json:"status"`
	// Points are the item's points on the association's scorecard when the
	// plan was saved (nil when the questionnaire is not submitted); set by
	// the server.
	Points *float64 `json:"points"`
	// Target is the points aimed at, 0-100.
	Target float64 `json:"target"`
	// Links are ids of approved entries of the good-practice library (at
	// most MaxPlanLinks); links to withdrawn entries are dropped when the
	// plan is read.
	Links []string `json:"links"`
	// History is the item's life in earlier campaigns' plans, oldest first
	// (carried over with it).
	History []PlanStep `json:"history,omitempty"`
}

// Key is the item's key "questionnaire/item".
func (it PlanItem) Key() string { return it.Questionnaire + "/" + it.Item }

// PlanStep is what an item was in an earlier campaign's plan.
type PlanStep struct {
	Campaign string     `json:"campaign"`
	Status   PlanStatus `json:"status"`
	Points   *float64   `json:"points"`
	Target   float64    `json:"target"`
	Action   string     `json:"action"`
}

// PlanID is a plan's storage id.
func PlanID(campaign, association string) string { return campaign + "/" + association }

// checkItems validates a plan's items against the campaign's scored
// questionnaires (by id), naming each bad field as items[i].field.
func checkItems(items []PlanItem, qs map[string]*questionnaires.Questionnaire, entries map[string]bool) error {
	fe := fieldErrors{}
	if len(items) > MaxPlanItems {
		fe.add("items", "at most %d items", MaxPlanItems)
		return fe.err("invalid plan")
	}
	seen := map[string]int{}
	for i, it := range items {
		f := func(name string) string { return fmt.Sprintf("items[%d].%s", i, name) }
		q := qs[it.Questionnaire]
		switch {
		case q == nil:
			fe.add(f("questionnaire"), "not a scored questionnaire of the campaign: %q", truncate(it.Questionnaire, 64))
		case !scoredItem(q, it.Item):
			fe.add(f("item"), "not a scored question or indicator of %s: %q", q.ID, truncate(it.Item, 64))
		}
		if j, dup := seen[it.Key()]; dup {
			fe.add(f("item"), "already planned in items[%d]", j)
		}
		seen[it.Key()] = i
		checkItemText(fe, f, it)
		checkLinks(fe, f, it, entries)
	}
	return fe.err("invalid plan")
}

// checkItemText checks an item's free fields.
func checkItemText(fe fieldErrors, f func(string) string, it PlanItem) {
	if strings.TrimSpace(it.Action) == "" {
		fe.add(f("action"), "required")
	} else if utf8.RuneCountInString(it.Action) > maxActionLen {
		fe.add(f("action"), "at most %d characters", maxActionLen)
	}
	if utf8.RuneCountInString(it.Owner) > maxOwnerLen {
		fe.add(f("owner"), "at most %d characters", maxOwnerLen)
	}
	if it.Due != "" {
		if _, err := time.Parse(time.DateOnly, it.Due); err != nil {
			fe.add(f("due"), "must be a date YYYY-MM-DD")
		}
	}
	if !validStatus(it.Status) {
		fe.add(f("status"), "must be one of planned, in_progress, done, dropped")
	}
	if !(it.Target >= 0 && it.Target <= 100) {
		fe.add(f("target"), "must be between 0 and 100")
	}
}

// MaxPlanLinks is how many library entries a plan item may link.
const MaxPlanLinks = 5

// checkLinks checks an item's links: distinct ids of approved entries
// of the good-practice library (entries).
func checkLinks(fe fieldErrors, f func(string) string, it PlanItem, entries map[string]bool) {
	if len(it.Links) > MaxPlanLinks {
		fe.add(f("links"), "at most %d library entries", MaxPlanLinks)
		return
	}
	for j, id := range it.Links {
		switch {
		case !entries[id]:
			fe.add(f(fmt.Sprintf("links[%d]", j)), "no approved entry %q in the good-practice library", truncate(id, 64))
		case slices.Contains(it.Links[:j], id):
			fe.add(f(fmt.Sprintf("links[%d]", j)), "entry %q linked twice", id)
		}
	}
}

func validStatus(s PlanStatus) bool {
	for _, v := range PlanStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// scoredItem reports whether id is a question or an indicator of q with
// a scoring method.
func scoredItem(q *questionnaires.Questionnaire, id string) bool {
	if qu := q.Question(id); qu != nil {
		return qu.Method() != questionnaires.MethodNone
	}
	if in := q.Indicator(id); in != nil {
		return in.Method() != questionnaires.MethodNone
	}
	return false
}
