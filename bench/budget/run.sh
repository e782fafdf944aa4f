#!/usr/bin/env bash
# Upstream rate under a backlog: N API replicas (default 2) and the worker share Enedis' 5 calls/s.
# Usage: bench/budget/run.sh [replicas] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/prerequisites.sh
dotnet build -c Release bench/MyElectricalData.Bench.Budget -v quiet -nologo
dotnet run -c Release --no-build --project bench/MyElectricalData.Bench.Budget -- "$@"
