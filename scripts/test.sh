#!/usr/bin/env bash
# The whole test suite from a fresh clone: set up (install, build), typecheck
# (library, tests, tools, examples, benchmarks, playground), the API reference
# site (TypeDoc, failing on undocumented exports and broken links outside the
# packages tools/contracts.json reports only), the playground's end-to-end test
# in Debian's Chromium, Debian's ClickHouse server for the data-source tests
# (which start two of them on loopback ports), then every vitest suite, whose
# summary closes the run.
# The vitest run includes the contract checks of tools/: the dependency rules of
# docs/architecture.md, the executable documentation (every fenced @example and
# README `ts run` block typechecked and run, its `// =>` claims asserted), the
# browser bundle of the libraries' main entries, and the packed tarballs
# installed with npm into a fresh project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm exec tsc -p tsconfig.test.json
pnpm --filter @chainrule/playground typecheck
pnpm run docs
bash scripts/ensure-chromium.sh
pnpm --filter @chainrule/playground e2e
bash scripts/ensure-clickhouse.sh
pnpm exec vitest run
