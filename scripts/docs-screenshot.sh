#!/usr/bin/env bash
# Serves the built docs site (docs/.vitepress/dist, from pnpm docs:build) on a free loopback port,
# renders the home page in headless Chromium and checks the rendering: the DOM holds the site's
# title and tagline, and the screenshot (.cache/docs-home.png) is not blank.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f docs/.vitepress/dist/index.html ]; then
  echo "docs-screenshot: docs/.vitepress/dist is missing: run pnpm docs:build first" >&2
  exit 1
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
pnpm exec vitepress preview docs --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port/"
for _ in $(seq 100); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"; then break; fi
  sleep 0.2
done

mkdir -p .cache
shot="$PWD/.cache/docs-home.png"
rm -f "$shot"
chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,900
  --virtual-time-budget=5000)
"${chrome[@]}" --screenshot="$shot" "$url" >/dev/null 2>&1
dom=$("${chrome[@]}" --dump-dom "$url" 2>/dev/null)
for text in 'multi-tier-cache' 'A hybrid cache for Node.js'; do
  if ! grep -qF "$text" <<<"$dom"; then
    echo "docs-screenshot: the home page's DOM lacks \"$text\"" >&2
    exit 1
  fi
done
node scripts/png-is-not-blank.mjs "$shot"
echo "docs-screenshot: home page renders ($shot)"
