package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestReadyURL(t *testing.T) {
	tests := []struct {
		addr, want string
		wantErr    bool
	}{
		{addr: "0.0.0.0:8080", want: "http://127.0.0.1:8080/readyz"},
		{addr: ":9000", want: "http://127.0.0.1:9000/readyz"},
		{addr: "[::]:8080", want: "http://[::1]:8080/readyz"},
		{addr: "127.0.0.1:8080", want: "http://127.0.0.1:8080/readyz"},
		{addr: "app.internal:80", want: "http://app.internal:80/readyz"},
		{addr: "8080", wantErr: true},
	}
	for _, tt := range tests {
		got, err := readyURL(tt.addr)
		if (err != nil) != tt.wantErr {
			t.Errorf("readyURL(%q) error = %v, want error: %v", tt.addr, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("readyURL(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	var ready atomic.Bool
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" || !ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"status":"ready"}`))
	}))
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/readyz"
	dead.Close()

	tests := []struct {
		name  string
		args  []string
		vars  map[string]string
		ready bool
		want  int
	}{
		{name: "url ready", args: []string{"--url", ts.URL + "/readyz"}, ready: true, want: exitOK},
		{name: "url not ready", args: []string{"--url", ts.URL + "/readyz"}, ready: false, want: exitFail},
		{name: "wrong path", args: []string{"--url", ts.URL + "/nothing"}, ready: true, want: exitFail},
		{name: "from ASSOCBENCH_ADDR", vars: map[string]string{"ASSOCBENCH_ADDR": addr}, ready: true, want: exitOK},
		{name: "nobody listening", args: []string{"--url", deadURL, "--timeout", "2s"}, ready: true, want: exitFail},
		{name: "stray argument", args: []string{"now"}, ready: true, want: exitUsage},
		{name: "bad timeout", args: []string{"--timeout", "0s"}, ready: true, want: exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ready.Store(tt.ready)
			var out, errs strings.Builder
			e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errs,
				getenv: func(k string) string { return tt.vars[k] }}
			if got := run(context.Background(), append([]string{"healthcheck"}, tt.args...), e); got != tt.want {
				t.Errorf("healthcheck %v = exit %d, want %d; stdout %q, stderr %q", tt.args, got, tt.want, out.String(), errs.String())
			}
		})
	}
}
