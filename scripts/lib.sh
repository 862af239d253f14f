# Shared by scripts/test.sh and scripts/example.sh: installs what a fresh machine lacks.
set -euo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; return 1; fi
}

# redis-server, redis-sentinel, redis-cli and memcached from Debian's packages, when missing.
# Services already running are left alone: the tests start their own servers on free ports.
ensure_servers() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-sentinel >/dev/null || missing+=(redis-sentinel)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v memcached >/dev/null || missing+=(memcached)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# pnpm at the version package.json pins, installed with npm when missing.
ensure_pnpm() {
  if ! command -v pnpm >/dev/null; then
    echo "installing pnpm"
    npm install -g pnpm@10 >/dev/null 2>&1 || as_root npm install -g pnpm@10 >/dev/null
  fi
}

install_workspace() {
  ensure_pnpm
  pnpm install --frozen-lockfile --reporter=silent
}

# The node binary of one Node.js major line, from the npm registry's node-linux-<arch> package,
# cached under .cache/node-<major> (ignored by git) so a second run downloads nothing.
node_line() {
  local major=$1 dir=".cache/node-$1" arch
  arch=$(node -p process.arch)
  local bin="$dir/node_modules/node-linux-$arch/bin/node"
  if [ ! -x "$bin" ]; then
    echo "installing Node.js $major (node-linux-$arch) into $dir" >&2
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-$arch@$major" >/dev/null
  fi
  echo "$PWD/$bin"
}

# Chromium from Debian's packages, for the docs screenshot check, when missing.
ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    echo "installing chromium from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
  fi
}
