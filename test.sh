#!/usr/bin/env bash
# Runs every test: unit tests and integration tests over real PostgreSQL, Redis and the Enedis sandbox,
# which the test harness starts itself on free loopback ports. Extra arguments go to dotnet test
# (e.g. ./test.sh --filter "FullyQualifiedName~Foundation").
set -euo pipefail
cd "$(dirname "$0")"
eng/prerequisites.sh --tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# A test that hangs fails after 15 minutes (its name is reported) instead of holding the run until CI's limit.
dotnet test MyElectricalData.sln --nologo --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain summary line for any reader of the log: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       found = 1 }
     END { if (found) printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
