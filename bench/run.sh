#!/usr/bin/env bash
# make bench: measures the orgiac component provider against its anchors and
# writes bench/results/* and docs/performance.md. Not part of `make test`.
#
#   1. cold start: bin/pulumi-resource-orgiac exec -> GetSchema served, peak RSS,
#      alternating with Node.js loading @pulumi/pulumi + @pulumi/aws
#   2. construct cost: Go benchmarks of every component's plan and of
#      SecureBucket/SecureVpc Construct through the integration harness
#   3. engine overhead: pulumi preview/up of N SecureBuckets through orgiac (a
#      Pulumi YAML program) against the same raw aws resources from a Go inline
#      Automation API program, alternating, on the stand-in aws provider
#   4. report throughput: bin/orgiac report --format json over synthetic stack
#      exports of 1k, 10k and 100k resources
#
# Knobs (environment): BENCH_N="1 10 50 100" BENCH_ENGINE_RUNS=3 BENCH_COLD_RUNS=5
# BENCH_REPORT_SIZES="1000 10000 100000" BENCH_REPORT_RUNS=3 BENCH_NETSTACKS=10
# BENCH_NETSTACK_RUNS=1 BENCH_GO_COUNT=5 BENCH_RAW=1 (0: orgiac side only)
# BENCH_SKIP="" (any of: cold construct engine netstack report)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/bench/results"
mkdir -p "$results"

N_LIST=${BENCH_N:-"1 10 50 100"}
ENGINE_RUNS=${BENCH_ENGINE_RUNS:-3}
COLD_RUNS=${BENCH_COLD_RUNS:-5}
REPORT_SIZES=${BENCH_REPORT_SIZES:-"1000 10000 100000"}
REPORT_RUNS=${BENCH_REPORT_RUNS:-3}
NETSTACKS=${BENCH_NETSTACKS:-10}
NETSTACK_RUNS=${BENCH_NETSTACK_RUNS:-1}
GO_COUNT=${BENCH_GO_COUNT:-5}
RAW=${BENCH_RAW:-1}
SKIP=${BENCH_SKIP:-}
skip() { [[ " $SKIP " == *" $1 "* ]]; }
log() { echo "==> [$(date +%H:%M:%S)] $*" >&2; }

for b in bin/pulumi-resource-orgiac bin/orgiac bin/pulumi-resource-aws .toolchain/bin/pulumi .toolchain/bin/pulumi-language-yaml; do
  [[ -x $b ]] || { echo "bench: $b missing; run 'make toolchain build standins' first" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/orgiac-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
tools="$work/tools"
mkdir -p "$tools"
log "building the bench tools"
go build -o "$tools/coldstart" ./bench/coldstart
go build -o "$tools/measure" ./bench/measure
go build -o "$tools/genexport" ./bench/genexport
(cd bench/rawbuckets && go build -o "$tools/rawbuckets" .)

plugin="$root/bin/pulumi-resource-orgiac"
export PATH="$root/bin:$root/.toolchain/bin:$PATH"
export PULUMI_CONFIG_PASSPHRASE=bench
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# No stand-in ledger: both sides run on the same stand-in, and leaving out its
# JSON ledger keeps its file I/O out of the engine comparison.
unset STANDIN_LEDGER

# ---------------------------------------------------------------- machine info
{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo '+dirty')\","
  echo "  \"nproc\": \"$(nproc)\","
  echo "  \"memory\": \"$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)\","
  echo "  \"cpu\": \"$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)\","
  echo "  \"kernel\": \"$(uname -r)\","
  echo "  \"loadavgAtStart\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "  \"go\": \"$(go env GOVERSION)\","
  echo "  \"node\": \"$(node --version)\","
  echo "  \"pulumi\": \"$(pulumi version)\","
  echo "  \"pulumiYaml\": \"$(awk '/^YAML_VERSION/ {print $3}' Makefile)\""
  echo "}"
} > "$results/machine.json"

# ---------------------------------------------------------------- 1. cold start
ANCHOR_JS="const p=require('@pulumi/pulumi');const a=require('@pulumi/aws');[a.s3.BucketV2,a.s3.BucketPolicy,a.kms.Key,a.ec2.Vpc,a.iam.Role,p.ComponentResource,p.Output].forEach(x=>{if(typeof x!=='function')throw new Error('missing export')});console.log('ready');setInterval(()=>{},1000)"
if ! skip cold; then
  log "node anchor: npm ci in bench/node"
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  log "cold start: $COLD_RUNS alternating runs"
  "$tools/coldstart" -plugin "$plugin" -runs "$COLD_RUNS" \
    -anchor-dir bench/node -anchor "node -e \"$ANCHOR_JS\"" > "$results/coldstart.json"
  # Attribute the plugin's start-up: package init times of 5 starts (summarized
  # as medians per package by bench/summarize.py).
  for i in 1 2 3 4 5; do
    (GODEBUG=inittrace=1 timeout 2 "$plugin" 2>&1 >/dev/null || true) | grep '^init ' | sed "s/^/run$i /"
  done > "$results/inittrace-raw.txt"
fi

# ---------------------------------------------------------------- 2. construct cost
if ! skip construct; then
  log "construct: go test -bench (count $GO_COUNT)"
  go test -run '^$' -bench . -benchmem -count "$GO_COUNT" ./provider/aws/ ./provider/azure/ > "$results/construct.txt"
fi

# ---------------------------------------------------------------- 3. engine overhead
bucket_program() { # n -> Pulumi.yaml with n SecureBuckets
  printf 'name: orgiac-bench\nruntime: yaml\nconfig:\n  orgiac:organization: acme\n  orgiac:loggingBucket: acme-access-logs\n  orgiac:owner: team-data\n  aws:region: us-west-2\nresources:\n'
  for ((i = 0; i < $1; i++)); do
    printf '  bucket%d:\n    type: orgiac:aws:SecureBucket\n    properties:\n      tags:\n        DataClassification: internal\n' "$i"
  done
}
netstack_program() { # n -> Pulumi.yaml with n NetworkStacks
  printf 'name: orgiac-bench-net\nruntime: yaml\nconfig:\n  orgiac:organization: acme\n  orgiac:owner: team-web\n  aws:region: us-west-2\nresources:\n'
  for ((i = 0; i < $1; i++)); do
    printf '  net%d:\n    type: orgiac:aws:NetworkStack\n    properties:\n      vpc:\n        cidrBlock: 10.%d.0.0/16\n        numberOfAvailabilityZones: 2\n' "$i" "$((i + 30))"
    printf '        subnetSpecs:\n          - {type: public, cidrMask: 24}\n          - {type: private, cidrMask: 20}\n          - {type: isolated, cidrMask: 24}\n'
    printf '      allowedIngressCidrs: [10.0.0.0/8]\n      ssmEndpoints: true\n'
  done
}

# orgiac_stack DIR PROGRAM_FN N: a fresh YAML program with its own state and home
orgiac_stack() {
  local d=$1
  mkdir -p "$d/prog" "$d/state"
  "$2" "$3" > "$d/prog/Pulumi.yaml"
  (cd "$d/prog" && PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" pulumi stack init dev --non-interactive >/dev/null)
}
# orgiac_op DIR OP OUT: one timed pulumi operation, watching the orgiac plugin
orgiac_op() {
  local d=$1 op=$2 out=$3 args
  case $op in
    preview) args=(preview) ;;
    up) args=(up --yes --skip-preview) ;;
  esac
  (cd "$d/prog" && PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" \
    "$tools/measure" -watch "$plugin" -out "$d/$op.log" -- pulumi "${args[@]}" --non-interactive) >> "$out"
}
raw_stack() {
  local d=$1
  mkdir -p "$d/prog" "$d/state"
  PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" "$tools/rawbuckets" -n "$2" -dir "$d/prog" -op setup >/dev/null
}
raw_op() {
  local d=$1 n=$2 op=$3 out=$4
  PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" \
    "$tools/rawbuckets" -n "$n" -dir "$d/prog" -op "$op" 2> "$d/$op.log" >> "$out"
}

if ! skip engine; then
  # Warm the plugin cache and page cache once so the first timed run is not special.
  orgiac_stack "$work/warm-o" bucket_program 1 && orgiac_op "$work/warm-o" preview /dev/null
  raw_stack "$work/warm-r" 1 && raw_op "$work/warm-r" 1 preview /dev/null
  for n in $N_LIST; do
    rm -f "$results/engine-n$n-"*.jsonl
    for ((r = 1; r <= ENGINE_RUNS; r++)); do
      log "engine: N=$n run $r/$ENGINE_RUNS"
      o="$work/engine/n$n/r$r/orgiac"; w="$work/engine/n$n/r$r/raw"
      orgiac_stack "$o" bucket_program "$n"
      [[ $RAW == 0 ]] || raw_stack "$w" "$n"
      orgiac_op "$o" preview "$results/engine-n$n-orgiac-preview.jsonl"
      [[ $RAW == 0 ]] || raw_op "$w" "$n" preview "$results/engine-n$n-raw-preview.jsonl"
      orgiac_op "$o" up "$results/engine-n$n-orgiac-up.jsonl"
      [[ $RAW == 0 ]] || raw_op "$w" "$n" up "$results/engine-n$n-raw-up.jsonl"
    done
    rm -rf "$work/engine/n$n"
  done
fi

if ! skip netstack; then
  rm -f "$results/engine-netstack-"*.jsonl
  for ((r = 1; r <= NETSTACK_RUNS; r++)); do
    log "engine: $NETSTACKS NetworkStacks run $r/$NETSTACK_RUNS"
    o="$work/netstack/r$r"
    orgiac_stack "$o" netstack_program "$NETSTACKS"
    orgiac_op "$o" preview "$results/engine-netstack-orgiac-preview.jsonl"
    orgiac_op "$o" up "$results/engine-netstack-orgiac-up.jsonl"
    (cd "$o/prog" && PULUMI_HOME="$o/home" PULUMI_BACKEND_URL="file://$o/state" pulumi stack export) \
      | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["deployment"]["resources"]))' > "$results/engine-netstack-resources.txt"
  done
  rm -rf "$work/netstack"
fi

# ---------------------------------------------------------------- 4. report throughput
if ! skip report; then
  log "report: template export (2 SecureBuckets through the engine)"
  t="$work/report-template"
  orgiac_stack "$t" bucket_program 2
  (cd "$t/prog" && PULUMI_HOME="$t/home" PULUMI_BACKEND_URL="file://$t/state" \
    pulumi up --yes --skip-preview --non-interactive >/dev/null &&
    PULUMI_HOME="$t/home" PULUMI_BACKEND_URL="file://$t/state" pulumi stack export > "$t/export.json")
  rm -f "$results/report-"*.jsonl "$results/report-sizes.txt"
  for size in $REPORT_SIZES; do
    f="$work/export-$size.json"
    count=$("$tools/genexport" -template "$t/export.json" -component bucket0 -n "$size" -out "$f")
    echo "$size $count $(stat -c %s "$f")" >> "$results/report-sizes.txt"
    cat "$f" > /dev/null # page cache
    for ((r = 1; r <= REPORT_RUNS; r++)); do
      log "report: $count resources, run $r/$REPORT_RUNS"
      "$tools/measure" -out "$work/report.log" -- bin/orgiac report --format json --output /dev/null "$f" >> "$results/report-$size.jsonl"
    done
    rm -f "$f"
  done
fi

# ---------------------------------------------------------------- docs
cut -d' ' -f1-3 /proc/loadavg > "$results/loadavg-end.txt"
log "writing docs/performance.md"
python3 bench/summarize.py "$results" > docs/performance.md
log "done: docs/performance.md"
