#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (FUZZTIME, default 30s).
set -euo pipefail
t="${FUZZTIME:-30s}"
go test ./generator/... -list 'Fuzz.*' 2>/dev/null | grep -E '^Fuzz' >/dev/null || true
for pkg in $(go list ./generator/...); do
  for f in $(go test "$pkg" -list 'Fuzz.*' 2>/dev/null | grep -E '^Fuzz' || true); do
    echo "== $pkg $f ($t)"
    go test "$pkg" -run '^$' -fuzz "^$f\$" -fuzztime "$t"
  done
done
