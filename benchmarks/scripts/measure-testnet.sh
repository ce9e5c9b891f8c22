#!/usr/bin/env bash
# One load-tool run against node0 of a fresh local 4-validator testnet (4 JVMs on this machine).
# Usage: benchmarks/scripts/measure-testnet.sh LABEL [extra bench args...]
#   e.g. benchmarks/scripts/measure-testnet.sh t1 --txs 50000 --senders 500
# Env: OUT (default /tmp/bench-net), BASE_PORT (27656), TIMEOUT_COMMIT (1s), VALIDATORS (4),
#      MAX_BLOCK_TXS (the testnet default when unset),
#      MERCATO_OPTS for each node (default -Xmx768m -XX:+UseParallelGC),
#      WARMUP_TXS=N first sends N transfers (not measured) so the nodes' JIT is warm, as in a long-running network,
#      JFR=1 records each node's measured run with JFR's profile settings into $OUT/LABEL/nodeI.jfr,
#      KEEP=1 leaves the network running afterwards (pids in $OUT/LABEL/pids; stop them yourself).
# Prints the tool's report, each node's CPU for the run and height, and the commit-log lines of node0.
# The same report is written to $OUT/LABEL/report.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
label="$1"; shift
out="${OUT:-/tmp/bench-net}/$label"; rm -rf "$out"; mkdir -p "$out"
exec > >(tee "$out/report.txt") 2>&1 # the whole report is kept beside the run's logs
base="${BASE_PORT:-27656}"; n="${VALIDATORS:-4}"; tc="${TIMEOUT_COMMIT:-1s}"
opts="${MERCATO_OPTS:--Xmx768m -XX:+UseParallelGC}"
if ss -ltn | grep -q ":$((base + 1)) "; then echo "port $((base + 1)) is in use (an earlier network still running?)"; exit 1; fi
"$root/bin/mercato" testnet --validators "$n" --out "$out/net" --base-port "$base" --timeout-commit "$tc" \
  ${MAX_BLOCK_TXS:+--max-block-txs "$MAX_BLOCK_TXS"} >/dev/null 2>&1
pids=()
for i in $(seq 0 $((n - 1))); do
  MERCATO_OPTS="$opts -Xlog:gc:file=$out/gc-node$i.log" "$root/bin/mercato" node --home "$out/net/node$i" > "$out/node$i.log" 2>&1 &
  pids+=($!)
done
echo "${pids[*]}" > "$out/pids"
[ "${KEEP:-0}" = 1 ] || trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true' EXIT # not a bare wait: the report's tee is a child too
rpc() { curl -s -m2 -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"; }
height() { local h; h=$(rpc "$1" eth_blockNumber | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p'); if [ -n "$h" ]; then echo $((16#$h)); else echo '?'; fi; }
port0=$((base + 1))
# Wait until every node answers and the chain has committed at least 2 blocks.
for i in $(seq 0 $((n - 1))); do until rpc $((base + 2 * i + 1)) eth_blockNumber >/dev/null; do sleep 0.2; done; done
deadline=$((SECONDS + ${START_TIMEOUT:-120}))
until h=$(height $port0); [ "$h" != '?' ] && [ "$h" -ge 2 ]; do
  if [ $SECONDS -ge $deadline ]; then
    echo "no block 2 after ${START_TIMEOUT:-120} s (height $h); WARN/ERROR lines:"; grep -hE ' (WARN|ERROR) ' "$out"/node*.log | head -20; exit 1
  fi
  sleep 0.2
done
if [ "${WARMUP_TXS:-0}" -gt 0 ]; then
  # A validator network runs for days: warm its JIT with a first load so the measured run is its steady state.
  echo "warm-up: ${WARMUP_TXS} transfers from ${WARMUP_SENDERS:-500} fresh senders (not measured)"
  env -u MERCATO_OPTS "$root/bin/mercato" bench transfers --rpc "http://127.0.0.1:$port0" --txs "$WARMUP_TXS" \
    --senders "${WARMUP_SENDERS:-500}" --timeout 120 2>&1 | grep -E '^transfers|sustained' || true
fi
if [ "${JFR:-0}" = 1 ]; then
  # Profile the measured run only (after start-up and warm-up): one recording per node.
  for i in $(seq 0 $((n - 1))); do jcmd "${pids[$i]}" JFR.start name=run settings=profile filename="$out/node$i.jfr" >/dev/null; done
fi
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# bin/mercato execs java, so each pid is its JVM.
echo "== $label  $n validators, timeout_commit $tc, max_block_txs ${MAX_BLOCK_TXS:-default}, node opts: $opts  $(git -C "$root" rev-parse --short HEAD)  $(date -u +%FT%TZ)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)   height before: $(height $port0)"
# Per-thread CPU, grouped by thread name with digits dropped (p2p-worker-3 -> p2p-worker-).
. "$root/benchmarks/scripts/cpu-by-thread.sh"
c0=(); for p in "${pids[@]}"; do c0+=("$(ticks "$p")"); done
for i in $(seq 0 $((n - 1))); do threads "${pids[$i]}" > "$out/threads-before-$i"; done
env -u MERCATO_OPTS "$root/bin/mercato" bench transfers --rpc "http://127.0.0.1:$port0" "$@" 2>&1 | grep -v ' INFO '
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 0 $((n - 1))); do
  p=${pids[$i]}
  echo "node$i: CPU during the run $(( ($(ticks "$p") - ${c0[$i]}) * 1000 / hz )) ms, height $(height $((base + 2 * i + 1))), GC pauses $(awk '/Pause/ {gsub("ms","",$NF); s+=$NF; n++} END {printf "%d / %.0f ms", n, s}' "$out/gc-node$i.log")"
done
echo "gossip since start (received / duplicate / added / sent / announced / requested), from each node's /metrics:"
for i in $(seq 0 $((n - 1))); do
  m=$(curl -s -m2 "http://127.0.0.1:$((base + 2 * n + i))/metrics" | grep '^mercato_p2p_gossip_transactions_total')
  g() { echo "$m" | sed -n "s/.*event=\"$1\".* \([0-9.E]*\)$/\1/p" | awk '{printf "%d", $1}'; }
  echo "  node$i: $(g received) / $(g duplicate) / $(g added) / $(g sent) / $(g announced) / $(g requested)"
done
echo "CPU by thread during the run (ms; node0 node1 ...):"
for i in $(seq 0 $((n - 1))); do threads "${pids[$i]}" > "$out/threads-after-$i"; done
for i in $(seq 0 $((n - 1))); do join -a1 -e0 -o 0,1.2,2.2 "$out/threads-after-$i" "$out/threads-before-$i" | awk -v i=$i '{print $1, i, $2-$3}'; done \
  | awk -v hz="$hz" '{v[$1]=v[$1] sprintf(" %6d", $3*1000/hz); t[$1]+=$3} END {for (k in v) printf "%8d %-28s%s\n", t[k]*1000/hz, k, v[k]}' | sort -rn | head -14
if [ "${JFR:-0}" = 1 ]; then
  for i in $(seq 0 $((n - 1))); do jcmd "${pids[$i]}" JFR.stop name=run >/dev/null; done; echo "JFR recordings: $out/node*.jfr"
fi
echo "node0 log lines with WARN/ERROR: $(grep -cE ' (WARN|ERROR) ' "$out/node0.log" || true)"
