# lab/env.sh - source me (". lab/env.sh") to talk to the running netxray lab:
# OS_* admin credentials, OS_CLIENT_CONFIG_FILE (clouds netxray-lab / netxray-lab-demo) and
# NETXRAY_LAB_* (ssh config and key, node names, OVS environments). Written by lab/up.sh.
if [ -f "${LAB_DIR:-/tmp/netxray-lab}/env.sh" ]; then
  . "${LAB_DIR:-/tmp/netxray-lab}/env.sh"
else
  echo "lab/env.sh: no lab at ${LAB_DIR:-/tmp/netxray-lab} (npm run lab:up)" >&2
  return 1 2>/dev/null || exit 1
fi
