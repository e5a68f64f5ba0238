#!/usr/bin/env bash
# Installs the Debian 12 packages listed in scripts/debian-packages, plus any
# extra package names given as arguments (scripts/test.sh adds chromium for
# the HTML report test). Runs apt as root directly, or through sudo otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

mapfile -t packages < <(grep -v -e '^#' -e '^[[:space:]]*$' scripts/debian-packages)
packages+=("$@")

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-deps: ${#packages[@]} packages present"
