#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium + its driver for the browser
# test, poppler for reading PDFs back, fonts for Chromium, wrk for the gallery
# load benchmark. Installs only what is missing; needs root (or sudo) on a
# Debian-based machine.
set -euo pipefail

packages=(chromium fonts-dejavu-core poppler-utils wrk)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian machine: install ${missing[*]} yourself (browser tests skip without Chromium)." >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Need root to install ${missing[*]}; browser tests will skip." >&2
    exit 0
  fi
fi
echo "Installing ${missing[*]} from Debian…"
for attempt in 1 2 3; do
  if $SUDO apt-get update -qq &&
     DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "apt-get failed (attempt $attempt); trying again shortly" >&2
  sleep $((attempt * 5))
done
echo "Could not install ${missing[*]}." >&2
exit 1
