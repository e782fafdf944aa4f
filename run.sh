#!/usr/bin/env bash
# Runs the whole system: PostgreSQL, Redis, migrations, API, worker and (without Enedis credentials) the
# Enedis sandbox, through the AppHost. Ctrl+C stops everything. Extra arguments go to the AppHost.
set -euo pipefail
cd "$(dirname "$0")"
eng/prerequisites.sh
exec dotnet run --project src/MyElectricalData.AppHost -- "$@"
