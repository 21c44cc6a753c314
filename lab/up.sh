#!/bin/bash
# lab/up.sh - start the netxray OpenStack lab: a real, throwaway OpenStack Zed cloud from
# Debian 12 packages on this one machine (root, no systemd, no KVM).
#
#   control + node 1 (root namespace, 127.0.0.1): MariaDB, RabbitMQ, Keystone, Glance,
#     Placement, Nova api/conductor/scheduler/compute, neutron-server (ML2 flat/vlan/vxlan,
#     openvswitch), OVS agent, L3 agent, DHCP agent, userspace Open vSwitch, sshd :2222
#   node 2 (network namespace nxlab-node2): Open vSwitch, OVS agent, nova-compute, sshd
#     (reached as 127.0.0.1:2223 through a socat relay)
# then the sample topology (lab/topology.py) unless LAB_TOPOLOGY=0.
# LAB_DVR=1: Distributed Virtual Routing (lib/config.sh): the L3 agent of node 1 in agent_mode dvr_snat, a second
#   L3 agent (agent_mode dvr) on node 2 in node 2's own view of /run/netns (lib/nodes.sh node_netns_view), as is
#   node 2's sshd; the topology adds a second tenant network behind router1 and a floating IP on node 2.
#
# env: LAB_DIR (/tmp/netxray-lab)  LAB_SKIP_APT=1  LAB_TOPOLOGY=0  LAB_DVR=1
#      LAB_FIREWALL=openvswitch|iptables_hybrid   LAB_ADMIN_PASSWORD
# Stop with lab/down.sh (also cleans up after a failed start).
set -euo pipefail
trap 'echo "lab/up.sh: failed at line $LINENO (run lab/down.sh to clean up)" >&2' ERR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
if [ "$NXLAB_BACKEND" = ovn ]; then trap - ERR; exec bash "$NXLAB_HOME/lib/ovn/up.sh" "$@"; fi   # the ML2/OVN lab
. "$NXLAB_HOME/lib/config.sh"
. "$NXLAB_HOME/lib/control-plane.sh"
. "$NXLAB_HOME/lib/nodes.sh"
FIREWALL=${LAB_FIREWALL:-openvswitch}
case $FIREWALL in openvswitch|iptables_hybrid) ;; *) die "LAB_FIREWALL must be openvswitch or iptables_hybrid";; esac
DVR=${LAB_DVR:-0}
case $DVR in 0|1) ;; *) die "LAB_DVR must be 0 or 1";; esac
[ "$(id -u)" = 0 ] || die "the lab needs root (OVS, namespaces, devices)"

# ---------------------------------------------------------------- refuse to clash
lab_is_running && die "a lab from $L is still running: run lab/down.sh first"
refuse_busy_ports "another lab, e.g. /work/shared/oslab, running?"
for d in br-int br-tun br-ex; do ip link show $d >/dev/null 2>&1 && die "device $d exists (another Open vSwitch/lab?)"; done
ip netns list | grep -qw "$NXLAB_NS2" && die "netns $NXLAB_NS2 exists: run lab/down.sh"

phase "packages"
[ "${LAB_SKIP_APT:-0}" = 1 ] || bash "$NXLAB_HOME/install-packages.sh"

phase "layout"
rm -rf "$L/data" "$L/log" "$L/run" "$L/etc" "$L/bin"
mkdir -p "$L"/{run/pids,run/cmd,bin,etc/neutron,etc/nova,etc/ssh,etc/ovs1,etc/ovs2,log/ovs1,log/ovs2,log/rabbitmq,cache} \
  "$L"/data/{mysql,rabbitmq,ovs1,ovs2,relay,neutron/lock,nova/instances,nova/lock,glance/images,glance/staging,glance/tasks,glance/lock}
chmod 755 "$L"
NXLAB_TAG=$(cat /proc/sys/kernel/random/uuid); export NXLAB_TAG   # inherited by every lab process
echo "$NXLAB_TAG" > "$L/run/tag"
echo "$FIREWALL" > "$L/run/firewall"
if [ "$DVR" = 1 ]; then touch "$L/run/dvr"; fi   # lab_dvr (lib/common.sh): fault, record and down.sh read it
# what down.sh may remove because we created it
[ -e /run/openvswitch ] || [ -L /run/openvswitch ] || touch "$L/run/owns-run-openvswitch"
ip link show ovs-netdev >/dev/null 2>&1 || touch "$L/run/owns-ovs-netdev"
iptables-save > "$L/run/iptables-before.txt" 2>/dev/null || true
bash "$NXLAB_HOME/lib/host-state.sh" > "$L/run/host-before.txt"   # compared by test/lab/teardown.test.ts
$PY "$NXLAB_HOME/py/entrypoints.py" "$L/bin" >/dev/null
ln -s "$NXLAB_HOME/py/nova-compute-nxlab" "$L/bin/nova-compute-nxlab"
fetch_api_paste

phase "mariadb, rabbitmq, openvswitch"
start_mariadb_rabbitmq

start_ovs() {  # start_ovs N HOSTNAME: ovsdb-server + ovs-vswitchd of node N, br-ex
  local n=$1 envs run=$L/data/ovs$1 pre=()
  if [ "$n" = 1 ]; then envs=$OVS1_ENV; else envs=$OVS2_ENV; pre=(ip netns exec "$NXLAB_NS2"); fi
  env $envs ovsdb-tool create "$run/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  daemon ovsdb-server-$n env $envs "${pre[@]}" ovsdb-server "$run/conf.db" --remote=punix:"$run/db.sock" \
    --remote=db:Open_vSwitch,Open_vSwitch,manager_options --pidfile --log-file
  # the socket file exists a moment before the server accepts on it (seen once in CI: refused, up.sh failed)
  local i; for i in $(seq 1 40); do
    [ -S "$run/db.sock" ] && ovsdb-client --timeout=2 list-dbs unix:"$run/db.sock" >/dev/null 2>&1 && break; sleep 0.25
  done
  env $envs ovs-vsctl --no-wait init
  env $envs ovs-vsctl --no-wait set-manager ptcp:$PORT_OVSDB:$H -- set Open_vSwitch . external_ids:hostname=$2
  daemon ovs-vswitchd-$n env $envs "${pre[@]}" ovs-vswitchd unix:"$run/db.sock" --pidfile --log-file
  # every bridge in the netdev datapath (the agent does br-int/br-tun itself via datapath_type)
  env $envs ovs-vsctl --timeout=30 add-br br-ex -- set Bridge br-ex datapath_type=netdev
}
start_ovs 1 $NODE1
# plain `ovs-vsctl show` on this machine then reaches node 1 (sudo/ssh drop OVS_RUNDIR)
[ -f "$L/run/owns-run-openvswitch" ] && ln -s "$L/data/ovs1" /run/openvswitch

phase "configuration"
write_control_conf
write_neutron_conf $NODE1 "$L/etc/neutron/neutron.conf"
write_neutron_conf $NODE2 "$L/etc/neutron/neutron-node2.conf"
write_ml2_conf
write_ovs_agent_ini $LOCAL_IP1 "$L/etc/neutron/ovs_agent.ini"
write_ovs_agent_ini $LOCAL_IP2 "$L/etc/neutron/ovs_agent-node2.ini"
write_l3_dhcp_ini
write_nova_conf $NODE1 "$L/etc/nova/nova-compute.conf" no
write_nova_conf $NODE2 "$L/etc/nova/nova-compute-node2.conf" no

start_control_plane "$L/etc/neutron/ml2_conf.ini"   # phases: schemas, keystone + catalog, api services

phase "node 1 agents"
NCONF=(--config-file "$L/etc/neutron/neutron.conf")
daemon neutron-ovs-agent-1 $PY "$L/bin/neutron-openvswitch-agent" "${NCONF[@]}" --config-file "$L/etc/neutron/ovs_agent.ini" \
  --log-file "$L/log/neutron-ovs-agent-1-app.log"
daemon neutron-l3-agent $PY "$L/bin/neutron-l3-agent" "${NCONF[@]}" --config-file "$L/etc/neutron/l3_agent.ini" \
  --log-file "$L/log/neutron-l3-agent-app.log"
daemon neutron-dhcp-agent $PY "$L/bin/neutron-dhcp-agent" "${NCONF[@]}" --config-file "$L/etc/neutron/dhcp_agent.ini" \
  --log-file "$L/log/neutron-dhcp-agent-app.log"

phase "node 2 (netns $NXLAB_NS2)"
# node 2 has its own loopback (127.0.0.1 + 127.0.0.2 = its VXLAN endpoint), so its OVSDB/OpenFlow
# ports do not clash with node 1; the APIs and RabbitMQ reach it through unix-socket relays.
touch "$L/run/netns2"; add_node_netns 2   # recorded first: down.sh removes it even if a step fails
relay_services_into 2
start_ovs 2 $NODE2
daemon neutron-ovs-agent-2 env $OVS2_ENV ip netns exec "$NXLAB_NS2" $PY "$L/bin/neutron-openvswitch-agent" \
  --config-file "$L/etc/neutron/neutron-node2.conf" --config-file "$L/etc/neutron/ovs_agent-node2.ini" \
  --log-file "$L/log/neutron-ovs-agent-2-app.log"

if [ "$DVR" = 1 ]; then
  node_netns_view 2   # sets MV: node 2's qrouter-/fip- namespaces must not meet node 1's of the same name
  daemon neutron-l3-agent-2 "${MV[@]}" $PY "$L/bin/neutron-l3-agent" --config-file "$L/etc/neutron/neutron-node2.conf" \
    --config-file "$L/etc/neutron/l3_agent-node2.ini" --log-file "$L/log/neutron-l3-agent-2-app.log"
fi

phase "nova-compute x2 + cell discovery"
wait_http http://$H:$PORT_PLACEMENT/ 60 || fail_log "$L/log/placement.log" "placement did not start"
daemon nova-compute-1 env $OVS1_ENV $PY "$L/bin/nova-compute-nxlab" --config-file "$L/etc/nova/nova-compute.conf" \
  --log-file "$L/log/nova-compute-1-app.log"
daemon nova-compute-2 env $OVS2_ENV ip netns exec "$NXLAB_NS2" $PY "$L/bin/nova-compute-nxlab" \
  --config-file "$L/etc/nova/nova-compute-node2.conf" --log-file "$L/log/nova-compute-2-app.log"
wait_http http://$H:$PORT_NOVA/ 90 || fail_log "$L/log/nova-api-app.log" "nova-api did not start"
wait_http http://$H:$PORT_GLANCE/ 60 || fail_log "$L/log/glance-api.log" "glance-api did not start"
$PY "$NXLAB_HOME/py/wait_ready.py" > "$L/log/wait-ready.log" 2>&1 || fail_log "$L/log/wait-ready.log" "services did not come up"
$NOVAM cell_v2 discover_hosts > "$L/log/discover-hosts.log" 2>&1 || fail_log "$L/log/discover-hosts.log" "discover_hosts failed"

phase "sshd x2"
make_ssh_keys
# node 1 in the root namespace on $PORT_SSH1; node 2 on the same port in its own, relayed to $PORT_SSH2
write_sshd_conf $PORT_SSH1 "$L/data/ovs1" "$L/etc/ssh/sshd_config-node1" "$L/run/sshd-node1.pid"
write_sshd_conf $PORT_SSH1 "$L/data/ovs2" "$L/etc/ssh/sshd_config-node2" "$L/run/sshd-node2.pid"
start_node_sshd 1
if [ "$DVR" = 1 ]; then meta_view 2; start_node_sshd 2 "${MV[@]}"   # ip netns over SSH: node 2's own namespaces
else start_node_sshd 2; fi
relay_node_ssh 2 $PORT_SSH1 $PORT_SSH2
write_ssh_client_config "netxray lab"

phase "environment files"
bash "$NXLAB_HOME/lib/write-env.sh"

if [ "${LAB_TOPOLOGY:-1}" = 1 ]; then
  phase "sample topology"
  NXLAB_DVR=$DVR $PY "$NXLAB_HOME/topology.py" 2>&1 | tee "$L/log/topology.log" || die "sample topology failed (see $L/log/topology.log)"
fi
phase done
print_timings "firewall_driver=$FIREWALL$([ "$DVR" = 1 ] && echo ', DVR')"
cat <<EOT

netxray lab is up.   . $L/env.sh     (or: export OS_CLOUD=netxray-lab, clouds.yaml in $L)
  openstack server list --all-projects --long
  ssh -F $L/etc/ssh/ssh_config $NODE1 ovs-vsctl show      ($NODE2 likewise)
stop: npm run lab:down   (or bash $NXLAB_HOME/down.sh)
EOT
