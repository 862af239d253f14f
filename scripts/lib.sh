# Shared by scripts/test.sh and scripts/example.sh: installs what a fresh machine lacks.
set -euo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; return 1; fi
}

# redis-server, redis-sentinel, redis-cli and memcached from Debian's packages, when missing.
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
  # Debian starts the services it installs; the tests start their own on free ports.
  if command -v systemctl >/dev/null 2>&1; then
    as_root systemctl stop redis-server memcached redis-sentinel >/dev/null 2>&1 || true
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
