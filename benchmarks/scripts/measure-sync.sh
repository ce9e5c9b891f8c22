#!/usr/bin/env bash
# Late-joiner replay rate: a one-validator testnet is loaded with transfers, then a fresh full node
# (same genesis, a key outside the validator set) joins with the validator as its only peer and
# block-syncs the whole chain, verifying every commit and executing every block.
# Usage: benchmarks/scripts/measure-sync.sh LABEL [extra bench args...]
#   e.g. benchmarks/scripts/measure-sync.sh s1 --txs 100000 --senders 1000
# Env: OUT (default /tmp/bench-sync), BASE_PORT (28656), MERCATO_OPTS for both nodes (default -Xmx1g -XX:+UseParallelGC),
#   JOINER_OPTS for the joiner only (default MERCATO_OPTS; e.g. add -XX:StartFlightRecording=filename=/tmp/j.jfr,settings=profile).
# Prints the load run, the chain's height and transfer count, and the joiner's sync time and rate (transfers/s),
# counted from the joiner's first RPC answer (JVM start-up excluded) to reaching the validator's height,
# and the joiner process's CPU time over the same interval per transfer (less sensitive to the neighbours' load);
# the same for the second half of the chain alone (most of the JIT compilation happens in the first).
# The same report is written to $OUT/LABEL/report.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
label="$1"; shift
out="${OUT:-/tmp/bench-sync}/$label"; rm -rf "$out"; mkdir -p "$out"
exec > >(tee "$out/report.txt") 2>&1 # the whole report is kept beside the run's logs
base="${BASE_PORT:-28656}"
opts="${MERCATO_OPTS:--Xmx1g -XX:+UseParallelGC}"
jopts="${JOINER_OPTS:-$opts}"
for p in "$base" $((base + 1)) $((base + 10)) $((base + 11)); do
  if ss -ltn | grep -q ":$p "; then echo "port $p is in use (an earlier run still going?)"; exit 1; fi
done
banner=$("$root/bin/mercato" testnet --validators 1 --out "$out/net" --base-port "$base" --timeout-commit 1s 2>/dev/null)
peer=$(echo "$banner" | sed -n 's/.*p2p \([0-9a-f]*@[0-9.:]*\).*/\1/p' | head -1)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true' EXIT # not a bare wait: the report's tee is a child too
MERCATO_OPTS="$opts" "$root/bin/mercato" node --home "$out/net/node0" > "$out/validator.log" 2>&1 &
pids+=($!)
rpc() { curl -s -m5 -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"; }
height() { local h; h=$(rpc "$1" eth_blockNumber | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p'); if [ -n "$h" ]; then echo $((16#$h)); else echo -1; fi; }
vport=$((base + 1))
until [ "$(height $vport)" -ge 2 ]; do sleep 0.2; done
echo "== $label  late-joiner sync, $(git -C "$root" rev-parse --short HEAD)  $(date -u +%FT%TZ)"
env -u MERCATO_OPTS "$root/bin/mercato" bench transfers --rpc "http://127.0.0.1:$vport" "$@" 2>&1 | grep -v ' INFO '
target=$(height $vport)
txs=0
half=$((target / 2))
late=0 # transfers in the blocks above $half: the second half's rate leaves out most of the JIT warm-up
for h in $(seq 1 "$target"); do
  c=$(rpc $vport eth_getBlockTransactionCountByNumber "\"0x$(printf %x "$h")\"" | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p')
  txs=$((txs + 16#${c:-0}))
  if [ "$h" -gt "$half" ]; then late=$((late + 16#${c:-0})); fi
done
echo "chain: height $target, $txs transactions"
# The joiner: the validator's genesis, a fresh (non-validator) key, its own ports, the validator as peer.
"$root/bin/mercato" init --home "$out/joiner" --genesis "$out/net/node0/genesis.json" >/dev/null 2>&1
jport=$((base + 11))
cat > "$out/joiner/config.toml" <<TOML
data_dir = "data"
[rpc]
host = "127.0.0.1"
port = $jport
[metrics]
host = "127.0.0.1"
port = $((base + 12))
[p2p]
listen = "127.0.0.1:$((base + 10))"
persistent_peers = ["$peer"]
TOML
echo "load before sync: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
MERCATO_OPTS="$jopts" "$root/bin/mercato" node --home "$out/joiner" > "$out/joiner.log" 2>&1 &
pids+=($!)
jpid=${pids[-1]}
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
until [ "$(height $jport)" -ge 0 ]; do sleep 0.05; done
t1=$(date +%s.%N)
c1=$(ticks "$jpid")
until [ "$(height $jport)" -ge "$half" ]; do sleep 0.05; done
th=$(date +%s.%N)
ch=$(ticks "$jpid")
until [ "$(height $jport)" -ge "$target" ]; do sleep 0.05; done
t2=$(date +%s.%N)
c2=$(ticks "$jpid")
. "$root/benchmarks/scripts/cpu-by-thread.sh"
threads "$jpid" > "$out/joiner-threads"
echo "load after sync: $(cut -d' ' -f1-3 /proc/loadavg)"
hz=$(getconf CLK_TCK)
awk -v c="$((c2 - c1))" -v hz="$hz" -v n="$txs" 'BEGIN {
  printf "joiner CPU during sync: %.2f s (all threads, JIT and GC included) => %.0f us per transfer\n", c / hz, c / hz * 1e6 / n }'
awk -v th="$th" -v t2="$t2" -v c="$((c2 - ch))" -v hz="$hz" -v n="$late" -v a="$((half + 1))" -v b="$target" 'BEGIN {
  printf "second half (blocks %d..%d, %d transfers): %.2f s => %.0f transfers/s, CPU %.0f us per transfer\n",
    a, b, n, t2 - th, n / (t2 - th), c / hz * 1e6 / n }'
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v n="$txs" -v h="$target" 'BEGIN {
  printf "joiner: RPC up after %.2f s; synced %d blocks / %d transfers in %.2f s => %.0f transfers/s (%.0f incl. start-up)\n",
    t1 - t0, h, n, t2 - t1, n / (t2 - t1), n / (t2 - t0) }'
echo "joiner CPU by thread group, start-up to synced (ms): $(awk -v hz="$hz" '{printf "%d %s\n", $2 * 1000 / hz, $1}' "$out/joiner-threads" | sort -rn | head -10 | awk '{printf "%s %d, ", $2, $1}')"
for h in 1 $((target / 2)) "$target"; do
  a=$(rpc $vport eth_getBlockByNumber "\"0x$(printf %x "$h")\",false" | sed -n 's/.*"hash":"\(0x[0-9a-f]*\)".*/\1/p' | head -c 66)
  b=$(rpc $jport eth_getBlockByNumber "\"0x$(printf %x "$h")\",false" | sed -n 's/.*"hash":"\(0x[0-9a-f]*\)".*/\1/p' | head -c 66)
  [ "$a" = "$b" ] && echo "block $h: same hash $a" || echo "block $h: DIFFERENT validator $a joiner $b"
done
