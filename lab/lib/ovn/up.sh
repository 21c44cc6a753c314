#!/bin/bash
# lab/lib/ovn/up.sh - start the ML2/OVN netxray lab (LAB_BACKEND=ovn npm run lab:up; lab/up.sh hands over here).
#
#   control (root namespace, 127.0.0.1, ports of lab/lib/ovn/settings.sh): MariaDB, RabbitMQ, Keystone,
#     Glance, Placement, Nova api/conductor/scheduler, neutron-server (ML2 ovn + ovn-router; no OVS, L3
#     or DHCP agents)
#   node 1 (netns nxlab-ovn-node1): OVN NB + SB ovsdb-servers and ovn-northd (unix sockets under $L),
#     userspace Open vSwitch, ovn-controller (gateway chassis), OVN metadata agent, nova-compute, sshd (127.0.0.1:12222)
#   node 2 (netns nxlab-ovn-node2): userspace Open vSwitch, ovn-controller, OVN metadata agent, nova-compute, sshd (:12223)
# then the sample topology (lab/topology.py) and lab/py/ovn_ready.py, unless LAB_TOPOLOGY=0.
# It runs beside the ML2/OVS lab: nothing here uses its LAB_DIR, ports, namespaces or devices.
# Stop with LAB_BACKEND=ovn lab/down.sh (also cleans up after a failed start).
set -euo pipefail
trap 'echo "lab/lib/ovn/up.sh: failed at line $LINENO (LAB_BACKEND=ovn lab/down.sh cleans up)" >&2' ERR
export LAB_BACKEND=ovn
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
. "$NXLAB_HOME/lib/config.sh"
. "$NXLAB_HOME/lib/ovn/config.sh"
. "$NXLAB_HOME/lib/control-plane.sh"
. "$NXLAB_HOME/lib/ovn/nodes.sh"        # sources lib/nodes.sh
[ "$(id -u)" = 0 ] || die "the lab needs root (OVS, namespaces, devices)"

# ---------------------------------------------------------------- refuse to clash
lab_is_running && die "a lab from $L is still running: run LAB_BACKEND=ovn lab/down.sh first"
refuse_busy_ports "another OVN lab running?"
for ns in "$NXLAB_NS1" "$NXLAB_NS2"; do
  ip netns list | awk '{print $1}' | grep -qxF "$ns" && die "netns $ns exists: run LAB_BACKEND=ovn lab/down.sh"
done

phase "packages"
[ "${LAB_SKIP_APT:-0}" = 1 ] || bash "$NXLAB_HOME/install-packages.sh"

phase "layout"
rm -rf "$L/data" "$L/log" "$L/run" "$L/etc" "$L/bin"
mkdir -p "$L"/{run/pids,run/cmd,bin,etc/neutron,etc/nova,etc/ssh,etc/ovs1,etc/ovs2,log/ovs1,log/ovs2,log/ovn,log/ovn1,log/ovn2,log/rabbitmq,cache} \
  "$L"/data/{mysql,rabbitmq,ovs1,ovs2,ovn,ovn1,ovn2,relay,neutron/lock,nova/instances,nova/lock,glance/images,glance/staging,glance/tasks,glance/lock}
chmod 755 "$L"
cd "$L"   # daemons inherit it: an Erlang crash dump lands in the lab dir, not in the caller's
NXLAB_TAG=$(cat /proc/sys/kernel/random/uuid); export NXLAB_TAG   # inherited by every lab process
echo "$NXLAB_TAG" > "$L/run/tag"
echo ovn > "$L/run/backend"
echo openvswitch > "$L/run/firewall"
cp /dev/null "$L/run/netns"
$PY "$NXLAB_HOME/py/entrypoints.py" "$L/bin" >/dev/null
ln -s "$NXLAB_HOME/py/nova-compute-nxlab" "$L/bin/nova-compute-nxlab"
fetch_api_paste

phase "namespaces, mariadb, rabbitmq"
for n in 1 2; do echo "$(node_ns $n)" >> "$L/run/netns"; add_node_netns $n; done
start_mariadb_rabbitmq

start_node_ovs() {  # start_node_ovs N: ovsdb-server + ovs-vswitchd of node N in its namespace, br-ex
  local n=$1 run=$L/data/ovs$1 i
  onnode $n ovsdb-tool create "$run/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  daemon ovsdb-server-$n env $(node_env $n) ip netns exec "$(node_ns $n)" ovsdb-server "$run/conf.db" \
    --remote=punix:"$run/db.sock" --remote=db:Open_vSwitch,Open_vSwitch,manager_options --pidfile --log-file
  for i in $(seq 1 40); do
    [ -S "$run/db.sock" ] && ovsdb-client --timeout=2 list-dbs unix:"$run/db.sock" >/dev/null 2>&1 && break; sleep 0.25
  done
  onnode $n ovs-vsctl --no-wait init
  # manager on the namespace's own loopback: os-vif in nova-compute plugs through it
  onnode $n ovs-vsctl --no-wait set-manager ptcp:$PORT_OVSDB:$H
  daemon ovs-vswitchd-$n env $(node_env $n) ip netns exec "$(node_ns $n)" ovs-vswitchd unix:"$run/db.sock" --pidfile --log-file
  onnode $n ovs-vsctl --timeout=30 add-br br-ex -- set Bridge br-ex datapath_type=netdev
}
start_node_ovs 1
start_node_ovs 2

phase "ovn central (node 1)"
start_ovn_central

phase "ovn-controller x2"
for n in 1 2; do start_ovn_controller $n; done

phase "configuration"
write_control_conf
NEUTRON_SERVICE_PLUGINS=ovn-router write_neutron_conf $NODE1 "$L/etc/neutron/neutron.conf"
write_ml2_ovn_conf
for n in 1 2; do write_neutron_conf "$(node_name $n)" "$L/etc/neutron/neutron-node$n.conf"; write_ovn_metadata_ini $n; done
write_nova_conf $NODE1 "$L/etc/nova/nova-compute-node1.conf" no
write_nova_conf $NODE2 "$L/etc/nova/nova-compute-node2.conf" no

start_control_plane "$L/etc/neutron/ml2_conf.ini"   # phases: schemas, keystone + catalog, api services

phase "relays into the node namespaces"
relay_services_into 1 2

phase "ovn metadata agents x2"
for n in 1 2; do start_ovn_metadata_agent $n; done

phase "nova-compute x2 + cell discovery"
wait_http http://$H:$PORT_PLACEMENT/ 60 || fail_log "$L/log/placement.log" "placement did not start"
for n in 1 2; do
  daemon nova-compute-$n env $(node_env $n) ip netns exec "$(node_ns $n)" $PY "$L/bin/nova-compute-nxlab" \
    --config-file "$L/etc/nova/nova-compute-node$n.conf" --log-file "$L/log/nova-compute-$n-app.log"
done
wait_http http://$H:$PORT_NOVA/ 90 || fail_log "$L/log/nova-api-app.log" "nova-api did not start"
wait_http http://$H:$PORT_GLANCE/ 60 || fail_log "$L/log/glance-api.log" "glance-api did not start"
# ready: two nova-compute services up, two OVN Controller and two OVN Metadata agents alive (from SB Chassis_Private)
$PY "$NXLAB_HOME/py/wait_ready.py" 180 4 > "$L/log/wait-ready.log" 2>&1 || {
  tail -n 20 "$L/log/ovn1/ovn-controller.log" "$L/log/neutron-server-app.log" >&2; fail_log "$L/log/wait-ready.log" "services did not come up"; }
$NOVAM cell_v2 discover_hosts > "$L/log/discover-hosts.log" 2>&1 || fail_log "$L/log/discover-hosts.log" "discover_hosts failed"

phase "sshd x2"
start_node_sshds

phase "environment files"
bash "$NXLAB_HOME/lib/write-env.sh"
cat >> "$L/env.sh" <<EOT
# ML2/OVN lab: both nodes in their own namespaces; OVN NB/SB on unix sockets (ovn-nbctl/ovn-sbctl read these)
export NETXRAY_LAB_BACKEND=ovn
export NETXRAY_LAB_NETNS1=$NXLAB_NS1
export OVN_NB_DB=$OVN_NB_DB
export OVN_SB_DB=$OVN_SB_DB
EOT

if [ "${LAB_TOPOLOGY:-1}" = 1 ]; then
  phase "sample topology"
  NXLAB_NODES="$NODE1 $NODE2" NXLAB_TENANT_TYPE=geneve NXLAB_WIRED_OWNERS=compute: \
    $PY "$NXLAB_HOME/topology.py" 2>&1 | tee "$L/log/topology.log" || die "sample topology failed (see $L/log/topology.log)"
  phase "instance MTUs"
  set_vif_mtus
  phase "ovn readiness"
  ovn_ready 180 || die "the OVN state did not become ready (see $L/log/ovn-ready.log)"
fi
phase done
print_timings "ML2/OVN"
cat <<EOT

netxray ML2/OVN lab is up.   . $L/env.sh
  openstack port list --long;  ovn-sbctl show;  ovn-nbctl show
  ssh -F $L/etc/ssh/ssh_config $NODE1 ovs-vsctl show      ($NODE2 likewise)
stop: LAB_BACKEND=ovn npm run lab:down
EOT
