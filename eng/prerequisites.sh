#!/usr/bin/env bash
# Makes sure this machine has what the AppHost and the tests start: the .NET SDK, PostgreSQL server
# binaries, redis-server and Chromium (the browser tests drive Debian's /usr/bin/chromium). Installs what
# is missing with apt when it can (root on Debian/Ubuntu), otherwise says exactly what to install.
# Idempotent and quiet when everything is there.
set -euo pipefail

need_apt=()

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  need_apt+=(redis-server)
fi

if ! command -v postgres >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  need_apt+=(postgresql)
fi

if ! command -v setpriv >/dev/null 2>&1; then
  need_apt+=(util-linux)
fi

# The tests (not ./run.sh) drive Debian's Chromium with Playwright (web pages, dashboard): Playwright cannot
# download a browser on these machines.
if [ "${1:-}" = "--tests" ] && [ ! -x /usr/bin/chromium ]; then
  need_apt+=(chromium)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need_apt[*]} with apt-get..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    # The AppHost runs its own servers on free ports; a distribution service left running would only get in the way.
    if command -v service >/dev/null 2>&1; then
      service redis-server stop >/dev/null 2>&1 || true
      service postgresql stop >/dev/null 2>&1 || true
    fi
  else
    echo "error: missing ${need_apt[*]}. Install with: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi
