#!/usr/bin/env bash
# The data-source tests start two real ClickHouse servers (never a mock):
# Debian's clickhouse-server (18.16) or a current release's `clickhouse`
# binary. Install Debian's with apt when none is there and we can.
set -euo pipefail
if [ -n "${CLICKHOUSE_SERVER:-}" ] || [ -x /usr/sbin/clickhouse-server ] || [ -x /usr/bin/clickhouse-server ] \
  || command -v clickhouse-server >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing Debian's clickhouse-server for the data-source tests" >&2
  apt-get update -qq >&2
  # The package would start a system-wide server; the tests start their own on loopback ports.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends clickhouse-server >&2
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet clickhouse-server 2>/dev/null; then systemctl stop clickhouse-server >&2 || true; fi
else
  echo "test: clickhouse-server is missing; install it (sudo apt-get install clickhouse-server) to run the data-source tests" >&2
  exit 2
fi
