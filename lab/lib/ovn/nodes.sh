# lab/lib/ovn/nodes.sh - the ML2/OVN lab's nodes: OVN central, one chassis per namespace, sshd, readiness.
# Sourced by lab/lib/ovn/up.sh. Chassis settings: ovn-controller(8) "Configuration" (external_ids of the
# local Open_vSwitch row); gateway chassis: neutron doc/source/admin/ovn/routing.rst (ovn-cms-options).

. "$NXLAB_HOME/lib/nodes.sh"     # node_ns/node_ip/node_env/node_name, netns, relays and sshd steps shared with lab/up.sh
nbctl() { ovn-nbctl --no-leader-only --timeout=10 --db="$OVN_NB_DB" "$@"; }
sbctl() { ovn-sbctl --no-leader-only --timeout=10 --db="$OVN_SB_DB" "$@"; }
sb_has_rows() { local t=$1; shift; [ -n "$(sbctl --bare --columns=_uuid find "$t" "$@")" ]; }  # sb_has_rows TABLE [COND...]

start_ovn_central() {  # NB + SB ovsdb-servers and ovn-northd inside node 1's namespace, unix sockets in $OVN_DIR
  local db ns=$NXLAB_NS1
  for db in nb sb; do
    local schema=/usr/share/ovn/ovn-$db.ovsschema file=$OVN_DIR/ovn${db}_db.db model=OVN_Northbound
    [ $db = sb ] && model=OVN_Southbound
    ovsdb-tool create "$file" "$schema"
    daemon ovsdb-server-$db env $OVN_CENTRAL_ENV ip netns exec "$ns" ovsdb-server "$file" \
      --remote=punix:"$OVN_DIR/ovn${db}_db.sock" --remote=db:$model,${db^^}_Global,connections \
      --pidfile="$OVN_DIR/ovn${db}_db.pid" --unixctl="$OVN_DIR/ovn${db}_db.ctl" --log-file="$L/log/ovn/ovsdb-server-$db.log"
    wait_until 20 ovsdb-client --timeout=2 list-dbs "unix:$OVN_DIR/ovn${db}_db.sock" \
      || fail_log "$L/log/ovn/ovsdb-server-$db.log" "the OVN ${db^^} ovsdb-server did not start"
  done
  daemon ovn-northd env $OVN_CENTRAL_ENV ip netns exec "$ns" ovn-northd --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" \
    --pidfile="$OVN_DIR/ovn-northd.pid" --unixctl="$OVN_DIR/ovn-northd.ctl" --log-file="$L/log/ovn/ovn-northd.log"
  # northd creates NB_Global / SB_Global on its first pass
  wait_until 30 sb_has_rows SB_Global \
    || fail_log "$L/log/ovn/ovn-northd.log" "ovn-northd did not connect"
}

start_ovn_controller() {  # start_ovn_controller N: node N becomes a chassis (node 1 the gateway)
  local n=$1 ns host sysid cms=()
  ns=$(node_ns $n); host=$(node_name $n)
  sysid=$(cat /proc/sys/kernel/random/uuid); echo "$sysid" > "$L/run/system-id-$n"
  [ "$n" = 1 ] && cms=(external_ids:ovn-cms-options=enable-chassis-as-gw)
  onnode $n ovs-vsctl --timeout=30 set Open_vSwitch . external_ids:system-id="$sysid" external_ids:hostname="$host" \
    external_ids:ovn-remote="$OVN_SB_DB" external_ids:ovn-encap-type=geneve external_ids:ovn-encap-ip="$(node_ip $n)" \
    external_ids:ovn-bridge-mappings=physnet1:br-ex external_ids:ovn-bridge-datapath-type=netdev "${cms[@]}"
  daemon ovn-controller-$n env $(node_env $n) ip netns exec "$ns" ovn-controller unix:"$L/data/ovs$n/db.sock" \
    --pidfile="$L/data/ovn$n/ovn-controller.pid" \
    --log-file="$L/log/ovn$n/ovn-controller.log"
  wait_until 60 sb_has_rows Chassis name="$sysid" \
    || { tail -n 20 "$L/log/ovn-controller-$n.log" >&2; fail_log "$L/log/ovn$n/ovn-controller.log" "ovn-controller of $host did not register its chassis"; }
  wait_until 60 onnode $n ovs-vsctl --timeout=5 br-exists br-int \
    || fail_log "$L/log/ovn$n/ovn-controller.log" "ovn-controller of $host did not create br-int"
  mirror_chassis_options "$sysid"
}

# Debian 12 pairs neutron 21 with OVN 23.03: ovn-controller 23.03 reports ovn-bridge-mappings and
# ovn-cms-options in SB Chassis other_config only, while neutron 21 reads them from Chassis external_ids
# (neutron/plugins/ml2/drivers/ovn/mech_driver/ovsdb/impl_idl_ovn.py, _get_chassis_physnets and
# get_gateway_chassis_from_cms_options): without them it refuses to bind VLAN/flat ports ("bridge mapping
# physical networks [] not supporting physical network") and finds no gateway chassis. The operator's
# workaround: copy both keys into external_ids (ovn-controller leaves that column alone).
chassis_has_mappings() { [ -n "$(sbctl --if-exists get Chassis "$1" other_config:ovn-bridge-mappings)" ]; }
mirror_chassis_options() {  # mirror_chassis_options SYSTEM_ID
  local key val
  wait_until 30 chassis_has_mappings "$1" || die "chassis $1 reports no ovn-bridge-mappings"
  for key in ovn-bridge-mappings ovn-cms-options; do
    val=$(sbctl --if-exists get Chassis "$1" other_config:$key 2>/dev/null | tr -d '"')
    [ -n "$val" ] && sbctl set Chassis "$1" external_ids:$key="$val"
  done
  return 0
}

start_node_sshds() {  # sshd in each namespace on its own 127.0.0.1:22, relayed to 127.0.0.1:$PORT_SSHn
  make_ssh_keys
  local n port
  for n in 1 2; do
    port=$PORT_SSH1; [ $n = 2 ] && port=$PORT_SSH2
    write_sshd_conf $PORT_SSH_NODE "$L/data/ovs$n" "$L/etc/ssh/sshd_config-node$n" "$L/run/sshd-node$n.pid"
    # a login shell also reaches the OVN tools: ovn-appctl of the node's ovn-controller, NB/SB
    sed -i "s|^SetEnv .*|& OVN_RUNDIR=$L/data/ovn$n OVN_NB_DB=$OVN_NB_DB OVN_SB_DB=$OVN_SB_DB|" "$L/etc/ssh/sshd_config-node$n"
    # in the node's mount namespace too (meta_view), so that `ip netns` over SSH lists the node's own ovnmeta-
    # namespaces, as on a real chassis: start_ovn_metadata_agent has mounted meta_netns_dir already
    meta_view $n
    start_node_sshd $n "${MV[@]}"
    relay_node_ssh $n $PORT_SSH_NODE $port
  done
  write_ssh_client_config "netxray ML2/OVN lab"
}

set_vif_mtus() {  # each instance tap's MTU as OVS's mtu_request (lab/py/vif_mtus.py says why)
  local host tap mtu n
  $PY "$NXLAB_HOME/py/vif_mtus.py" | while read -r host tap mtu; do
    if [ "$host" = "$NODE1" ]; then n=1; elif [ "$host" = "$NODE2" ]; then n=2; else continue; fi
    onnode $n ovs-vsctl --timeout=10 set Interface "$tap" mtu_request="$mtu"
  done
}

ovn_ready() {  # ovn_ready SECONDS: lab/py/ovn_ready.py; on failure the daemons' logs
  NXLAB_OVN_NODES="$NODE1=$NXLAB_NS1=$L/data/ovs1/db.sock=$(meta_netns_dir 1) $NODE2=$NXLAB_NS2=$L/data/ovs2/db.sock=$(meta_netns_dir 2)" \
    OVN_NB_DB=$OVN_NB_DB OVN_SB_DB=$OVN_SB_DB $PY "$NXLAB_HOME/py/ovn_ready.py" "$1" > "$L/log/ovn-ready.log" 2>&1 && return 0
  local f
  for f in "$L/log/ovn-ready.log" "$L/log/ovn1/ovn-controller.log" "$L/log/ovn2/ovn-controller.log" \
           "$L/log/ovn/ovn-northd.log" "$L/log/neutron-server-app.log" "$L/log/ovn-metadata-agent-1-app.log" \
           "$L/log/ovn-metadata-agent-2-app.log"; do
    echo "---- last lines of $f" >&2; tail -n 25 "$f" >&2
  done
  return 1
}

# The OVN metadata agent of node N. It names its namespaces ovnmeta-<network id> in /run/netns, which every
# namespace of this machine shares: two agents would see (and tear down, in their sync) each other's. So each
# runs in node N's own view of /run/netns (node_netns_view in lib/nodes.sh); lab/lib/ovn/down.sh unmounts the
# directories listed in $L/run/mounts.
start_ovn_metadata_agent() {  # start_ovn_metadata_agent N
  local n=$1
  mkdir -p "$L/data/neutron-meta$n/lock"
  node_netns_view "$n"
  daemon ovn-metadata-agent-$n "${MV[@]}" $PY "$L/bin/neutron-ovn-metadata-agent" --config-file "$L/etc/neutron/neutron-node$n.conf" \
    --config-file "$L/etc/neutron/ovn_metadata_agent-node$n.ini" --log-file "$L/log/ovn-metadata-agent-$n-app.log"
}
