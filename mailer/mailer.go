// Package mailer sends plain-text e-mail through an SMTP server named by
// a URL (ASSOCBENCH_SMTP_URL): smtp://user:password@host:587 (STARTTLS
// whenever the server offers it, and required before any password is
// sent to a host other than the loopback one) or smtps://…:465 (TLS from
// the first byte). The query may set from= (the sender address; default
// assocbench@HOST). It uses net/smtp of the standard library and imports
// nothing of assocbench.
package mailer

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Message is one e-mail: plain text in UTF-8.
type Message struct {
	To      []string
	Subject string
	Body    string
}

// Sender sends messages through one SMTP server.
type Sender struct {
	addr     string // host:port
	host     string
	implicit bool // smtps: TLS from the first byte
	user     string
	password string
	from     string
	// TLSConfig, when set, replaces the default TLS configuration (tests).
	TLSConfig *tls.Config
	// Timeout bounds one Send (default 30 s).
	Timeout time.Duration
}

// New reads an smtp:// or smtps:// URL.
func New(raw string) (*Sender, error) {
	u, err := url.Parse(raw)
	if err != nil { // not wrapped: the error would repeat the password
		return nil, errors.New("smtp url: not a URL such as smtp://user:password@host:587")
	}
	s := &Sender{host: u.Hostname(), Timeout: 30 * time.Second}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		s.implicit = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("smtp url: scheme %q: want smtp or smtps", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("smtp url: no host")
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	s.from = u.Query().Get("from")
	if s.from == "" {
		s.from = "assocbench@" + s.host
	}
	if _, err := mail.ParseAddress(s.from); err != nil {
		return nil, fmt.Errorf("smtp url: from %q: %w", s.from, err)
	}
	return s, nil
}

// From is the sender address.
func (s *Sender) From() string { return s.from }

// Send delivers one message to its recipients.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if len(m.To) == 0 {
		return errors.New("send mail: no recipient")
	}
	for _, to := range m.To {
		if a, err := mail.ParseAddress(to); err != nil || a.Address != to {
			return fmt.Errorf("send mail: recipient %q is not a bare address", to)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	c, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("send mail via %s: %w", s.addr, err)
	}
	defer c.Close()
	if err := s.deliver(c, m); err != nil {
		return fmt.Errorf("send mail via %s: %w", s.addr, err)
	}
	return nil
}

// dial connects and says hello, with TLS as the URL asks.
func (s *Sender) dial(ctx context.Context) (*smtp.Client, error) {
	d := &net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	cfg := s.TLSConfig
	if cfg == nil {
		cfg = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	if s.implicit {
		conn = tls.Client(conn, cfg)
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := c.Hello("localhost"); err != nil {
		c.Close()
		return nil, err
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicit {
		if err := c.StartTLS(cfg); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func (s *Sender) deliver(c *smtp.Client, m Message) error {
	if s.user != "" {
		// PlainAuth itself refuses to send the password without TLS
		// unless the server is on the loopback address.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.password, s.host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(s.from); err != nil {
		return err
	}
	for _, to := range m.To {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("recipient %s: %w", to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(s.compose(m)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// compose writes the message: headers (the subject encoded as RFC 2047
// words, no line break of the caller's kept in a header) and the body
// quoted-printable.
func (s *Sender) compose(m Message) []byte {
	var b strings.Builder
	var id [12]byte
	_, _ = rand.Read(id[:])
	oneLine := strings.NewReplacer("\r", " ", "\n", " ")
	fmt.Fprintf(&b, "From: %s\r\n", s.from)
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(m.To, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", oneLine.Replace(m.Subject)))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), s.host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")))
	_ = qp.Close()
	b.WriteString("\r\n")
	return []byte(b.String())
}
