#!/usr/bin/env bash
# install-chromium.sh: makes sure a Chromium is on PATH for the HTML report's
# browser test (cmd/orgiac/format_html_test.go). It does nothing when
# chromium, chromium-browser or google-chrome is already there; otherwise it
# installs Debian's chromium package with apt-get, through sudo when not
# root. apt-get update runs only when the first install fails, for a machine
# whose package lists are missing or stale.
set -euo pipefail

for browser in chromium chromium-browser google-chrome; do
  if command -v "$browser" >/dev/null 2>&1; then
    echo "==> $browser is installed: $(command -v "$browser")"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium.sh: no chromium on PATH and no apt-get to install it;" \
    "install Chromium or Chrome by hand for the HTML report test" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-chromium.sh: not root and no sudo; run as root:" \
      "apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
  sudo=(sudo)
fi

install() {
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends chromium
}

start=$SECONDS
echo "==> Chromium, from Debian's packages (for the HTML report's browser test)"
if ! install; then
  echo "    apt-get install failed; updating the package lists and retrying"
  ${sudo[@]+"${sudo[@]}"} apt-get update
  install
fi
chromium --version
echo "    Chromium: done in $((SECONDS - start))s"
