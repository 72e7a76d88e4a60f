package main

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// runEnv runs one command line in-process with the given environment.
func runEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code := run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

var reState = regexp.MustCompile(`\((?:[^,()]+), (not started|drafts|submitted)\): \S+/s/abk_`)

// TestServeDemoInterrupted cancels the first start in the middle of the
// seed (as Ctrl-C does): nothing secret is printed, and the next start on
// the same data dir finishes the seed and prints fresh sign-in secrets
// that work, with one invitation per state; the start after that prints
// none, and the CLI issues new ones with the server stopped.
func TestServeDemoInterrupted(t *testing.T) {
	dir := t.TempDir()
	vars := e2eEnv(t)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--demo", "--demo-associations", "12"}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	seen := 0
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] },
		seeded: func(done, _ int) {
			seen = done
			if done == 5 {
				cancel()
			}
		}}
	if code := run(ctx, args, e); code == exitOK {
		t.Fatalf("an interrupted seed returned %d; stdout:\n%s", code, out.String())
	}
	if seen != 5 || strings.Contains(out.String(), "abk_") {
		t.Fatalf("interrupted at %d associations (want 5); stdout:\n%s", seen, out.String())
	}
	if !strings.Contains(out.String(), "demo: seeding 12 associations") {
		t.Errorf("the seed does not say what it does before it starts:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "demo: 5 of 12 associations seeded") && !strings.Contains(errb.String(), "demo: 4 of 12 associations seeded") {
		t.Errorf("no progress on stderr:\n%s", errb.String())
	}

	s := startServe(t, vars, args[1:]...)
	got := s.stdout.String()
	m := reAnalyst.FindStringSubmatch(got)
	a := reAdmin.FindStringSubmatch(got)
	if m == nil || a == nil {
		t.Fatalf("the second start printed no analyst or administrator token:\n%s", got)
	}
	states := map[string]bool{}
	for _, st := range reState.FindAllStringSubmatch(got, -1) {
		states[st[1]] = true
	}
	if len(states) != 3 {
		t.Errorf("invitations for %v, want one not started, one with drafts and one submitted:\n%s", states, got)
	}
	s.expect(t, http.StatusOK, nil, "GET", "/api/v1/associations", a[1], nil, nil)
	s.expect(t, http.StatusOK, nil, "GET", "/api/v1/campaigns", m[1], nil, nil)
	for _, link := range reLink.FindAllString(got, -1) {
		s.expect(t, http.StatusOK, nil, "GET", "/api/v1/campaigns", strings.TrimPrefix(link, "/s/"), nil, nil)
	}
	if code := s.stop(t); code != exitOK {
		t.Fatalf("serve returned %d", code)
	}

	s = startServe(t, vars, args[1:]...)
	if got := s.stdout.String(); strings.Contains(got, "abk_") || !strings.Contains(got, "tokens create") {
		t.Errorf("the third start printed a token or no way to get one:\n%s", got)
	}
	s.stop(t)

	// recovering access with the server stopped
	code, tok, stderr := runEnv(t, vars, "tokens", "create", "--role", "admin", "--data-dir", dir)
	admin := regexp.MustCompile(`admin token \(shown once, store it now\): (abk_\S+)`).FindStringSubmatch(tok)
	if code != exitOK || admin == nil {
		t.Fatalf("tokens create: %d %q %s", code, tok, stderr)
	}
	code, inv, stderr := runEnv(t, vars, "invite", "ar-national-1", "--data-dir", dir, "--base-url", "https://bench.example.org/")
	if code == exitOK || !strings.Contains(stderr, "ar-national-1") {
		t.Errorf("invite of an unknown association: %d %q %s", code, inv, stderr)
	}
	s = startServe(t, vars, args[1:]...)
	var as struct {
		Associations []struct {
			ID string `json:"id"`
		} `json:"associations"`
	}
	s.expect(t, http.StatusOK, &as, "GET", "/api/v1/associations", admin[1], nil, nil)
	s.stop(t)
	if len(as.Associations) == 0 {
		t.Fatal("no associations")
	}
	code, inv, stderr = runEnv(t, vars, "invite", as.Associations[0].ID, "--data-dir", dir, "--base-url", "https://bench.example.org/")
	link := regexp.MustCompile(`: https://bench\.example\.org/s/(abk_\S+)`).FindStringSubmatch(inv)
	if code != exitOK || link == nil {
		t.Fatalf("invite: %d %q %s", code, inv, stderr)
	}
	for _, bad := range [][]string{{"tokens", "create", "--role", "association"}, {"tokens", "create"}, {"invite"}} {
		if code, _, _ := runEnv(t, vars, append(bad, "--data-dir", dir)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
	s = startServe(t, vars, args[1:]...)
	s.expect(t, http.StatusOK, nil, "GET", "/api/v1/campaigns", link[1], nil, nil)
	s.stop(t)
}

// TestServeBusyPort checks that a first start that cannot listen issues
// no administrator token, so that the next start prints one.
func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	vars := e2eEnv(t)
	code, out, stderr := runEnv(t, vars, "serve", "--addr", ln.Addr().String(), "--data-dir", dir)
	if code == exitOK || !strings.Contains(stderr, "listen on") || strings.Contains(out, "abk_") {
		t.Fatalf("serve on a busy port: %d\n%s\n%s", code, out, stderr)
	}
	s := startServe(t, vars, "--addr", "127.0.0.1:0", "--data-dir", dir)
	a := reAdmin.FindStringSubmatch(s.stdout.String())
	if a == nil {
		t.Fatalf("the start after a busy port printed no administrator token:\n%s", s.stdout.String())
	}
	s.expect(t, http.StatusOK, nil, "GET", "/api/v1/associations", a[1], nil, nil)
	s.stop(t)
}
