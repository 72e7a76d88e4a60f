package survey

import (
	"context"
	"slices"
	"sync"
	"time"
)

// assocTTL bounds how long an association read from the store is reused.
// Writes through this service update the cache at once; a change made by
// another instance is seen within the TTL (peer attributes copied into a
// submission may lag by that much; profiles change rarely).
const assocTTL = 5 * time.Minute

// assocCache keeps recently read associations: submissions need them for
// their peer attributes, and a bulk ingest would otherwise read one per item.
type assocCache struct {
	mu sync.Mutex
	m  map[string]cachedAssoc
}

type cachedAssoc struct {
	a  *Association
	at time.Time
}

func cloneAssociation(a *Association) *Association {
	c := *a
	c.Languages = slices.Clone(a.Languages)
	c.MentoringOffers = slices.Clone(a.MentoringOffers)
	c.MentoringSeeks = slices.Clone(a.MentoringSeeks)
	return &c
}

func (c *assocCache) get(id string) *Association {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || time.Since(e.at) > assocTTL {
		return nil
	}
	return cloneAssociation(e.a)
}

func (c *assocCache) put(a *Association) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedAssoc{}
	}
	if len(c.m) > 200000 {
		clear(c.m)
	}
	c.m[a.ID] = cachedAssoc{a: cloneAssociation(a), at: time.Now()}
}

// association reads an association, from the cache when fresh.
func (s *Service) association(ctx context.Context, id string) (*Association, error) {
	if a := s.assocs.get(id); a != nil {
		return a, nil
	}
	a, err := s.store.GetAssociation(ctx, id)
	if err != nil {
		return nil, err
	}
	s.assocs.put(a)
	return a, nil
}

// associations reads several associations; missing ids are absent.
func (s *Service) associations(ctx context.Context, ids []string) (map[string]*Association, error) {
	out := make(map[string]*Association, len(ids))
	var missing []string
	for _, id := range ids {
		if a := s.assocs.get(id); a != nil {
			out[id] = a
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	got, err := s.store.GetAssociations(ctx, missing)
	if err != nil {
		return nil, err
	}
	for id, a := range got {
		s.assocs.put(a)
		out[id] = a
	}
	return out, nil
}
