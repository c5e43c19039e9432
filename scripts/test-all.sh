#!/usr/bin/env bash
# The one line a new user (and CI) runs: installs what the tests need, builds, then runs every suite.
# Needs root (or sudo) for apt-get and for the namespace-based integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# Debian packages the tests drive for real: socat (PTY for the simulated modem), dnsmasq + dhclient
# (the modem's DHCP server and the host's client in network namespaces), chromium (renderer e2e),
# mobile-broadband-provider-info (the APN database source), iproute2/iputils/util-linux (netns, ping, unshare),
# systemd (systemd-analyze verify of the daemon's unit), sudo (visudo and `sudo -l` judge the shipped sudoers rule).
PKGS=(socat dnsmasq-base isc-dhcp-client iproute2 iputils-ping chromium mobile-broadband-provider-info usbutils psmisc procps util-linux systemd ca-certificates sudo)
missing=()
for p in "${PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "== npm install (builds through the prepare script)"
npm install --no-audit --no-fund

echo "== typecheck"
npm run typecheck
echo "== lint"
npm run lint

echo "== tests"
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json || status=$?
node -e '
const r = JSON.parse(require("fs").readFileSync("test-artifacts/vitest.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
