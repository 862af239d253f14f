#!/usr/bin/env bash
# Packs every published package, installs the tarballs into a fresh project with npm (no registry
# publish), runs the README example through require() and through import (with the in-memory
# stores, and against a redis-server started here when one is installed), and type-checks a
# `module: commonjs` consumer and a `module: nodenext` one (.cts and .mts).
# CONSUMER_NODES lists the node binaries that run the examples (default: node on PATH).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
redis_pid=
cleanup() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/tarballs"
for dir in "$root"/packages/*/; do
  (cd "$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
for tarball in "$work"/tarballs/*.tgz; do
  if ! tar -tzf "$tarball" | grep -x 'package/LICENSE' >/dev/null; then
    echo "consumer-check: $(basename "$tarball") has no LICENSE" >&2
    exit 1
  fi
done

cp -r "$root/tools/consumer-check/consumer" "$work/consumer"
node "$root/tools/consumer-check/write-package-json.mjs" "$root" "$work/tarballs" >"$work/consumer/package.json"
(cd "$work/consumer" && npm install --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)

if command -v redis-server >/dev/null; then
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then break; fi
    sleep 0.1
  done
  export REDIS_URL="redis://127.0.0.1:$port"
fi

cd "$work/consumer"
./node_modules/.bin/tsc -p tsconfig.commonjs.json
./node_modules/.bin/tsc -p tsconfig.nodenext.json
for node in ${CONSUMER_NODES:-node}; do
  "$node" example.cjs
  "$node" example.mjs
  echo "consumer-check: CommonJS and ESM consumers of the packed tarballs pass on Node.js $("$node" --version)"
done
