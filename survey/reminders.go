package survey

import "context"

// ActionRemind records a reminder e-mailed to an association.
const ActionRemind = "reminder.send"

// RecordReminder audits a reminder of campaign sent to an association's
// contact address (administrators; others are refused and nothing is
// recorded). detail says how it went ("sent", or the error).
func (s *Service) RecordReminder(ctx context.Context, p Principal, campaign, association, detail string) error {
	if err := requireRole(p, RoleAdmin); err != nil {
		return err
	}
	s.audit(ctx, p, ActionRemind, campaign+"/"+association, truncate(detail, 300))
	return nil
}
