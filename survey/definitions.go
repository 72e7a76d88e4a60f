package survey

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// Questionnaire returns a definition by key (id@version), or the latest
// version of an id when ref has no "@". Uploaded definitions are read
// from the store once and kept.
func (s *Service) Questionnaire(ctx context.Context, ref string) (*questionnaires.Questionnaire, error) {
	if !strings.Contains(ref, "@") {
		return s.latest(ctx, ref)
	}
	s.defsMu.RLock()
	q := s.defs[ref]
	s.defsMu.RUnlock()
	if q != nil {
		return q, nil
	}
	sq, err := s.store.GetQuestionnaire(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("questionnaire %s: %w", ref, err)
	}
	q, err = questionnaires.Load(sq.Key+".yaml", sq.Source)
	if err != nil {
		return nil, fmt.Errorf("stored questionnaire %s no longer loads: %w", ref, err)
	}
	s.defsMu.Lock()
	s.defs[ref] = q
	s.defsMu.Unlock()
	return q, nil
}

// Questionnaires lists every known definition (built-in and uploaded), by id then version.
func (s *Service) Questionnaires(ctx context.Context) ([]*questionnaires.Questionnaire, error) {
	stored, err := s.store.ListQuestionnaires(ctx)
	if err != nil {
		return nil, fmt.Errorf("list questionnaires: %w", err)
	}
	for _, sq := range stored {
		if _, err := s.Questionnaire(ctx, sq.Key); err != nil {
			s.log.Warn("stored questionnaire skipped", "key", sq.Key, "err", err)
		}
	}
	s.defsMu.RLock()
	out := make([]*questionnaires.Questionnaire, 0, len(s.defs))
	for _, q := range s.defs {
		out = append(out, q)
	}
	s.defsMu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return versionLess(out[i].Version, out[j].Version)
	})
	return out, nil
}

func (s *Service) latest(ctx context.Context, id string) (*questionnaires.Questionnaire, error) {
	all, err := s.Questionnaires(ctx)
	if err != nil {
		return nil, err
	}
	var best *questionnaires.Questionnaire
	for _, q := range all {
		if q.ID == id {
			best = q // sorted by version: the last wins
		}
	}
	if best == nil {
		return nil, fmt.Errorf("questionnaire %s: %w", id, ErrNotFound)
	}
	return best, nil
}

// versionLess orders versions by their dot-separated parts, numerically where both are numbers.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		var na, nb int
		_, ea := fmt.Sscanf(pa[i], "%d", &na)
		_, eb := fmt.Sscanf(pb[i], "%d", &nb)
		if ea == nil && eb == nil && na != nb {
			return na < nb
		}
		return pa[i] < pb[i]
	}
	return len(pa) < len(pb)
}

// UploadQuestionnaire validates and stores a definition (administrators).
// Problems come back as a ValidationError whose fields are "LINE: PATH".
// A key (id@version) that exists already is ErrConflict: versions are immutable.
func (s *Service) UploadQuestionnaire(ctx context.Context, p Principal, file string, src []byte) (*questionnaires.Questionnaire, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	q, err := questionnaires.Load(file, src)
	var de *questionnaires.DefinitionError
	if errors.As(err, &de) {
		ve := &ValidationError{Message: "the questionnaire definition has errors", Fields: map[string]string{}}
		for _, pr := range de.Problems {
			key := fmt.Sprintf("%d", pr.Line)
			if pr.Path != "" {
				key += ": " + pr.Path
			}
			if prev, ok := ve.Fields[key]; ok {
				ve.Fields[key] = prev + "; " + pr.Message
			} else {
				ve.Fields[key] = pr.Message
			}
		}
		return nil, ve
	}
	if err != nil {
		return nil, fmt.Errorf("load questionnaire: %w", err)
	}
	s.defsMu.RLock()
	_, exists := s.defs[q.Key()]
	s.defsMu.RUnlock()
	if exists {
		return nil, fmt.Errorf("questionnaire %s exists; versions are immutable, upload a new version: %w", q.Key(), ErrConflict)
	}
	sq := &StoredQuestionnaire{Key: q.Key(), ID: q.ID, Version: q.Version, Source: src, UploadedAt: s.Now(), UploadedBy: p.Token}
	if err := s.store.PutQuestionnaire(ctx, sq); err != nil {
		return nil, fmt.Errorf("store questionnaire %s: %w", q.Key(), err)
	}
	s.defsMu.Lock()
	s.defs[q.Key()] = q
	s.defsMu.Unlock()
	s.audit(ctx, p, ActionUpload, q.Key(), "")
	return q, nil
}
