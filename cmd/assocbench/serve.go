package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/assocbench/assocbench/api"
	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/mailer"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/web"
)

// newServer is the whole HTTP surface: the JSON API and the pages on one
// httpx.Server.
func newServer(svc *survey.Service, o httpx.Options, pages ...web.Option) (*httpx.Server, error) {
	srv, err := httpx.New(svc, o)
	if err != nil {
		return nil, fmt.Errorf("http server: %w", err)
	}
	api.Mount(srv)
	if err := web.Mount(srv, pages...); err != nil {
		return nil, fmt.Errorf("web pages: %w", err)
	}
	return srv, nil
}

func runServe(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "serve", "serve [--addr 127.0.0.1:8080] [--demo] [database flags]")
	fs.StringVar(&c.addr, "addr", envOr(e, "ASSOCBENCH_ADDR", "127.0.0.1:8080"), "listen address (env ASSOCBENCH_ADDR)")
	withDemo := fs.Bool("demo", false, "seed the demo data when the database is empty and print sign-in links")
	demoN := fs.Int("demo-associations", 150, "associations the demo creates")
	baseURL := fs.String("base-url", e.getenv("ASSOCBENCH_BASE_URL"), "public URL for invitation links (env ASSOCBENCH_BASE_URL; default: from the request)")
	everyFlag := fs.String("release-every", envOr(e, "ASSOCBENCH_RELEASE_EVERY", survey.DefaultReleaseEvery.String()),
		"how often an open campaign whose results changed gets a new release; 0: only when closed or published by hand (env ASSOCBENCH_RELEASE_EVERY)")
	proxies := fs.String("trusted-proxies", e.getenv("ASSOCBENCH_TRUSTED_PROXIES"), "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed (env ASSOCBENCH_TRUSTED_PROXIES)")
	smtpURL := fs.String("smtp-url", e.getenv("ASSOCBENCH_SMTP_URL"), "SMTP server that e-mails reminders, smtp://user:password@host:587?from=ADDRESS or smtps://...:465 (env ASSOCBENCH_SMTP_URL; empty: no e-mail)")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments")
	}
	var mail *mailer.Sender
	if *smtpURL != "" {
		m, err := mailer.New(*smtpURL)
		if err != nil {
			return usagef("--smtp-url: %v", err)
		}
		mail = m
	}
	every, err := time.ParseDuration(*everyFlag)
	if err != nil || every < 0 {
		return usagef("--release-every %q: want a duration such as 24h, 6h30m or 0", *everyFlag)
	}
	c.adminToken = e.getenv("ASSOCBENCH_ADMIN_TOKEN")
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	st, err := c.openStore(ctx, log)
	if err != nil {
		return err
	}
	defer closeStore(st, log)
	svc, err := survey.NewService(st, survey.Options{Logger: log})
	if err != nil {
		return err
	}
	var trusted []string
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			trusted = append(trusted, p)
		}
	}
	srv, err := newServer(svc, httpx.Options{Logger: log, BaseURL: *baseURL, Readiness: st.Ping, TrustedProxies: trusted}, web.WithMailer(mail))
	if err != nil {
		return err
	}
	svc.SetHooks(survey.Hooks{Submitted: srv.Submitted, Exported: srv.Exported})

	// listen first: a busy port fails before any secret is issued
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.addr, err)
	}
	defer ln.Close()
	url := "http://" + ln.Addr().String()
	if *baseURL != "" {
		url = *baseURL
	}
	if *withDemo {
		err = serveDemo(ctx, e, svc, st, *demoN, url, c.adminToken)
	} else {
		err = printAdmin(ctx, e, svc, c.adminToken)
	}
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go svc.LoadResults(ctx) // the results models, with progress in the log; readers meanwhile wait for theirs
	if every > 0 {
		go releaseSchedule(ctx, svc, every)
	}
	fmt.Fprintf(e.stdout, "assocbench listening on %s — sign in at %s/login (%s)\n", ln.Addr(), url, c.where())
	if e.ready != nil {
		e.ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// printAdmin registers ASSOCBENCH_ADMIN_TOKEN, or issues a first
// administrator token when no live one exists and prints it at once.
func printAdmin(ctx context.Context, e *env, svc *survey.Service, fromEnv string) error {
	if fromEnv != "" {
		if _, err := svc.EnsureToken(ctx, fromEnv, survey.RoleAdmin, "", "ASSOCBENCH_ADMIN_TOKEN"); err != nil {
			return fmt.Errorf("ASSOCBENCH_ADMIN_TOKEN: %w", err)
		}
		return nil
	}
	raw, err := svc.BootstrapAdmin(ctx)
	if err != nil {
		return fmt.Errorf("bootstrap administrator token: %w", err)
	}
	if raw != "" {
		fmt.Fprintf(e.stdout, "administrator token (shown once, store it now): %s\n", raw)
	}
	return nil
}

// releaseSchedule makes the releases that are due (survey.PublishDue):
// at start, then every tenth of the interval (at most every ten minutes),
// until ctx ends.
func releaseSchedule(ctx context.Context, svc *survey.Service, every time.Duration) {
	tick := min(every/10, 10*time.Minute)
	t := time.NewTicker(max(tick, time.Minute))
	defer t.Stop()
	for {
		svc.PublishDue(ctx, every)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
