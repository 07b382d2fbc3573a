#!/usr/bin/env bash
# The whole test suite from a fresh clone: set up, typecheck (library, tests,
# examples, benchmarks), build, then every vitest suite, including the one that
# runs the built examples under plain node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm exec tsc -p tsconfig.test.json
pnpm exec vitest run
