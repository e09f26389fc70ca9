#!/usr/bin/env bash
# step.sh LABEL COMMAND...: runs one long toolchain step and says how it is
# going, so a newcomer never watches minutes of silence: a line when it
# starts, a line every 20 seconds with the time so far and, for go commands
# run with -v, how many modules were downloaded and packages compiled, and a
# line when it ends. The command's own output is shown only when it fails.
set -euo pipefail

label=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT

start=$SECONDS
elapsed() {
  local s=$((SECONDS - start))
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}
progress() {
  local downloads compiled
  downloads=$(grep -c '^go: downloading' "$log" || true)
  compiled=$(grep -vc '^go: \|^#\|^$' "$log" || true)
  if ((downloads + compiled > 0)); then
    printf '%s modules downloaded, %s packages compiled' "$downloads" "$compiled"
  else
    printf 'working'
  fi
}

echo "==> $label"
"$@" >"$log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  for _ in $(seq 20); do
    sleep 1
    kill -0 "$pid" 2>/dev/null || break
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "    ... $label: $(elapsed), $(progress)"
  fi
done
if wait "$pid"; then
  echo "    $label: done in $(elapsed)"
else
  rc=$?
  cat "$log" >&2
  echo "    $label: FAILED after $(elapsed) (exit $rc)" >&2
  exit "$rc"
fi
