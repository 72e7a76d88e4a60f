package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// tcpListener is a listening TCP socket of this process.
type tcpListener struct {
	file  string // /proc/self/net/tcp or tcp6
	local string // local address as the kernel prints it, e.g. 0100007F:1F90
	port  int
	inode string
}

// ownTCPListeners returns the listening TCP sockets (IPv4 and IPv6) that
// belong to this process: /proc/self/net/tcp{,6} lists those of the whole
// network namespace, so each one's inode is looked up among this process's
// file descriptors (/proc/self/fd/N -> socket:[inode]).
func ownTCPListeners(t *testing.T) []tcpListener {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	own := map[string]bool{}
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, "socket:[") {
			own[strings.TrimSuffix(strings.TrimPrefix(target, "socket:["), "]")] = true
		}
	}
	var out []tcpListener
	for _, name := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		f, err := os.Open(name)
		if err != nil {
			if name == "/proc/self/net/tcp" {
				t.Skipf("cannot list TCP sockets: %v", err)
			}
			continue // no IPv6
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			// sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode ...
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" { // 0A: TCP_LISTEN
				continue
			}
			if !own[fields[9]] {
				continue
			}
			_, hexPort, ok := strings.Cut(fields[1], ":")
			port, err := strconv.ParseUint(hexPort, 16, 16)
			if !ok || err != nil {
				t.Fatalf("%s: cannot read local address %q", name, fields[1])
			}
			out = append(out, tcpListener{file: name, local: fields[1], port: int(port), inode: fields[9]})
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		f.Close()
	}
	return out
}

// checkOnlyHTTPListener fails t unless the process listens on exactly one
// TCP socket, the HTTP server's at addr: the embedded database must have
// no network listener.
func checkOnlyHTTPListener(t *testing.T, addr string) {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	want, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	got := ownTCPListeners(t)
	if len(got) == 1 && got[0].port == want {
		return
	}
	var desc []string
	for _, l := range got {
		desc = append(desc, fmt.Sprintf("%s port %d (%s, inode %s)", l.file, l.port, l.local, l.inode))
	}
	t.Errorf("the process listens on %d TCP sockets %v, want exactly one: the HTTP server's port %d", len(got), desc, want)
}

// TestOwnTCPListeners checks the check: a listener opened here is found.
func TestOwnTCPListeners(t *testing.T) {
	before := len(ownTCPListeners(t))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got := ownTCPListeners(t)
	if len(got) != before+1 {
		t.Fatalf("%d listening sockets with one more open, want %d: %+v", len(got), before+1, got)
	}
	port := l.Addr().(*net.TCPAddr).Port
	found := false
	for _, s := range got {
		found = found || s.port == port
	}
	if !found {
		t.Errorf("listener on port %d not among %+v", port, got)
	}
}
