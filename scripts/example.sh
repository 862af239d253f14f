#!/usr/bin/env bash
# Runs examples/basic end to end on a fresh machine that has only Node.js and this checkout.
# Uses REDIS_URL when it is set; otherwise installs redis-server if needed and starts one on a
# free port for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [ -z "${REDIS_URL:-}" ]; then ensure_servers; fi
install_workspace
pnpm --filter @multi-tier-cache/examples run basic
