#!/usr/bin/env bash
# Set up from scratch, then run the main demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
node examples/dist/demo.js
