#!/usr/bin/env bash
# fresh-check.sh: what a newcomer sees. Clones HEAD into a temporary folder,
# points the Go build and module caches and npm's and pip's caches at empty
# temporary folders, runs the README's two commands there (make example, then
# make test), and prints the time of each. Then it runs make test once more,
# as a contributor does next: that run is warm, and it fails when the first
# run left something behind that breaks the next one. Not part of make test,
# which stays fast on a warm machine.
#
# FRESH_DIR=dir puts the clone and the caches in dir (default: a new folder
# under /tmp); FRESH_KEEP=1 keeps them afterwards; FRESH_WARM=0 skips the
# second make test. It needs about 10 GB free.
set -euo pipefail

root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=${FRESH_DIR:-$(mktemp -d /tmp/orgiac-fresh-XXXXXX)}
mkdir -p "$work"
cleanup() {
  if [[ ${FRESH_KEEP:-} != 1 ]]; then
    # The module cache is read-only by design.
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

commit=$(git -C "$root" rev-parse --short HEAD)
git clone --quiet --no-local "$root" "$work/repo"
[[ -z $(git -C "$root" status --porcelain) ]] ||
  echo "fresh-check: note: uncommitted changes in $root are not part of the check (it clones HEAD, $commit)"

export GOCACHE=$work/cache/go-build
export GOMODCACHE=$work/cache/go-mod
export npm_config_cache=$work/cache/npm
export PIP_CACHE_DIR=$work/cache/pip
export GOTMPDIR=
mkdir -p "$GOCACHE" "$GOMODCACHE" "$npm_config_cache" "$PIP_CACHE_DIR"

declare -A took
run() {
  local name=$1
  shift
  echo "==> fresh-check: $name (clone of $commit in $work/repo, caches under $work/cache, empty at the start)"
  local start=$SECONDS
  if ! (cd "$work/repo" && "$@"); then
    echo "fresh-check: $name FAILED after $((SECONDS - start)) s" >&2
    exit 1
  fi
  took[$name]=$((SECONDS - start))
}
run "make example" make example
run "make test" make test
names=("make example" "make test")
if [[ ${FRESH_WARM:-1} != 0 ]]; then
  run "make test, again" make test
  names+=("make test, again")
fi

echo
echo "fresh-check passed on $commit, $(nproc) cores:"
for name in "${names[@]}"; do
  printf '  %-16s %5d s\n' "$name" "${took[$name]}"
done
