# Sourced by the measure scripts. threads PID: "name ticks" per thread group of a running process, the
# group being the thread's name with digits removed and spaces as underscores (p2p-worker-3 -> pp-worker-),
# ticks = user + system CPU (clock ticks) since the thread started.
threads() {
  for t in /proc/$1/task/*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) .*$/\1/;s/[0-9]+//g;s/ /_/g' "$t" | tr '\n' ' '
    awk '{print $(NF-38)+$(NF-37)}' "$t" # utime, stime: fields 14 and 15 of 52, counted from the end (names may hold spaces)
  done 2>/dev/null | awk '{s[$1]+=$2} END {for (k in s) print k, s[k]}' | sort
}
