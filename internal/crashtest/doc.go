// Package crashtest holds the crash-safety test of assocbench (issue 8):
// it builds the real binary, runs `assocbench serve` on the embedded
// database as a child process, drives concurrent draft saves and
// submissions through the JSON API, kills the server with SIGKILL at
// random moments, restarts it on the same data dir, replays every request
// whose answer was lost, and checks that nothing acknowledged was lost or
// applied twice. The package has no code outside its test; run it with
//
//	go test ./internal/crashtest/ -run Crash -v
//
// (it is skipped with -short).
package crashtest
