package httpx

import (
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiterSet keeps one token bucket per key, forgetting idle ones.
type limiterSet struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*limiterEntry
	swept time.Time
}

type limiterEntry struct {
	l    *rate.Limiter
	seen time.Time
}

func (ls *limiterSet) get(key string) *rate.Limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	now := time.Now()
	if ls.m == nil {
		ls.m = map[string]*limiterEntry{}
	}
	if now.Sub(ls.swept) > time.Minute {
		for k, e := range ls.m {
			if now.Sub(e.seen) > 10*time.Minute {
				delete(ls.m, k)
			}
		}
		ls.swept = now
	}
	e := ls.m[key]
	if e == nil {
		e = &limiterEntry{l: rate.NewLimiter(ls.limit, ls.burst)}
		ls.m[key] = e
	}
	e.seen = now
	return e.l
}

// allow takes one token for key, or says how long to wait.
func (ls *limiterSet) allow(key string) error {
	l := ls.get(key)
	r := l.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		secs := int(d/time.Second) + 1
		return &rateLimitError{retryAfter: secs}
	}
	return nil
}

// AllowAuthFailure counts a failed sign-in (a bad token in a form or an
// invitation link) against the client's address, and says 429 when the
// address is over its budget.
func (s *Server) AllowAuthFailure(c *gin.Context) error {
	return s.authLimits.allow(ClientAddr(c))
}

// AllowPublic counts a request to a page anyone may read without a token
// (the public report) against the client's address, and says 429 when
// the address is over its budget.
func (s *Server) AllowPublic(c *gin.Context) error {
	return s.publicLimits.allow(ClientAddr(c))
}
