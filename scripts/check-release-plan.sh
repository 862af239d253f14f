#!/usr/bin/env bash
# Fails when the pending changesets would release any package at 1.0.0 or above: the packages are
# 0.x, and a breaking change there is a minor.
set -euo pipefail
cd "$(dirname "$0")/.."
plan=$(mktemp)
trap 'rm -f "$plan"' EXIT
pnpm exec changeset status --output="$plan" >/dev/null
node -e '
  const { releases } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const major = releases.filter((r) => r.type !== "none" && !r.newVersion.startsWith("0."));
  for (const r of releases) if (r.type !== "none") console.log(`release plan: ${r.name} ${r.oldVersion} -> ${r.newVersion}`);
  if (major.length > 0) {
    console.error(`release plan leaves 0.x: ${major.map((r) => `${r.name}@${r.newVersion}`).join(", ")}`);
    process.exit(1);
  }
' "$plan"
