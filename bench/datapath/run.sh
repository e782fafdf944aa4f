#!/usr/bin/env bash
# Data-path benchmark (bench/README.md): builds in Release, starts its own throw-away topology and prints figures.
# BENCH_WARMUP_SECONDS (5) and BENCH_SECONDS (10) set each load cell's warm-up and measured window.
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/prerequisites.sh
dotnet build bench/MyElectricalData.Bench.DataPath -c Release -v q -nologo
exec dotnet bench/MyElectricalData.Bench.DataPath/bin/Release/net10.0/MyElectricalData.Bench.DataPath.dll "$@"
