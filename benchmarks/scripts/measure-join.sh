#!/usr/bin/env bash
# Late joiner: a fresh full node block-syncs the chain of a running testnet (left by
# `KEEP=1 measure-testnet.sh LABEL ...`) and reports how fast it replayed it.
# Usage: benchmarks/scripts/measure-join.sh DIR BASE_PORT     (DIR = $OUT/LABEL of measure-testnet.sh)
# Prints: blocks and transfers synced, wall time from the node's start to "blocksync: caught up", the
# same from its first applied block, the rate, and the load average. Stops the full node afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$1"; base="$2"
home="$dir/full"; rm -rf "$home"
"$root/bin/mercato" init --home "$home" --genesis "$dir/net/node0/genesis.json" >/dev/null 2>&1
peers=$(sed -n 's/^persistent_peers = \[\(.*\)\]$/\1/p' "$dir/net/node0/config.toml")
self=$(grep -o '"[0-9a-f]*@127.0.0.1:'"$base"'"' <<<"$(cat "$dir"/net/node*/config.toml)" | head -1)
[ -n "$self" ] && peers="$peers, $self"
rpc_port=$((base + 40))
sed -i -e "s/^port = 8545/port = $rpc_port/" -e "s/^port = 9545/port = $((base + 41))/" \
  -e "s/^listen = .*/listen = \"127.0.0.1:$((base + 42))\"/" -e "s/^persistent_peers = .*/persistent_peers = [$peers]/" \
  "$home/config.toml"
rpc() { curl -s -m2 -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"; }
head0=$(rpc $((base + 1)) eth_blockNumber | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p'); head0=$((16#$head0))
txs=0
for h in $(seq 1 "$head0"); do
  n=$(rpc $((base + 1)) eth_getBlockTransactionCountByNumber "\"$(printf '0x%x' "$h")\"" | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p')
  txs=$((txs + 16#${n:-0}))
done
echo "== late joiner on $dir: validators' head $head0 with $txs transactions; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s%N)
MERCATO_LOG_LEVEL=${MERCATO_LOG_LEVEL:-INFO} MERCATO_OPTS="${MERCATO_OPTS:--Xmx768m -XX:+UseParallelGC}" \
  "$root/bin/mercato" node --home "$home" > "$dir/full.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until grep -q "blocksync: caught up" "$dir/full.log"; do
  if ! kill -0 $pid 2>/dev/null; then echo "full node exited"; tail -20 "$dir/full.log"; exit 1; fi
  if [ $(( ($(date +%s%N) - start) / 1000000000 )) -gt 600 ]; then echo "not caught up in 600 s"; exit 1; fi
  sleep 0.1
done
end=$(date +%s%N)
line=$(grep "blocksync: caught up" "$dir/full.log" | head -1)
at=$(sed -n 's/.*caught up at \([0-9]*\).*/\1/p' <<<"$line")
synced=0
for h in $(seq 1 "$at"); do
  n=$(rpc $((base + 1)) eth_getBlockTransactionCountByNumber "\"$(printf '0x%x' "$h")\"" | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p')
  synced=$((synced + 16#${n:-0}))
done
ms=$(( (end - start) / 1000000 ))
# From the log: p2p up ("Validator network:") to caught up, so JVM start-up is not counted.
t() { sed -n 's/^\([0-9:.]*\) .*/\1/p' <<<"$1" | awk -F: '{printf "%d", ($1*3600+$2*60+$3)*1000}'; }
up=$(grep -m1 "Validator network:" "$dir/full.log")
lms=$(( $(t "$line") - $(t "$up") ))
echo "$line"
echo "synced $at blocks, $synced transactions: $ms ms from process start ($(( synced * 1000 / (ms > 0 ? ms : 1) )) tx/s);" \
  "$lms ms from p2p up to caught up ($(( synced * 1000 / (lms > 0 ? lms : 1) )) tx/s)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
