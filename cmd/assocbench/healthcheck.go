package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealthcheck asks a running server whether it is ready and fails
// unless it answers 200. It is the container health check of the Docker
// image, whose final stage has no shell, curl or wget.
func runHealthcheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "healthcheck", "healthcheck [--url http://127.0.0.1:8080/readyz] [--timeout 5s]")
	url := fs.String("url", "", "URL to ask (default: /readyz on the port of ASSOCBENCH_ADDR, on the loopback address)")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("healthcheck takes no arguments")
	}
	if *timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	if *url == "" {
		u, err := readyURL(envOr(e, "ASSOCBENCH_ADDR", "127.0.0.1:8080"))
		if err != nil {
			return err
		}
		*url = u
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return usagef("--url: %v", err)
	}
	// No proxy: the server is asked directly, whatever HTTP_PROXY says.
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", *url, resp.Status)
	}
	fmt.Fprintf(e.stdout, "ok: %s answered %s\n", *url, resp.Status)
	return nil
}

// readyURL returns the readiness URL of a server listening on addr: a
// wildcard host (0.0.0.0, ::, empty) is asked on the loopback address.
func readyURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", usagef("listen address %q: %v", addr, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
