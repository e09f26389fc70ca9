#!/usr/bin/env bash
# loaded-e2e.sh: does the end-to-end package pass when the machine is busy?
# Starts one CPU hog per core (sha256sum /dev/zero), runs the e2e package by
# itself RUNS times in a row (go test -race -count=1 ./tests/e2e/...), stops
# the hogs by their PIDs, and prints each run's time. It stops at the first
# failure and exits non-zero. Run it on a tree where `make toolchain` has run.
#
# RUNS=n sets the number of runs (default 10); HOGS=n the number of hogs
# (default: the number of cores). Each run's output is kept in
# .work/loaded-e2e/run-<i>.log.
set -euo pipefail

root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
cd "$root"
runs=${RUNS:-10}
hogs=${HOGS:-$(nproc)}
logs=.work/loaded-e2e
mkdir -p "$logs"

pids=()
stop_hogs() {
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null || true
}
trap stop_hogs EXIT
for ((h = 0; h < hogs; h++)); do
  sha256sum /dev/zero &
  pids+=($!)
done
echo "==> loaded-e2e: $hogs hogs (PIDs ${pids[*]}), $runs runs of the e2e package, commit $(git rev-parse --short HEAD)"

times=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s)
  if ! CGO_ENABLED=1 go test -race -count=1 -timeout 45m ./tests/e2e/... >"$logs/run-$i.log" 2>&1; then
    echo "loaded-e2e: run $i FAILED after $(($(date +%s) - start)) s; its output is in $logs/run-$i.log" >&2
    tail -40 "$logs/run-$i.log" >&2
    exit 1
  fi
  times+=("$(($(date +%s) - start))")
  echo "    run $i: passed in ${times[-1]} s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "==> loaded-e2e: $runs of $runs passed; seconds per run: ${times[*]}"
