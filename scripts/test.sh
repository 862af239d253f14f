#!/usr/bin/env bash
# Runs every check and test on a fresh machine that has only Node.js and this checkout:
# installs pnpm, redis-server/redis-sentinel/memcached and chromium (Debian) and the workspace,
# then builds, lints, type-checks, runs all tests against real servers on the Node.js on PATH and
# again on Node.js 22 and 24, checks the published packages (publint, are-the-types-wrong, the
# release plan, CommonJS and ESM consumers of the packed tarballs), builds the docs site with its
# screenshot check and runs the examples. The last line is the total over the Node.js lines.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_servers
ensure_chromium
install_workspace

pnpm run build
pnpm run lint
pnpm run typecheck
status=0
reports=()

# vitest under one node binary; its workers run on the same binary.
run_tests() {
  local node=$1 report
  report=$(mktemp)
  reports+=("$("$node" --version)=$report")
  echo "== tests on Node.js $("$node" --version)"
  "$node" node_modules/vitest/vitest.mjs run --reporter=default --reporter=json \
    --outputFile.json="$report" "${@:2}" || status=$?
}

run_tests node
node22=$(node_line 22)
node24=$(node_line 24)
# Types do not change with the Node.js line: the other lines skip vitest's type tests.
run_tests "$node22" --typecheck.enabled=false
run_tests "$node24" --typecheck.enabled=false
# The staleness invariants across three processes with every server up, pattern invalidations
# on; the faulted soak (`pnpm soak`) still finds violations during Redis outages (see
# tools/soak/README.md), so it is not a gate yet.
pnpm soak --seconds 60 --faults off || status=$?

pnpm run publint
bash scripts/check-release-plan.sh || status=$?
CONSUMER_NODES="node $node22 $node24" bash tools/consumer-check/run.sh || status=$?
pnpm run docs:build || status=$?
bash scripts/docs-screenshot.sh || status=$?
pnpm run examples || status=$?
node scripts/test-summary.mjs "${reports[@]}"
exit "$status"
