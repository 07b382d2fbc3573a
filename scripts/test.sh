#!/usr/bin/env bash
# The whole test suite from a fresh clone: set up, typecheck (library, tests,
# examples, benchmarks, playground), build, the playground's end-to-end test in
# Debian's Chromium, Debian's ClickHouse server for the data-source tests
# (which start two of them on loopback ports), then every vitest suite
# (including the one that runs the built examples under plain node), whose
# summary closes the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm exec tsc -p tsconfig.test.json
pnpm --filter @chainrule/playground typecheck
bash scripts/ensure-chromium.sh
pnpm --filter @chainrule/playground e2e
bash scripts/ensure-clickhouse.sh
pnpm exec vitest run
