#!/usr/bin/env bash
# Runs the browser tests (tests/Contrevue.BrowserTests) against Debian's Chromium, never a downloaded browser.
# Installs what they need outside NuGet: the chromium package (when missing and run as root, as in CI)
# and axe-core from the committed package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  else
    echo "Debian's chromium is missing: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
npm ci --prefix tests/Contrevue.BrowserTests --no-audit --no-fund
dotnet test tests/Contrevue.BrowserTests "$@"
