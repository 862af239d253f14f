#!/usr/bin/env bash
# Runs every check and test on a fresh machine that has only Node.js and this checkout:
# installs pnpm, redis-server/redis-sentinel/memcached (Debian) and the workspace, then builds,
# lints, type-checks, runs all tests against real servers, checks the published packages and
# runs the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_servers
install_workspace

pnpm run build
pnpm run lint
pnpm run typecheck
report=$(mktemp)
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" || status=$?
pnpm run publint
pnpm run examples || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report"
exit "$status"
