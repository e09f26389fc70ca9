#!/usr/bin/env bash
# Runs one example end to end through the real Pulumi CLI and engine: stack
# init, up (printing the outputs), then destroy. It uses the orgiac plugin from
# bin/ and the stand-in AWS provider, so no cloud account is touched; state and
# plugins live in a temporary folder that is removed afterwards.
set -euo pipefail

example=${1:-yaml-secure-bucket}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# moto, the AWS emulator behind the aws stand-in, runs for the example and is
# stopped by its process id, however the script ends.
trap '"$root/bin/motoctl" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

export PATH="$root/bin:$root/.toolchain/bin:$PATH"
export PULUMI_HOME="$work/home"
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE=example
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export STANDIN_LEDGER="$work/ledger.json"

echo "==> Starting moto, the AWS API emulator behind the stand-in (loopback only, test credentials)"
STANDIN_MOTO_URL=$(cd "$root" && bin/motoctl start "$work")
export STANDIN_MOTO_URL

mkdir -p "$work/state"
cp -R "$root/examples/$example" "$work/program"
cd "$work/program"

echo "==> Running examples/$example with the stand-in AWS provider on moto (no real AWS account is used)"
pulumi stack init dev --non-interactive
pulumi up --yes --skip-preview --non-interactive
echo
echo "==> Stack outputs"
pulumi stack output --json
echo
echo "==> Destroying"
pulumi destroy --yes --skip-preview --non-interactive
in_ledger=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$STANDIN_LEDGER" 2>/dev/null || echo 0)
in_moto=$(cd "$root" && bin/motoctl count "$work")
echo "==> Done: $in_moto resources left in moto, $in_ledger in the stand-in's ledger"
test "$in_moto" = 0 && test "$in_ledger" = 0
