#!/usr/bin/env bash
# Installs redis-server, redis-sentinel, redis-cli and memcached from Debian's packages when missing
# (as root or through sudo). The tests start their own servers on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_servers
