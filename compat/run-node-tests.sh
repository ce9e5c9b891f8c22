#!/usr/bin/env bash
# Runs the ethers v6 wallet-compatibility suite against the node at MERCATO_RPC_URL
# (default http://127.0.0.1:8545). Installs ethers from package-lock.json first, but only when
# compat/node_modules is missing or older than the lock file. npm's output goes to stderr, so
# stdout ends with the node test runner's summary; the exit code is the test runner's.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$dir/node_modules/.package-lock.json" # written by npm on every install
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
fi
# Explicit files rather than the directory: works with node 20 and with the glob-based
# argument handling of node 22+. Equivalent to `node --test compat/test/` on node 20.
exec node --test "$dir"/test/*.test.js
