#!/usr/bin/env bash
# The test command: installs what the tests need, then type-checks, lints and runs every test
# (data tests on SQLite and on a throwaway PostgreSQL, browser tests in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Cài Chromium (Debian) cho kiểm thử trình duyệt…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi

npm ci --no-audit --no-fund
npm run typecheck
npm run lint
npx vitest run "$@"
