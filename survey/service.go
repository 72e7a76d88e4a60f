package survey

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
)

// Options configure a Service.
type Options struct {
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Logger receives the service's logs (slog.Default when nil).
	Logger *slog.Logger
	// TokenTTL is the default lifetime of an issued token (180 days when zero).
	TokenTTL time.Duration
	// Hooks observe domain events (metrics); nil fields are skipped.
	Hooks Hooks
}

// Hooks let the caller observe domain events, e.g. to count them.
type Hooks struct {
	Submitted func(campaign, questionnaire string)
	Exported  func(kind string)
}

// Service applies the business rules over a Store.
type Service struct {
	store    Store
	now      func() time.Time
	log      *slog.Logger
	tokenTTL time.Duration
	hooks    Hooks

	defsMu sync.RWMutex
	defs   map[string]*questionnaires.Questionnaire // key -> definition (built-in and uploaded)

	locks    keyedMutex   // per response id: serialises submit and save in this process
	cache    resultsCache // benchmark inputs per campaign generation
	assocs   assocCache   // recently read associations
	consents consentCache // who shares with the working group, per campaign
	releases releaseCache // the releases read or built, per campaign
	// mentoring holds the latest matches per campaign and role.
	mentoring cacheMap[mentoringEntry]
}

// NewService returns a Service over store with the built-in questionnaires registered.
func NewService(store Store, o Options) (*Service, error) {
	s := &Service{store: store, now: o.Now, log: o.Logger, tokenTTL: o.TokenTTL, hooks: o.Hooks,
		defs: map[string]*questionnaires.Questionnaire{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.tokenTTL == 0 {
		s.tokenTTL = 180 * 24 * time.Hour
	}
	lib, err := questionnaires.Library()
	if err != nil {
		return nil, fmt.Errorf("load built-in questionnaires: %w", err)
	}
	for _, q := range lib {
		s.defs[q.Key()] = q
	}
	return s, nil
}

// Store returns the underlying store.
func (s *Service) Store() Store { return s.store }

// Now returns the service's clock reading in UTC, to the millisecond:
// what the database keeps, so that a replayed answer equals the first.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

var reSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// ValidSlug reports whether id can name an association or a campaign.
func ValidSlug(id string) bool { return reSlug.MatchString(id) }

// audit records an event; a failure is logged, not returned, because the
// action itself succeeded.
func (s *Service) audit(ctx context.Context, p Principal, action, target, detail string) {
	e := &AuditEvent{At: s.Now(), Actor: p.Token, Role: p.Role, Action: action, Target: target, Detail: detail}
	if err := s.store.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log.Error("audit event not recorded", "action", action, "target", target, "err", err)
	}
}

// Audit returns audit events (administrators only).
func (s *Service) Audit(ctx context.Context, p Principal, f AuditFilter) ([]*AuditEvent, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	return s.store.ListAudit(ctx, f)
}

// RecordExport audits an export and notifies the hook.
func (s *Service) RecordExport(ctx context.Context, p Principal, kind, target string) {
	s.audit(ctx, p, ActionExport, target, kind)
	if s.hooks.Exported != nil {
		s.hooks.Exported(kind)
	}
}

// requireRole allows only the given roles. An association asking for
// something of another role gets ErrNotFound (no hint that it exists);
// an analyst gets ErrForbidden.
func requireRole(p Principal, roles ...Role) error {
	for _, r := range roles {
		if p.Role == r {
			return nil
		}
	}
	switch p.Role {
	case "":
		return ErrUnauthenticated
	case RoleAssociation, RoleRater:
		return ErrNotFound
	}
	return fmt.Errorf("role %s may not do this: %w", p.Role, ErrForbidden)
}

// canSeeAssociation allows administrators, analysts and the association itself.
func canSeeAssociation(p Principal, id string) error {
	switch p.Role {
	case RoleAdmin, RoleAnalyst:
		return nil
	case RoleAssociation:
		if p.Association == id {
			return nil
		}
		return fmt.Errorf("association %s: %w", id, ErrNotFound)
	case RoleRater:
		return fmt.Errorf("association %s: %w", id, ErrNotFound)
	}
	return ErrUnauthenticated
}

// canTouchResponse allows administrators and the association itself:
// analysts never see single associations' raw answers.
func canTouchResponse(p Principal, association string) error {
	switch p.Role {
	case RoleAdmin:
		return nil
	case RoleAssociation:
		if p.Association == association {
			return nil
		}
		return fmt.Errorf("response: %w", ErrNotFound)
	case RoleAnalyst:
		return fmt.Errorf("analysts see aggregates, not single responses: %w", ErrForbidden)
	case RoleRater:
		return fmt.Errorf("response: %w", ErrNotFound)
	}
	return ErrUnauthenticated
}

// keyedMutex serialises work per key.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	sync.Mutex
	refs int
}

func (k *keyedMutex) lock(key string) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}

// SetHooks sets the observers of domain events; call it before serving.
func (s *Service) SetHooks(h Hooks) { s.hooks = h }

// cacheMap is a small concurrency-safe map of cached values by key.
type cacheMap[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

func (c *cacheMap[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *cacheMap[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]V{}
	}
	c.m[key] = v
}

// reset drops every entry.
func (c *cacheMap[V]) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}

func (c *cacheMap[V]) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}
