#!/usr/bin/env bash
# Runs one example end to end through the real Pulumi CLI and engine: stack
# init, up (printing the outputs), then destroy. It uses the orgiac plugin from
# bin/ and the stand-in AWS provider, so no cloud account is touched; state and
# plugins live in a temporary folder that is removed afterwards.
set -euo pipefail

example=${1:-yaml-secure-bucket}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export PATH="$root/bin:$root/.toolchain/bin:$PATH"
export PULUMI_HOME="$work/home"
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE=example
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export STANDIN_LEDGER="$work/ledger.json"

mkdir -p "$work/state"
cp -R "$root/examples/$example" "$work/program"
cd "$work/program"

echo "==> Running examples/$example with the stand-in AWS provider (no real AWS account is used)"
pulumi stack init dev --non-interactive
pulumi up --yes --skip-preview --non-interactive
echo
echo "==> Stack outputs"
pulumi stack output --json
echo
echo "==> Destroying"
pulumi destroy --yes --skip-preview --non-interactive
left=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$STANDIN_LEDGER" 2>/dev/null || echo 0)
echo "==> Done: $left resources left in the stand-in ledger"
test "$left" = 0
