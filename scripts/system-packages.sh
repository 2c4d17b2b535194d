#!/usr/bin/env bash
# Installs the Debian packages the product needs, only when missing.
#   scripts/system-packages.sh run    fonts and libraries for PDFs, gettext for translations
#   scripts/system-packages.sh test   the same plus Debian's chromium for the browser tests
set -euo pipefail

packages=(fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
if [ "${1:-run}" = "test" ]; then
  packages+=(chromium)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}. This setup installs them on Debian/Ubuntu; install their equivalents by hand." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Missing system packages: ${missing[*]}. Run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
