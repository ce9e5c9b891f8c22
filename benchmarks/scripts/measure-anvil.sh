#!/usr/bin/env bash
# One load-tool run against a fresh Anvil (1 s blocks, 1e9 gas limit, Hardhat mnemonic's 20 accounts).
# Usage: ANVIL=/path/to/anvil benchmarks/scripts/measure-anvil.sh LABEL [extra bench args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
label="$1"; shift
out="${OUT:-/tmp/bench}"; mkdir -p "$out"
port="${PORT:-18546}"
anvil="${ANVIL:-/work/tools/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}"
"$anvil" --host 127.0.0.1 --port "$port" --accounts 20 --block-time 1 --gas-limit 1000000000 --hardfork cancun \
  > "$out/anvil-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -s -m1 -H 'Content-Type: application/json' --data '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' "http://127.0.0.1:$port" >/dev/null; do sleep 0.1; done
ticks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
echo "== $label  $("$anvil" --version | head -1)  $(date -u +%FT%TZ)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(ticks)
"$root/bin/mercato" bench transfers --rpc "http://127.0.0.1:$port" "$@" 2>&1 | grep -v ' INFO '
c1=$(ticks)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "anvil CPU during the run (funding + load): $(( (c1 - c0) * 1000 / hz )) ms; RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$pid/status)"
