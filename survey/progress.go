package survey

import (
	"context"
	"fmt"
	"strings"
)

// Where an association stands in a campaign.
const (
	ProgressNotStarted = "not_started"
	ProgressDrafts     = "drafts"
	ProgressSubmitted  = "submitted"
)

// ProgressRow is where one association stands in a campaign: the status
// of each questionnaire it saved (absent: not started) and the whole.
type ProgressRow struct {
	Association *Association
	Status      map[string]ResponseStatus
	// State is ProgressNotStarted, ProgressDrafts or ProgressSubmitted.
	State string
}

// Progress is a campaign's progress, association by association, in the
// directory's order (administrators: it names every association).
type Progress struct {
	Campaign *Campaign
	Rows     []ProgressRow
}

// Count returns how many rows are in state.
func (pr *Progress) Count(state string) int {
	n := 0
	for _, r := range pr.Rows {
		if r.State == state {
			n++
		}
	}
	return n
}

// CampaignProgress returns who has not started, who has drafts and who
// has submitted every questionnaire of a campaign; region, when not
// empty, keeps the associations of one region.
func (s *Service) CampaignProgress(ctx context.Context, p Principal, campaign, region string) (*Progress, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	as, err := s.store.ListAssociations(ctx, AssociationFilter{Region: region})
	if err != nil {
		return nil, fmt.Errorf("list associations: %w", err)
	}
	status := map[string]map[string]ResponseStatus{}
	err = s.store.StreamResponses(ctx, ResponseFilter{Campaign: campaign}, func(r *Response) error {
		if status[r.Association] == nil {
			status[r.Association] = map[string]ResponseStatus{}
		}
		status[r.Association][r.Questionnaire] = r.Status
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("responses of %s: %w", campaign, err)
	}
	out := &Progress{Campaign: c, Rows: make([]ProgressRow, 0, len(as))}
	for _, a := range as {
		st := status[a.ID]
		out.Rows = append(out.Rows, ProgressRow{Association: a, Status: st, State: progressState(c, st)})
	}
	return out, nil
}

func progressState(c *Campaign, st map[string]ResponseStatus) string {
	if len(st) == 0 {
		return ProgressNotStarted
	}
	for _, k := range c.Questionnaires {
		if st[questionnaireID(k)] != StatusSubmitted {
			return ProgressDrafts
		}
	}
	return ProgressSubmitted
}

// questionnaireID is the id of a campaign's questionnaire key (id or id@version).
func questionnaireID(key string) string {
	id, _, _ := strings.Cut(key, "@")
	return id
}
