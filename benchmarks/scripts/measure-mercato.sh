#!/usr/bin/env bash
# One load-tool run against a fresh `mercato dev` node; prints the tool's report plus the node's CPU
# time, GC pauses and heap. Usage: benchmarks/scripts/measure-mercato.sh LABEL [extra bench args...]
# MERCATO_OPTS is passed to the node (default -Xmx1g -XX:+UseParallelGC). Results go to $OUT (default /tmp/bench).
# RUNS=2 runs the tool twice against the same node: the second run sees a JIT-warm node.
# BENCH picks the load tool (default transfers; orders = `mercato bench orders`, the data-market order load).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
label="$1"; shift
out="${OUT:-/tmp/bench}"; mkdir -p "$out"
port="${PORT:-18545}"
opts="${MERCATO_OPTS:--Xmx1g -XX:+UseParallelGC}"
MERCATO_OPTS="$opts -Xlog:gc:file=$out/gc-$label.log" "$root/bin/mercato" dev --block-time 1s --port "$port" > "$out/node-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -s -m1 -H 'Content-Type: application/json' --data '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' "http://127.0.0.1:$port" >/dev/null; do sleep 0.1; done
ticks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
echo "== $label  node opts: $opts  $(date -u +%FT%TZ)"
for run in $(seq 1 "${RUNS:-1}"); do
echo "-- run $run"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(ticks)
env -u MERCATO_OPTS "$root/bin/mercato" bench "${BENCH:-transfers}" --rpc "http://127.0.0.1:$port" "$@" 2>&1 | grep -v ' INFO '
c1=$(ticks)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "node CPU during the run (funding + load): $(( (c1 - c0) * 1000 / hz )) ms"
echo "node CPU by thread since start (ms, thread names with digits folded):"
for t in /proc/$pid/task/*; do echo "$(tr -d '0-9' < "$t/comm" | sed 's/[ -]*$//') $(awk '{print $14+$15}' "$t/stat")"; done \
  | awk -v hz="$hz" '{n=$NF; $NF=""; sub(/ +$/, ""); a[$0]+=n} END {for (k in a) if (a[k] > 0) printf "  %7d  %s\n", a[k]*1000/hz, k}' | sort -rn | head -12
done
awk '/Pause/ {gsub("ms","",$NF); s+=$NF; n++} END {printf "GC: %d pauses, %.0f ms total (whole node lifetime)\n", n, s}' "$out/gc-$label.log"
jcmd "$pid" GC.heap_info | sed -n '2,7p'
echo "heap after the run (used->after GC), last young GCs:"; grep Pause "$out/gc-$label.log" | tail -3
