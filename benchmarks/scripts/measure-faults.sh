#!/usr/bin/env bash
# Fault sequence on a 4-validator testnet left running by `KEEP=1 measure-testnet.sh LABEL ...`:
# all 4 for 10 s; stop node3 (20 s); stop node2 too (20 s); restart both and wait up to 60 s for
# the chain to resume by itself; then compare every node's block hashes (no fork).
# Usage: benchmarks/scripts/measure-faults.sh DIR BASE_PORT   (DIR = $OUT/LABEL). Leaves the nodes running.
set -uo pipefail
d=$1; base=$2; read -r -a pids < "$d/pids"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rpc() { curl -s -m2 -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}" "http://127.0.0.1:$1"; }
height() { local h; h=$(rpc "$1" | sed -n 's/.*"result":"0x\([0-9a-f]*\)".*/\1/p'); if [ -n "$h" ]; then echo $((16#$h)); else echo '?'; fi; }
hs() { for i in 0 1 2 3; do printf '%s ' "$(height $((base + 2*i + 1)))"; done; }
ts() { date -u +%T.%N | cut -c1-12; }
echo "$(ts) all 4: heights $(hs) load $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 10; echo "$(ts) all 4 after 10 s: heights $(hs)"
kill ${pids[3]}; wait_dead() { while kill -0 $1 2>/dev/null; do sleep 0.1; done; }; wait_dead ${pids[3]}
echo "$(ts) killed node3 (${pids[3]}): heights $(hs) load $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 20; echo "$(ts) 20 s later: heights $(hs) load $(cut -d' ' -f1-3 /proc/loadavg)"
kill ${pids[2]}; wait_dead ${pids[2]}
echo "$(ts) killed node2 (${pids[2]}): heights $(hs) load $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 20; echo "$(ts) 20 s later: heights $(hs) load $(cut -d' ' -f1-3 /proc/loadavg)"
h0=$(height $((base+1)))
for i in 2 3; do
  MERCATO_OPTS="-Xmx768m -XX:+UseParallelGC" "$root/bin/mercato" node --home "$d/net/node$i" > "$d/node$i-restart.log" 2>&1 &
  echo $! > "$d/pid-restart-node$i"
done
t0=$SECONDS; echo "$(ts) restarted node2 ($(cat $d/pid-restart-node2)) node3 ($(cat $d/pid-restart-node3)), node0 height $h0"
while [ $((SECONDS - t0)) -lt 60 ]; do
  h=$(height $((base+1)))
  if [ "$h" != '?' ] && [ "$h" -gt "$h0" ]; then echo "$(ts) first new block: node0 at $h, $((SECONDS - t0)) s after restart; heights $(hs)"; break; fi
  sleep 0.5
done
[ $((SECONDS - t0)) -ge 60 ] && echo "$(ts) did not resume within 60 s: heights $(hs)"
sleep 5; echo "$(ts) final: heights $(hs) load $(cut -d' ' -f1-3 /proc/loadavg)"

hash() { curl -s -m2 -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\",\"params\":[\"$(printf '0x%x' "$2")\",false]}" "http://127.0.0.1:$1" | sed -n 's/.*"hash":"\(0x[0-9a-f]*\)".*/\1/p'; }
low=$(for i in 0 1 2 3; do height $((base + 2*i + 1)); done | sort -n | head -1)
forks=0
for h in $(seq 1 "$low"); do
  ref=$(hash $((base + 1)) "$h")
  for i in 1 2 3; do [ "$(hash $((base + 2*i + 1)) "$h")" = "$ref" ] || { echo "block $h differs on node$i"; forks=$((forks + 1)); }; done
done
echo "$(ts) blocks 1..$low compared on all 4 nodes: $forks differences"
