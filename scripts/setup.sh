#!/usr/bin/env bash
# Everything a fresh machine with only Node 20 and npm needs: pnpm, the
# workspace's dependencies (exactly as locked) and a build of every package.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  # corepack's pnpm fails its signature check on some machines; npm's works.
  echo "setup: installing pnpm with npm" >&2
  npm install -g pnpm@12 >&2
fi

pnpm install --frozen-lockfile
pnpm run build
