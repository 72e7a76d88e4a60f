// Package mailtest runs a small SMTP server for tests (as net/http/httptest
// does for HTTP): it speaks enough SMTP (EHLO, AUTH PLAIN, MAIL, RCPT,
// DATA, RSET, NOOP, QUIT) to receive messages and keeps them, decoded.
package mailtest

import (
	"bufio"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
)

// Received is one message the server received.
type Received struct {
	From    string
	To      []string
	Auth    string // "user:password" of AUTH PLAIN, "" without
	Subject string // decoded
	Body    string // decoded
	Raw     string
}

// Server is a running test SMTP server.
type Server struct {
	Addr string // 127.0.0.1:PORT
	ln   net.Listener
	mu   sync.Mutex
	msgs []Received
	wg   sync.WaitGroup
}

// NewServer listens on a free loopback port and serves until Close.
func NewServer() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.serve(conn) }()
		}
	}()
	return s, nil
}

// URL is the smtp:// URL of the server with the given credentials.
func (s *Server) URL(user, password string) string {
	return "smtp://" + user + ":" + password + "@" + s.Addr + "?from=reminders@assocbench.example.org"
}

// Messages returns the messages received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Close stops the server and waits for its connections to end.
func (s *Server) Close() {
	_ = s.ln.Close()
	s.wg.Wait()
}

func (s *Server) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(line string) { _, _ = io.WriteString(conn, line+"\r\n") }
	say("220 mailtest ready")
	var cur Received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			say("250-mailtest\r\n250-AUTH PLAIN\r\n250 8BITMIME")
		case "AUTH":
			f := strings.Fields(line)
			if len(f) == 3 && strings.EqualFold(f[1], "PLAIN") {
				b, _ := base64.StdEncoding.DecodeString(f[2])
				parts := strings.Split(string(b), "\x00")
				if len(parts) == 3 {
					cur.Auth = parts[1] + ":" + parts[2]
				}
				say("235 authenticated")
			} else {
				say("504 only AUTH PLAIN with an initial response")
			}
		case "MAIL":
			cur.From = addr(line)
			say("250 ok")
		case "RCPT":
			cur.To = append(cur.To, addr(line))
			say("250 ok")
		case "DATA":
			say("354 end with a dot")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Raw = data.String()
			cur.Subject, cur.Body = decode(cur.Raw)
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			cur = Received{Auth: cur.Auth}
			say("250 queued")
		case "RSET", "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

// addr reads the address of "MAIL FROM:<a>" or "RCPT TO:<a>".
func addr(line string) string {
	i, j := strings.IndexByte(line, '<'), strings.IndexByte(line, '>')
	if i < 0 || j < i {
		return ""
	}
	return line[i+1 : j]
}

// decode reads the subject and the body of a message.
func decode(raw string) (subject, body string) {
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return "", ""
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	var rd io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		rd = quotedprintable.NewReader(m.Body)
	}
	b, _ := io.ReadAll(rd)
	return subject, strings.ReplaceAll(string(b), "\r\n", "\n")
}
