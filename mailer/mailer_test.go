package mailer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/mailer"
	"github.com/assocbench/assocbench/mailer/mailtest"
)

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		url, from string
		ok        bool
	}{
		{"smtp://u:p@mail.example.org:2525", "assocbench@mail.example.org", true},
		{"smtps://mail.example.org?from=wg@example.org", "wg@example.org", true},
		{"http://mail.example.org", "", false},
		{"smtp://", "", false},
		{"smtp://mail.example.org?from=not%20an%20address", "", false},
		{"smtp://u:secret@host:port:x\x7f", "", false},
	} {
		s, err := mailer.New(tc.url)
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("New(%q): the error %q shows the password", tc.url, err)
		}
		if (err == nil) != tc.ok {
			t.Errorf("New(%q): err = %v, want ok %v", tc.url, err, tc.ok)
			continue
		}
		if tc.ok && s.From() != tc.from {
			t.Errorf("New(%q).From() = %q, want %q", tc.url, s.From(), tc.from)
		}
	}
}

// TestSend sends through a local SMTP server and reads the message back:
// sender, recipients, credentials, subject and body (non-ASCII, with a
// long line and a line starting with a dot) arrive as sent.
func TestSend(t *testing.T) {
	srv, err := mailtest.NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := mailer.New(srv.URL("wg", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	body := "Chères et chers collègues,\n\n" + strings.Repeat("très long ", 20) + "\n.point\nفريق العمل"
	m := mailer.Message{To: []string{"a@example.org", "b@example.org"}, Subject: "Rappel : campagne 2026\r\nBcc: x@evil.example", Body: body}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages received, want 1", len(got))
	}
	r := got[0]
	if r.From != "reminders@assocbench.example.org" || strings.Join(r.To, ",") != "a@example.org,b@example.org" || r.Auth != "wg:s3cret" {
		t.Errorf("envelope from %q to %q auth %q", r.From, r.To, r.Auth)
	}
	if r.Subject != "Rappel : campagne 2026  Bcc: x@evil.example" {
		t.Errorf("subject %q", r.Subject)
	}
	if strings.Contains(r.Raw, "\nBcc:") {
		t.Error("a line break in the subject made a header")
	}
	if strings.TrimRight(r.Body, "\n") != body {
		t.Errorf("body %q, want %q", r.Body, body)
	}
	if err := s.Send(context.Background(), mailer.Message{To: []string{"Jo <jo@example.org>"}}); err == nil {
		t.Error("a recipient with a display name: no error")
	}
	if err := s.Send(context.Background(), mailer.Message{}); err == nil {
		t.Error("no recipient: no error")
	}
}
