#!/usr/bin/env bash
# Pre-warm benchmark: ./bench/prewarm/run.sh [PDLS=500] [INTERACTIVE_CALLS_PER_SECOND=1]
# Starts its own PostgreSQL, Redis and Enedis sandbox (throw-away, free ports), seeds PDLS consented meters,
# and prints the pre-warm's duration against calls / 5 per second, alone and beside interactive traffic.
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/prerequisites.sh
dotnet run -c Release --project bench/MyElectricalData.Bench.Prewarm -- "${1:-500}" "${2:-1}"
