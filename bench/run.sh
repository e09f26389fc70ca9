#!/usr/bin/env bash
# make bench: measures the orgiac component provider against its anchors and
# writes bench/results/* and docs/performance.md. Not part of `make test`.
#
#   1. cold start: bin/pulumi-resource-orgiac exec -> GetSchema served, peak RSS,
#      alternating with Node.js loading @pulumi/pulumi + @pulumi/aws
#   2. construct cost: Go benchmarks of every component's plan and of
#      SecureBucket/SecureVpc Construct through the integration harness
#   3. engine overhead: preview/up of N SecureBuckets through orgiac against the
#      same raw aws resources, both as Go inline Automation API programs
#      (bench/goprogram) so they differ only in orgiac, alternating, on the
#      stand-in aws provider; the same orgiac program in Pulumi YAML alongside
#      (what a YAML user sees); and, at N=BENCH_NOCP_N, both Go programs again
#      with PULUMI_SKIP_CHECKPOINTS=true, which takes the engine's per-step
#      snapshot serialization (quadratic in N) out of the comparison
#   4. report throughput: bin/orgiac report --format json, junit and html over
#      synthetic stack exports of 1k, 10k and 100k resources, alternating
#   5. policy pack: preview of BENCH_POLICY_N raw buckets (the goprogram raw
#      program) without and with the orgiac policy pack (built here), on one
#      stack, alternating; the pack runs with {"all": "advisory"} so that a
#      violation warns instead of failing the preview, and every policy still
#      runs. Writes the ratio with/without and the pack's cost per resource,
#      next to the report's time per resource from section 4's results
#   6. git metadata: preview of BENCH_GIT_N SecureBuckets in a clone of this
#      repository with orgiac:gitMetadata on and off, alternating (plugin peak
#      RSS and wall time), and the Go benchmark of one gitinfo.Read
#
# Knobs (environment): BENCH_N="1 10 50 100" BENCH_ENGINE_RUNS=3 BENCH_COLD_RUNS=5
# BENCH_REPORT_SIZES="1000 10000 100000" BENCH_REPORT_RUNS=3 BENCH_NETSTACKS=10
# BENCH_NETSTACK_RUNS=1 BENCH_GO_COUNT=5 BENCH_RAW=1 (0: orgiac side only)
# BENCH_YAML=1 (0: no YAML runs) BENCH_NOCP_N=50 ("": no skip-checkpoints runs)
# BENCH_POLICY_N=50 BENCH_POLICY_RUNS=3 BENCH_GIT_N=10 BENCH_GIT_RUNS=5
# BENCH_SKIP="" (any of: cold construct engine netstack report policy gitmeta)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/bench/results"
mkdir -p "$results"

N_LIST=${BENCH_N-"1 10 50 100"}
ENGINE_RUNS=${BENCH_ENGINE_RUNS:-3}
COLD_RUNS=${BENCH_COLD_RUNS:-5}
REPORT_SIZES=${BENCH_REPORT_SIZES:-"1000 10000 100000"}
REPORT_RUNS=${BENCH_REPORT_RUNS:-3}
NETSTACKS=${BENCH_NETSTACKS:-10}
NETSTACK_RUNS=${BENCH_NETSTACK_RUNS:-1}
GO_COUNT=${BENCH_GO_COUNT:-5}
RAW=${BENCH_RAW:-1}
YAML=${BENCH_YAML:-1}
NOCP_N=${BENCH_NOCP_N-50}
POLICY_N=${BENCH_POLICY_N:-50}
POLICY_RUNS=${BENCH_POLICY_RUNS:-3}
GIT_N=${BENCH_GIT_N:-10}
GIT_RUNS=${BENCH_GIT_RUNS:-5}
SKIP=${BENCH_SKIP:-}
skip() { [[ " $SKIP " == *" $1 "* ]]; }
log() { echo "==> [$(date +%H:%M:%S)] $*" >&2; }

for b in bin/pulumi-resource-orgiac bin/orgiac bin/pulumi-resource-aws bin/motoctl .toolchain/bin/pulumi .toolchain/bin/pulumi-language-yaml; do
  [[ -x $b ]] || { echo "bench: $b missing; run 'make toolchain build standins' first" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/orgiac-bench.XXXXXX")
# moto, the AWS emulator behind the aws stand-in, is stopped by its process
# id however the run ends.
trap 'bin/motoctl stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
tools="$work/tools"
mkdir -p "$tools"
log "building the bench tools"
go build -o "$tools/coldstart" ./bench/coldstart
go build -o "$tools/measure" ./bench/measure
go build -o "$tools/genexport" ./bench/genexport
(cd bench/goprogram && go build -o "$tools/goprogram" .)

plugin="$root/bin/pulumi-resource-orgiac"
export PATH="$root/bin:$root/.toolchain/bin:$PATH"
export PULUMI_CONFIG_PASSPHRASE=bench
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# No stand-in ledger: both sides run on the same stand-in, and leaving out its
# JSON ledger keeps its file I/O out of the engine comparison.
unset STANDIN_LEDGER
# Both sides run against one moto server, so the comparison includes the
# same AWS API calls on each side.
log "starting moto"
STANDIN_MOTO_URL=$(bin/motoctl start "$work")
export STANDIN_MOTO_URL

# ---------------------------------------------------------------- machine info
# A partial run keeps the machine record of the last full run beside its own,
# since the skipped sections' results are that run's.
if [[ -n ${SKIP// } && -f $results/machine.json ]] && ! grep -q '"skipped": "[^"]' "$results/machine.json"; then
  cp "$results/machine.json" "$results/machine-full-run.json"
fi
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
  echo "  \"pulumiYaml\": \"$(awk '/^YAML_VERSION/ {print $3}' Makefile)\","
  echo "  \"skipped\": \"$SKIP\""
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
  # The floor under the plugin's RSS: programs that only initialise the layers
  # it is built on (bench/rssfloor), built as the plugin is.
  log "cold start: RSS floors of the plugin's layers"
  for layer in sdk infer aws azure; do
    tags=$layer; [[ $layer == sdk ]] && tags=""
    CGO_ENABLED=0 go build -trimpath -tags "$tags" -o "$tools/rssfloor-$layer" ./bench/rssfloor
    for i in 1 2 3; do echo "$layer $("$tools/rssfloor-$layer")"; done
  done > "$results/rssfloor.txt"
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
# go_stack DIR PROGRAM N: a fresh Go inline program (raw or orgiac) with its own state and home
go_stack() {
  local d=$1
  mkdir -p "$d/prog" "$d/state"
  PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" "$tools/goprogram" -program "$2" -n "$3" -dir "$d/prog" -op setup >/dev/null
}
# go_op DIR PROGRAM N OP OUT: one timed Automation API operation, watching the orgiac plugin
go_op() {
  local d=$1 prog=$2 n=$3 op=$4 out=$5
  PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" \
    "$tools/measure" -watch "$plugin" -out "$d/$op.log" -- \
    "$tools/goprogram" -program "$prog" -n "$n" -dir "$d/prog" -op "$op" >> "$out"
}

if ! skip engine; then
  # Warm the plugin cache and page cache once so the first timed run is not special.
  orgiac_stack "$work/warm-y" bucket_program 1 && orgiac_op "$work/warm-y" preview /dev/null
  for prog in raw orgiac; do go_stack "$work/warm-$prog" $prog 1 && go_op "$work/warm-$prog" $prog 1 preview /dev/null; done
  for n in $N_LIST; do
    rm -f "$results/engine-n$n-"*.jsonl
    for ((r = 1; r <= ENGINE_RUNS; r++)); do
      log "engine: N=$n run $r/$ENGINE_RUNS"
      base="$work/engine/n$n/r$r"
      go_stack "$base/orgiac" orgiac "$n"
      [[ $RAW == 0 ]] || go_stack "$base/raw" raw "$n"
      [[ $YAML == 0 ]] || orgiac_stack "$base/yaml" bucket_program "$n"
      for op in preview up; do
        go_op "$base/orgiac" orgiac "$n" $op "$results/engine-n$n-orgiac-$op.jsonl"
        [[ $RAW == 0 ]] || go_op "$base/raw" raw "$n" $op "$results/engine-n$n-raw-$op.jsonl"
        [[ $YAML == 0 ]] || orgiac_op "$base/yaml" $op "$results/engine-n$n-yaml-$op.jsonl"
      done
    done
    rm -rf "$work/engine/n$n"
  done
  if [[ -n $NOCP_N ]]; then
    n=$NOCP_N
    rm -f "$results/engine-nocp-n$n-"*.jsonl
    for ((r = 1; r <= ENGINE_RUNS; r++)); do
      log "engine without checkpoints: N=$n run $r/$ENGINE_RUNS"
      base="$work/engine/nocp/r$r"
      go_stack "$base/orgiac" orgiac "$n" && go_stack "$base/raw" raw "$n"
      for op in preview up; do
        PULUMI_SKIP_CHECKPOINTS=true go_op "$base/orgiac" orgiac "$n" $op "$results/engine-nocp-n$n-orgiac-$op.jsonl"
        PULUMI_SKIP_CHECKPOINTS=true go_op "$base/raw" raw "$n" $op "$results/engine-nocp-n$n-raw-$op.jsonl"
      done
    done
    rm -rf "$work/engine/nocp"
  fi
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
  rm -f "$results/report-"*.jsonl "$results/report-sizes.txt" "$results/report-outputs.txt"
  for size in $REPORT_SIZES; do
    f="$work/export-$size.json"
    count=$("$tools/genexport" -template "$t/export.json" -component bucket0 -n "$size" -out "$f")
    echo "$size $count $(stat -c %s "$f")" >> "$results/report-sizes.txt"
    cat "$f" > /dev/null # page cache
    for ((r = 1; r <= REPORT_RUNS; r++)); do
      # Every writer reads the same export in the same run; the order turns
      # every run so that none always goes first. json keeps its historic
      # file name (report-SIZE.jsonl); the others are report-SIZE-FORMAT.jsonl.
      formats="json junit html"; ((r % 3 == 2)) && formats="junit html json"; ((r % 3 == 0)) && formats="html json junit"
      for fmt in $formats; do
        log "report: $count resources, --format $fmt, run $r/$REPORT_RUNS"
        suffix="-$fmt"; [[ $fmt == json ]] && suffix=""
        "$tools/measure" -out "$work/report.log" -- bin/orgiac report --format "$fmt" --output "$work/report.out" "$f" >> "$results/report-$size$suffix.jsonl"
        echo "$size $fmt $(stat -c %s "$work/report.out")" >> "$results/report-outputs.txt"
        rm -f "$work/report.out"
      done
    done
    rm -f "$f"
  done
fi

# ---------------------------------------------------------------- 5. policy pack
if ! skip policy; then
  log "policy: building the policy pack"
  pack="$tools/pulumi-analyzer-policy-orgiac"
  CGO_ENABLED=0 go build -trimpath -o "$pack" ./cmd/pulumi-analyzer-policy-orgiac
  # The pack's levels default to orgiac:enforcement (enforce: mandatory), and
  # a mandatory violation fails the preview; advisory, it is a warning and
  # the pack still judges every resource with every policy.
  packcfg="$work/policy-advisory.json"
  echo '{"all": "advisory"}' > "$packcfg"
  # policy_op DIR N with|without OUT: one timed preview of the raw program
  # with or without the pack, watching the pack's processes; appends the
  # measure record, with what the program saw of the engine's events under
  # "program", and fails unless the pack ran exactly when it should have.
  policy_op() {
    local d=$1 n=$2 side=$3 out=$4 m
    local extra=()
    if [[ $side == with ]]; then extra=(-policy-pack "$pack" -policy-pack-config "$packcfg"); fi
    if ! m=$(PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" \
      "$tools/measure" -watch "$pack" -out "$d/preview.log" -- \
      "$tools/goprogram" -program raw -n "$n" -dir "$d/prog" -op preview "${extra[@]}"); then
      echo "bench: policy: preview $side the pack failed:" >&2
      tail -n 20 "$d/preview.log" >&2
      exit 1
    fi
    python3 - "$m" "$d/preview.log" "$side" >> "$out" <<'EOF' || exit 1
import json, sys
rec, log, side = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(log) as f:
    prog = [json.loads(l) for l in f if l.startswith("{")][-1]
ran = prog["policyPacks"] > 0 or prog["policyAnalyzed"] > 0
if ran != (side == "with") or prog["policyMandatory"] or not prog["resources"]:
    sys.exit(f"bench: policy: preview {side} the pack: unexpected events {prog}")
rec["program"] = prog
print(json.dumps(rec, separators=(",", ":")))
EOF
  }
  rm -f "$results/policy-"*
  # Warm the page cache with the pack and the program once.
  go_stack "$work/policy/warm" raw 1
  policy_op "$work/policy/warm" 1 without /dev/null
  policy_op "$work/policy/warm" 1 with /dev/null
  o="$work/policy/n$POLICY_N"
  go_stack "$o" raw "$POLICY_N"
  for ((r = 1; r <= POLICY_RUNS; r++)); do
    log "policy: $POLICY_N raw buckets, preview without and with the pack, run $r/$POLICY_RUNS"
    # Alternate the order too, so that neither side always runs first.
    sides="without with"; ((r % 2)) || sides="with without"
    for side in $sides; do
      policy_op "$o" "$POLICY_N" "$side" "$results/policy-n$POLICY_N-$side-preview.jsonl"
    done
  done
  rm -rf "$work/policy"
  # The ratio, the pack's cost per bucket and per resource, and the report's
  # time per resource from the report results in $results (this run's, or an
  # earlier run's if the report section was skipped).
  python3 - "$results" "$POLICY_N" "$(skip report && echo earlier || echo this)" > "$results/policy-n$POLICY_N.json" <<'EOF'
import json, os, statistics, sys
res, n, report_run = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def jsonl(name):
    with open(os.path.join(res, name)) as f:
        return [json.loads(l) for l in f if l.strip()]
wo, w = jsonl(f"policy-n{n}-without-preview.jsonl"), jsonl(f"policy-n{n}-with-preview.jsonl")
wo_ms, w_ms = statistics.median(x["ms"] for x in wo), statistics.median(x["ms"] for x in w)
resources = w[0]["program"]["resources"]
out = {
    "n": n, "runs": min(len(wo), len(w)), "resources": resources,
    "policyAnalyzed": w[0]["program"]["policyAnalyzed"],
    "policyViolations": w[0]["program"]["policyViolations"],
    "withoutMs": wo_ms, "withMs": w_ms, "ratio": w_ms / wo_ms, "target": 1.15,
    "packMsPerBucket": (w_ms - wo_ms) / n, "packMsPerResource": (w_ms - wo_ms) / resources,
    "packPeakKiB": max(x["watchPeakKiB"] for x in w), "report": [], "reportFrom": report_run + " run",
}
try:
    with open(os.path.join(res, "report-sizes.txt")) as f:
        for l in f:
            want, count, _ = l.split()
            ms = statistics.median(x["ms"] for x in jsonl(f"report-{want}.jsonl"))
            out["report"].append({"resources": int(count), "ms": ms, "msPerResource": ms / int(count)})
except FileNotFoundError:
    out["reportFrom"] = "none"
print(json.dumps(out, indent=2))
print(f"    policy: with/without {out['ratio']:.3f} ({w_ms:.0f} vs {wo_ms:.0f} ms, target <= 1.15); "
      f"the pack costs {out['packMsPerResource'] * 1000:.0f} µs per resource ({resources} resources)", file=sys.stderr)
EOF
fi

# ---------------------------------------------------------------- 6. git metadata
# What orgiac:gitMetadata costs: the same YAML program of BENCH_GIT_N
# SecureBuckets, previewed with orgiac:gitMetadata true and false, alternating,
# in a clone of this repository (a real worktree of ~600 tracked files plus
# the generated SDKs, so the worktree-status walk is realistically sized).
# Each preview starts the plugin afresh, so each pays one git read.
if ! skip gitmeta; then
  log "gitmeta: cloning this repository as the program's worktree"
  g="$work/gitmeta"
  git clone -q --no-local "$root" "$g/repo"
  git -C "$g/repo" remote set-url origin "https://bench:not-a-token@example.com/acme/infra.git"
  for side in on off; do
    d="$g/$side"
    mkdir -p "$d/state"
    prog="$g/repo/stacks/bench-$side"
    mkdir -p "$prog"
    value=true; [[ $side == off ]] && value=false
    bucket_program "$GIT_N" | sed "s/^  aws:region: us-west-2$/  aws:region: us-west-2\n  orgiac:gitMetadata: $value/" > "$prog/Pulumi.yaml"
    grep -q "orgiac:gitMetadata: $value" "$prog/Pulumi.yaml" || { echo "bench: gitmeta: config not set" >&2; exit 1; }
    (cd "$prog" && PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" pulumi stack init dev --non-interactive >/dev/null)
  done
  # Commit both programs, so the worktree is clean as in CI.
  git -C "$g/repo" add stacks && git -C "$g/repo" -c user.email=bench@example.com -c user.name=bench commit -qm "bench programs"
  gitmeta_op() { # on|off OUT
    local side=$1 d="$g/$1"
    (cd "$g/repo/stacks/bench-$side" && PULUMI_HOME="$d/home" PULUMI_BACKEND_URL="file://$d/state" \
      "$tools/measure" -watch "$plugin" -out "$d/preview.log" -- pulumi preview --non-interactive) >> "$2"
  }
  rm -f "$results/gitmeta-"*
  gitmeta_op on /dev/null && gitmeta_op off /dev/null # page cache, plugin cache
  for ((r = 1; r <= GIT_RUNS; r++)); do
    log "gitmeta: $GIT_N SecureBuckets, preview with gitMetadata on and off, run $r/$GIT_RUNS"
    sides="on off"; ((r % 2)) || sides="off on"
    for side in $sides; do gitmeta_op "$side" "$results/gitmeta-n$GIT_N-$side-preview.jsonl"; done
  done
  # The previews must have read git exactly when asked: the on side's plan
  # carries the repository tag with the token removed, the off side's none.
  (cd "$g/repo/stacks/bench-on" && PULUMI_HOME="$g/on/home" PULUMI_BACKEND_URL="file://$g/on/state" \
    pulumi preview --non-interactive --json) > "$g/on/plan.json"
  (cd "$g/repo/stacks/bench-off" && PULUMI_HOME="$g/off/home" PULUMI_BACKEND_URL="file://$g/off/state" \
    pulumi preview --non-interactive --json) > "$g/off/plan.json"
  grep -q '"git:repository": "https://example.com/acme/infra.git"' "$g/on/plan.json" ||
    { echo "bench: gitmeta: the on side's preview has no git:repository tag" >&2; exit 1; }
  if grep -q 'git:repository\|not-a-token' "$g/off/plan.json" || grep -q 'not-a-token' "$g/on/plan.json"; then
    echo "bench: gitmeta: git fields where there should be none, or the token leaked" >&2; exit 1
  fi
  git -C "$g/repo" ls-files | wc -l > "$results/gitmeta-files.txt"
  rm -rf "$g"
  # The read itself, in process: go test's benchmark of gitinfo.Read over a
  # clone of this repository (time and allocations per read).
  log "gitmeta: go test -bench gitinfo.Read (count $GO_COUNT)"
  ORGIAC_BENCH_GIT_REPO="$root" go test -run '^$' -bench . -benchmem -count "$GO_COUNT" ./internal/gitinfo/ > "$results/gitmeta-read.txt"
fi

# ---------------------------------------------------------------- docs
cut -d' ' -f1-3 /proc/loadavg > "$results/loadavg-end.txt"
log "writing docs/performance.md"
python3 bench/summarize.py "$results" > docs/performance.md
log "done: docs/performance.md"
