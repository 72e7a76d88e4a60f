#!/usr/bin/env bash
# Runs staticcheck (pinned as a tool in go.mod) over the module and fails
# on every finding that is not in staticcheck-baseline.txt, and on every
# baseline line that staticcheck no longer reports (fix it, then delete
# the line). Findings are compared without their line and column.
set -euo pipefail
cd "$(dirname "$0")/../.."
baseline=internal/lint/staticcheck-baseline.txt
GO=${GO:-go}
status=0
out=$("$GO" tool staticcheck ./... 2>&1) || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  printf '%s\n' "$out"; echo "staticcheck failed to run (exit $status)"; exit "$status"
fi
found=$(printf '%s\n' "$out" | sed -E 's/^([^:]+):[0-9]+:[0-9]+: /\1: /' | grep -v '^$' | sort || true)
known=$(grep -v -e '^#' -e '^$' "$baseline" | sort || true)
new=$(comm -23 <(printf '%s\n' "$found") <(printf '%s\n' "$known") | grep -v '^$' || true)
gone=$(comm -13 <(printf '%s\n' "$found") <(printf '%s\n' "$known") | grep -v '^$' || true)
if [ -n "$new" ]; then
  echo "staticcheck findings:"; printf '%s\n' "$out" | grep -F -f <(printf '%s\n' "$new" | sed -E 's/^[^:]+: //') || printf '%s\n' "$new"
fi
if [ -n "$gone" ]; then
  echo "fixed, delete from $baseline:"; printf '%s\n' "$gone"
fi
[ -z "$new" ] && [ -z "$gone" ] || exit 1
echo "staticcheck: no new findings ($(printf '%s\n' "$known" | grep -c . || true) known, in $baseline)"
