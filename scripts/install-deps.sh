#!/usr/bin/env bash
# Installs what netxray and its tests need on Debian 12: the Debian packages (only those missing) and the
# npm packages pinned in package-lock.json, then builds. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Python packages the accuracy tests read and import (rich, ruamel.yaml and socks: what the shared netmiko 4.6.0
# imports, for the --diff truth), the untuned packages of test/classes/untunedAccuracy.test.ts, pyreverse for the
# benchmark, chromium for browser tests; for the unit tests that serve the recorded ML2/OVN lab's databases
# (test/trace/_ovnLab.ts: ovsdb-server, ovs-vsctl, ovn-nbctl/-sbctl, ovn-trace, ovn-northd), Open vSwitch and OVN
# central, no daemon started; graphviz's dot, which must accept every DOT output (test/render/formats.test.ts).
# On a fresh machine these run before any lab has installed its own packages (scripts/test.sh).
# NETXRAY_DEBIAN_PACKAGES overrides the list (the demo needs only python3 and netmiko).
read -r -a DEBIAN_PACKAGES <<< "${NETXRAY_DEBIAN_PACKAGES-python3 python3-netmiko python3-junos-eznc python3-paramiko python3-ncclient python3-neutron python3-oslotest python3-transitions python3-yamlordereddictloader python3-ruamel.yaml python3-rich python3-socks python3-griffe python3-attr python3-requests python3-urllib3 python3-jinja2 python3-sqlalchemy python3-docutils python3-pygments python3-click python3-werkzeug python3-twisted python3-django pylint chromium xz-utils openvswitch-switch ovn-central graphviz}"

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "netxray setup: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
  fi
  echo "netxray setup: apt-get install ${missing[*]}" >&2
  # No daemons may start from package scripts on a machine without systemd (policy-rc.d convention, invoke-rc.d(8)).
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${as_root[@]}" chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  "${as_root[@]}" apt-get update -q >/dev/null
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  [ "$policy_added" = 1 ] && "${as_root[@]}" rm -f /usr/sbin/policy-rc.d
fi

# npm packages: reinstall only when package-lock.json changed since the last install.
stamp=node_modules/.netxray-lock-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
npm run --silent build
