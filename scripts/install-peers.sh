#!/usr/bin/env bash
# Installs the Debian packages the tests need (real peers: Orthanc, DCMTK, vsftpd, Samba, nginx …), listed in
# test/peers/debian-packages.txt. Does nothing when all are present; needs root (or sudo) otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
# Arguments name a subset (the lab demo needs only a few); by default, everything the tests need.
if [ $# -gt 0 ]; then wanted=("$@"); else mapfile -t wanted < <(grep -vE '^\s*(#|$)' test/peers/debian-packages.txt | awk '{print $1}'); fi
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "install-peers: all ${#wanted[@]} packages present"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-peers: installing ${missing[*]}"
$SUDO apt-get update -qq
# Daemons must not start on install (policy-rc.d): the tests start their own, inside namespaces.
printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
# With recommends, as on the machines the suite was developed and measured on.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
