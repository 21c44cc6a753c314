#!/usr/bin/env bash
# The main job on a built-in default: set up, then draw netmiko (Debian's python3-netmiko) as an interactive
# HTML page and a terminal tree; without netmiko, a package of Python's standard library instead.
set -euo pipefail
cd "$(dirname "$0")/.."
# Without root, a missing python3-netmiko is not fatal: the demo falls back to the standard library.
NETXRAY_DEBIAN_PACKAGES="python3 python3-netmiko" bash scripts/install-deps.sh \
  || NETXRAY_DEBIAN_PACKAGES="" bash scripts/install-deps.sh
target=netmiko
/usr/bin/python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("netmiko") is None)' 2>/dev/null || target=email
mkdir -p out
netxray() { bin/netxray "$@"; } # the package's bin, as `npm install -g .` would put it on the PATH
netxray classes "$target" --focus "$([ "$target" = netmiko ] && echo CiscoIosSSH || echo Message)" --members none --format tree
netxray classes "$target" --format json -o "out/$target.json"
for format in html svg mermaid; do
  netxray classes "$target" --format "$format" -o "out/$target.$([ "$format" = mermaid ] && echo mmd || echo "$format")" || true
done
echo "open out/$target.html in a browser to search, focus and read the diagram"
