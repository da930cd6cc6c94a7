#!/usr/bin/env bash
# `npm run demo`: the main job on the embedded SQLite store (radguard-demo.db). As root on Linux it builds an
# isolated lab of real peers (Orthanc PACS, anonymous FTP, telnet, a legacy TLS web console — installed from Debian
# if missing) in network namespaces and scans it; otherwise it scans this machine's loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null && command -v apt-get >/dev/null; then
  bash scripts/install-peers.sh orthanc dcmtk vsftpd inetutils-inetd inetutils-telnetd nginx openssl iproute2 iptables
  RADGUARD_DB="${RADGUARD_DB:-radguard-demo.db}" exec npx tsx scripts/demo-lab.ts "$@"
fi
echo "radguard demo: not root, so scanning this machine (127.0.0.1) instead of the namespace lab"
exec node bin/radguard.js --db "${RADGUARD_DB:-radguard-demo.db}" scan 127.0.0.1 "$@"
