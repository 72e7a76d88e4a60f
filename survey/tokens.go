package survey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// TokenPrefixRaw starts every raw token, so that secret scanners can find leaked ones.
const TokenPrefixRaw = "abk_"

// HashToken returns the hex SHA-256 of a raw token: its storage key.
func HashToken(raw string) string {
	h := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(h[:])
}

// newRawToken returns a token with 256 random bits.
func newRawToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // cannot happen on supported platforms
	}
	return TokenPrefixRaw + base64.RawURLEncoding.EncodeToString(b[:])
}

// TokenRequest describes a token to issue.
type TokenRequest struct {
	Role        Role          `json:"role"`
	Association string        `json:"association,omitempty"`
	Label       string        `json:"label,omitempty"`
	TTL         time.Duration `json:"-"`
}

// IssueToken creates a token (administrators). The raw token is returned
// once and never stored.
func (s *Service) IssueToken(ctx context.Context, p Principal, req TokenRequest) (string, *Token, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return "", nil, err
	}
	fe := fieldErrors{}
	if !req.Role.Valid() {
		fe.add("role", "must be admin, analyst or association")
	}
	if req.Role == RoleAssociation {
		if _, err := s.store.GetAssociation(ctx, req.Association); err != nil {
			fe.add("association", "no association %q", truncate(req.Association, 64))
		}
	} else if req.Association != "" {
		fe.add("association", "only association tokens are scoped to an association")
	}
	if req.Label != "" {
		if m := validText(req.Label, 100); m != "" {
			fe.add("label", "%s", m)
		}
	}
	if req.TTL < 0 || req.TTL > 3*365*24*time.Hour {
		fe.add("ttl", "must be at most 3 years")
	}
	if err := fe.err("invalid token request"); err != nil {
		return "", nil, err
	}
	ttl := req.TTL
	if ttl == 0 {
		ttl = s.tokenTTL
	}
	raw := newRawToken()
	now := s.Now()
	t := &Token{Hash: HashToken(raw), Role: req.Role, Association: req.Association, Label: req.Label,
		CreatedAt: now, CreatedBy: p.Token, ExpiresAt: now.Add(ttl)}
	if err := s.store.InsertToken(ctx, t); err != nil {
		return "", nil, fmt.Errorf("store token: %w", err)
	}
	s.audit(ctx, p, ActionTokenIssue, t.Prefix(), string(t.Role)+" "+t.Association)
	return raw, t, nil
}

// Authenticate resolves a raw token to its principal. Unknown, revoked
// and expired tokens are ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, raw string) (Principal, error) {
	if raw == "" || len(raw) > 200 {
		return Principal{}, ErrUnauthenticated
	}
	t, err := s.store.GetToken(ctx, HashToken(raw))
	switch {
	case IsNotFound(err):
		return Principal{}, ErrUnauthenticated
	case err != nil:
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	case t.RevokedAt != nil, !s.Now().Before(t.ExpiresAt):
		return Principal{}, ErrUnauthenticated
	}
	if t.Role == RoleRater {
		if t.Rater == nil {
			return Principal{}, ErrUnauthenticated
		}
		return Principal{Role: RoleRater, Rater: *t.Rater, Token: t.Prefix()}, nil
	}
	return Principal{Role: t.Role, Association: t.Association, Token: t.Prefix()}, nil
}

// RevokeToken revokes the token whose hash starts with prefix
// (administrators; at least 8 hex digits, and it must name one token).
func (s *Service) RevokeToken(ctx context.Context, p Principal, prefix string) error {
	if err := requireRole(p, RoleAdmin); err != nil {
		return err
	}
	prefix = strings.ToLower(prefix)
	if len(prefix) < 8 || len(prefix) > 64 || strings.Trim(prefix, "0123456789abcdef") != "" {
		return invalid("prefix", "must be 8 to 64 hex digits of the token's hash")
	}
	ts, err := s.store.FindTokens(ctx, prefix)
	if err != nil {
		return fmt.Errorf("find token: %w", err)
	}
	switch len(ts) {
	case 0:
		return fmt.Errorf("token %s: %w", prefix, ErrNotFound)
	case 1:
	default:
		return invalid("prefix", "matches %d tokens; give more digits", len(ts))
	}
	if err := s.store.RevokeToken(ctx, ts[0].Hash, s.Now()); err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	s.audit(ctx, p, ActionTokenRevoke, ts[0].Prefix(), "")
	return nil
}

// ListTokens lists tokens, without secrets (administrators).
func (s *Service) ListTokens(ctx context.Context, p Principal, association string) ([]*Token, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.ListTokens(ctx, association)
}

// EnsureToken stores a given raw token for a role when no token with its
// hash exists: the bootstrap administrator token of ASSOCBENCH_ADMIN_TOKEN
// and the demo's tokens. It reports whether it was created.
func (s *Service) EnsureToken(ctx context.Context, raw string, role Role, association, label string) (bool, error) {
	if len(raw) < 24 {
		return false, invalid("token", "must be at least 24 characters")
	}
	h := HashToken(raw)
	if _, err := s.store.GetToken(ctx, h); err == nil {
		return false, nil
	} else if !IsNotFound(err) {
		return false, fmt.Errorf("look up token: %w", err)
	}
	now := s.Now()
	t := &Token{Hash: h, Role: role, Association: association, Label: label, CreatedAt: now, CreatedBy: System.Token,
		ExpiresAt: now.Add(10 * 365 * 24 * time.Hour)}
	if err := s.store.InsertToken(ctx, t); err != nil {
		return false, fmt.Errorf("store token: %w", err)
	}
	s.audit(ctx, System, ActionTokenIssue, t.Prefix(), string(role)+" "+association)
	return true, nil
}

// BootstrapAdmin makes sure an administrator can sign in: when no live
// administrator token exists it issues one and returns it (to be printed
// once); otherwise it returns "".
func (s *Service) BootstrapAdmin(ctx context.Context) (string, error) {
	ts, err := s.store.ListTokens(ctx, "")
	if err != nil {
		return "", fmt.Errorf("list tokens: %w", err)
	}
	now := s.Now()
	for _, t := range ts {
		if t.Role == RoleAdmin && t.RevokedAt == nil && now.Before(t.ExpiresAt) {
			return "", nil
		}
	}
	raw, _, err := s.IssueToken(ctx, System, TokenRequest{Role: RoleAdmin, Label: "bootstrap administrator", TTL: 365 * 24 * time.Hour})
	return raw, err
}
