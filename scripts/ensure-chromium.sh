#!/usr/bin/env bash
# The playground's end-to-end test drives Debian's Chromium (never a browser
# downloaded by a tool). Install it with apt when it is missing and we can.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing Debian's chromium for the playground's end-to-end test" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
else
  echo "test: /usr/bin/chromium is missing; install it (sudo apt-get install chromium) to run the playground's end-to-end test" >&2
  exit 2
fi
