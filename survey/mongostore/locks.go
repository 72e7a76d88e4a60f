package mongostore

import (
	"context"
	"sync"
)

// keyedLock is a set of mutexes, one per key, that exist only while held or
// waited for. Lock waits respect the context.
type keyedLock struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

// keyedEntry is the mutex of one key: a channel holding a token while the
// key is locked, and the number of holders and waiters.
type keyedEntry struct {
	ch   chan struct{}
	refs int
}

// lock locks key and returns the function that unlocks it, or ctx's error
// if ctx ends first.
func (k *keyedLock) lock(ctx context.Context, key string) (unlock func(), err error) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyedEntry{}
	}
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{ch: make(chan struct{}, 1)}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()

	select {
	case e.ch <- struct{}{}:
		return func() {
			<-e.ch
			k.release(key, e)
		}, nil
	case <-ctx.Done():
		k.release(key, e)
		return nil, ctx.Err()
	}
}

// release drops one reference to key's entry, removing it with the last.
func (k *keyedLock) release(key string, e *keyedEntry) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e.refs--
	if e.refs == 0 {
		delete(k.m, key)
	}
}

// size returns the number of keys with an entry (for tests).
func (k *keyedLock) size() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}
