#!/bin/bash
# lab/lib/write-env.sh - writes the files other tools use to reach the lab:
#   $L/env.sh        source it: OS_* (admin) + NETXRAY_LAB_* (ssh config, nodes, OVS env)
#   $L/clouds.yaml   clouds netxray-lab (admin) and netxray-lab-demo; OS_CLIENT_CONFIG_FILE points at it
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cat > "$L/env.sh" <<EOT
# netxray lab environment - source me:  . $L/env.sh
. $L/admin-openrc
export OS_CLIENT_CONFIG_FILE=$L/clouds.yaml
export NETXRAY_LAB_DIR=$L
export NETXRAY_LAB_SSH_CONFIG=$L/etc/ssh/ssh_config
export NETXRAY_LAB_SSH_KEY=$L/etc/ssh/id_ed25519
export NETXRAY_LAB_NODES="$NODE1 $NODE2"
export NETXRAY_LAB_NODE1_SSH=root@$H:$PORT_SSH1
export NETXRAY_LAB_NODE2_SSH=root@$H:$PORT_SSH2
# local OVS tools: node 1 is the root namespace (/run/openvswitch points at it);
# node 2:  env \$NETXRAY_LAB_OVS2_ENV ip netns exec $NXLAB_NS2 ovs-vsctl show
export NETXRAY_LAB_OVS1_ENV="$OVS1_ENV"
export NETXRAY_LAB_OVS2_ENV="$OVS2_ENV"
export NETXRAY_LAB_NETNS2=$NXLAB_NS2
# 1 when started with LAB_DVR=1; node 2's own qrouter-/fip- namespaces then live under NETXRAY_LAB_NETNS2_DIR
export NETXRAY_LAB_DVR=$(lab_dvr && echo 1 || echo 0)
export NETXRAY_LAB_NETNS2_DIR=$L/data/netns-node2
EOT
cat > "$L/clouds.yaml" <<EOT
# netxray lab (throwaway; passwords are not secrets)
clouds:
  netxray-lab:
    auth:
      auth_url: http://$H:$PORT_KEYSTONE/v3
      username: admin
      password: $ADMIN_PASSWORD
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
    interface: public
  netxray-lab-demo:
    auth:
      auth_url: http://$H:$PORT_KEYSTONE/v3
      username: demo
      password: demo-pass
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
    interface: public
EOT
