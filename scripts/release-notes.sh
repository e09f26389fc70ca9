#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version (without the leading "v"),
# for goreleaser's --release-notes. Fails when the section is missing, so a
# release cannot ship without its changelog.
set -euo pipefail
version=${1:?usage: release-notes.sh VERSION}
version=${version#v}
notes=$(awk -v v="$version" '
  $0 ~ "^## \\[?" v "\\]?( |$)" { on = 1; next }
  on && /^## / { exit }
  on { print }
' "$(dirname "$0")/../CHANGELOG.md")
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
  echo "CHANGELOG.md has no section for $version" >&2
  exit 1
fi
printf '%s\n' "$notes"
