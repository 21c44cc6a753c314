#!/bin/bash
# lab/lib/ovn/fault.sh - faults of the ML2/OVN lab (LAB_BACKEND=ovn lab/fault ...; lab/fault hands over here),
# each made with the real tools (ovn-nbctl, ovs-vsctl, kill) behind Neutron's back and visible in the NB/SB/OVS
# state until undone. Same commands as lab/fault: list | <kind> | undo <kind> | undo-all | active.
# State of an injected fault (what to restore) lives in $LAB_DIR/run/faults/<kind>.
set -euo pipefail
export LAB_BACKEND=ovn
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
. "$NXLAB_HOME/lib/ovn/nodes.sh"
[ -f "$L/env.sh" ] && lab_is_running || die "no running ML2/OVN lab at $L (LAB_BACKEND=ovn npm run lab:up)"
. "$L/env.sh"
export NXLAB_TAG; NXLAB_TAG=$(lab_tag)       # processes restarted here still belong to the lab
F=$L/run/faults; mkdir -p "$F"

KINDS=(ovn-controller-down lsp-deleted wrong-requested-chassis gateway-chassis-removed ovn-northd-down metadata-agent-down
       encap-ip-wrong bridge-mapping-removed mtu-too-large)
WRONG_ENCAP_IP=127.0.1.222   # on node 2's loopback range but on no device: Geneve packets to it go nowhere
describe() {
  case $1 in
    ovn-controller-down)     echo "ovn-controller of $NODE2 stopped: its Chassis_Private.nb_cfg falls behind, its agent not alive";;
    lsp-deleted)             echo "vm4's Logical_Switch_Port deleted from the NB with ovn-nbctl (Neutron still has the port): SB Port_Binding gone, ovn-installed stays stale";;
    wrong-requested-chassis) echo "vm1's LSP options:requested-chassis set to $NODE2 (bound on $NODE1): $NODE1 releases the Port_Binding, $NODE2 has no such interface";;
    gateway-chassis-removed) echo "router1's gateway port loses its Gateway_Chassis ($NODE1): northd drops its cr-lrp Port_Binding, no chassis does the router's NAT (the floating IP goes dark)";;
    ovn-northd-down)         echo "ovn-northd stopped: NB changes no longer reach the SB (NB_Global.nb_cfg runs ahead of SB_Global.nb_cfg), every agent goes not alive";;
    metadata-agent-down)     echo "OVN metadata agent of $NODE2 stopped: its haproxys keep serving, but nothing provisions new networks there; Chassis_Private neutron:ovn-metadata-sb-cfg falls behind, its agent not alive";;
    encap-ip-wrong)          echo "$NODE2's ovn-encap-ip set to $WRONG_ENCAP_IP (an address nothing has): its SB Encap and $NODE1's Geneve tunnel port follow, east-west traffic to $NODE2 is lost";;
    bridge-mapping-removed)  echo "physnet1 removed from $NODE2's ovn-bridge-mappings: ovn-controller removes its localnet patch ports, vm3's VLAN 100 port has no way out of br-int";;
    mtu-too-large)           echo "vm4's tap on $NODE2 gets mtu_request 1500 on the Geneve network (MTU 1442): frames over 1442 bytes no longer fit the tunnel";;
    *) return 1;;
  esac
}

put() { echo "$2" > "$F/$1"; }
get() { cat "$F/$1"; }
port_of() {  # port_of SERVER: id of the server's first port
  local id; id=$(openstack server list --all-projects --name "^$1\$" -f value -c ID | head -n1)
  openstack port list --device-id "$id" -f value -c ID | head -n1
}
binding_chassis_host() {  # binding_chassis_host PORT: hostname of the chassis holding its SB Port_Binding ('' if none)
  local ch; ch=$(sbctl --bare --columns=chassis find Port_Binding logical_port="$1")
  [ -n "$ch" ] && sbctl --bare --columns=hostname list Chassis "$ch"
}
bound_to() { [ "$(binding_chassis_host "$1")" = "$2" ]; }
unbound() { [ -z "$(binding_chassis_host "$1")" ]; }
gw_lrp() {  # the NB name of router1's gateway port: lrp-<neutron port id>
  local p; p=$(openstack port list --device-owner network:router_gateway -f value -c ID | head -n1)
  echo "lrp-$p"
}
cr_lrp_host() { local lrp; lrp=$(gw_lrp); binding_chassis_host "cr-$lrp"; }
node2_ovs_ids() { onnode 2 ovs-vsctl --timeout=10 get Open_vSwitch . external_ids:"$1" | tr -d '"'; }
encap_ip_of() {  # encap_ip_of HOSTNAME: the IP of that chassis' SB Encap
  local enc; enc=$(sbctl --bare --columns=encaps find Chassis hostname="$1")
  sbctl --bare --columns=ip list Encap $enc
}
encap_of_node2_is() { [ "$(encap_ip_of "$NODE2")" = "$1" ]; }
node1_tunnel_to() { onnode 1 ovs-vsctl --timeout=10 --bare --columns=options find Interface type=geneve | grep -qwF "remote_ip=$1"; }
provnet_patches() { onnode 2 ovs-vsctl --timeout=10 --bare --columns=name find Interface type=patch | grep -c '^patch-br-int-to-provnet' || true; }
no_provnet_patches() { [ "$(provnet_patches)" = 0 ]; }
# Neutron's agent health check (ml2 ovn mech_driver ping_all_chassis, at most every agent_down_time/2, run when the
# agents are listed) bumps NB_Global nb_cfg; without northd, sb_cfg stays behind it
# node 2's ovn-controller no longer acknowledges: its Chassis_Private nb_cfg stays behind the next bump of NB_Global's
node2_nb_cfg_behind() {
  openstack network agent list -f value -c ID > /dev/null 2>&1
  [ "$(sbctl get Chassis_Private "$(cat "$L/run/system-id-2")" nb_cfg)" -lt "$(nbctl get NB_Global . nb_cfg)" ]
}
nb_cfg_ahead() { openstack network agent list -f value -c ID > /dev/null 2>&1; [ "$(nbctl get NB_Global . nb_cfg)" -gt "$(nbctl get NB_Global . sb_cfg)" ]; }
has_provnet_patches() { [ "$(provnet_patches)" != 0 ]; }
node2_mtu_is() { [ "$(onnode 2 ovs-vsctl --timeout=10 get Interface "$1" mtu)" = "$2" ]; }  # node2_mtu_is TAP MTU
nb_synced() { nbctl --timeout=5 --wait=sb sync; }   # bumps NB_Global.nb_cfg and waits for northd to copy it to the SB
sb_nb_cfg() { sbctl --bare --columns=nb_cfg list SB_Global; }
meta_sb_cfg() {  # meta_sb_cfg HOSTNAME: the SB nb_cfg its metadata agent last acknowledged in Chassis_Private
  sbctl --if-exists get Chassis_Private "$(sbctl --bare --columns=name find Chassis hostname="$1")" external_ids:'"neutron:ovn-metadata-sb-cfg"' 2>/dev/null | tr -d '"'
}
# meta_acked_since NB_CFG: node 2's metadata agent acknowledged an SB nb_cfg >= NB_CFG. It acknowledges only changes
# (an SB_Global update), none at start, so while it has not, the SB is bumped again every 5 s (a bump it missed
# while connecting); any later acknowledgement counts.
META_BUMP=0
meta_acked_since() {
  local ack; ack=$(meta_sb_cfg "$NODE2")
  [ -n "$ack" ] && [ "$ack" -ge "$1" ] && return 0
  [ $(( $(date +%s) - META_BUMP )) -ge 5 ] && { nb_synced; META_BUMP=$(date +%s); }
  return 1
}
tap_of() { echo "tap$(port_of "$1" | cut -c1-11)"; }
wait_for() {  # wait_for SECONDS DESCRIPTION CMD...: poll CMD every 0.5 s; a timeout prints the ovn-controller logs
  local t=$1 what=$2; shift 2
  wait_until "$t" "$@" && return 0
  tail -n 20 "$L/log/ovn1/ovn-controller.log" "$L/log/ovn2/ovn-controller.log" >&2
  die "timed out after ${t}s waiting for: $what"
}

inject() {
  local k=$1
  [ -e "$F/$k" ] && die "$k is already injected (LAB_BACKEND=ovn lab/fault undo $k)"
  case $k in
  ovn-controller-down)
    daemon_stop ovn-controller-2; put $k stopped
    wait_for 120 "$NODE2's Chassis_Private nb_cfg behind NB_Global's (Neutron's next liveness round)" node2_nb_cfg_behind;;
  lsp-deleted)
    local p ls; p=$(port_of vm4)
    ls=$(nbctl --bare --columns=name find Logical_Switch "ports{>=}$(nbctl --bare --columns=_uuid find Logical_Switch_Port name="$p")")
    # what undo needs to put it back exactly: its switch, every column Neutron wrote, its port groups
    { echo "$p $ls"; nbctl --format=json list Logical_Switch_Port "$p"
      nbctl --bare --columns=name find Port_Group "ports{>=}$(nbctl --bare --columns=_uuid find Logical_Switch_Port name="$p")"; } > "$F/$k"
    nbctl lsp-del "$p"
    wait_for 60 "SB Port_Binding of $p removed" sh -c "[ -z \"\$(ovn-sbctl --bare --columns=_uuid find Port_Binding logical_port=$p)\" ]";;
  wrong-requested-chassis)
    local p; p=$(port_of vm1)
    put $k "$p $(nbctl get Logical_Switch_Port "$p" options:requested-chassis | tr -d '"')"
    nbctl set Logical_Switch_Port "$p" options:requested-chassis="$NODE2"
    wait_for 60 "$p released by $NODE1" unbound "$p";;
  gateway-chassis-removed)
    local lrp gc; lrp=$(gw_lrp)
    gc=$(nbctl --bare --columns=chassis_name,priority list Gateway_Chassis $(nbctl --bare --columns=gateway_chassis list Logical_Router_Port "$lrp") | tr '\n' ' ')
    put $k "$lrp $gc"
    nbctl lrp-del-gateway-chassis "$lrp" ${gc%% *}
    wait_for 60 "cr-$lrp unclaimed" sh -c "[ -z \"\$(ovn-sbctl --bare --columns=chassis find Port_Binding logical_port=cr-$lrp)\" ]";;
  ovn-northd-down)
    daemon_stop ovn-northd; put $k stopped
    wait_for 120 "NB_Global nb_cfg ahead of sb_cfg (Neutron's next liveness round, nothing carries it to the SB)" nb_cfg_ahead;;
  metadata-agent-down)
    daemon_stop ovn-metadata-agent-2; put $k stopped;;
  encap-ip-wrong)
    put $k "$(node2_ovs_ids ovn-encap-ip)"
    onnode 2 ovs-vsctl --timeout=10 set Open_vSwitch . external_ids:ovn-encap-ip=$WRONG_ENCAP_IP
    wait_for 60 "SB Encap of $NODE2 at $WRONG_ENCAP_IP" encap_of_node2_is $WRONG_ENCAP_IP
    wait_for 60 "$NODE1's tunnel towards $WRONG_ENCAP_IP" node1_tunnel_to $WRONG_ENCAP_IP;;
  bridge-mapping-removed)
    put $k "$(node2_ovs_ids ovn-bridge-mappings)"
    onnode 2 ovs-vsctl --timeout=10 remove Open_vSwitch . external_ids ovn-bridge-mappings
    # what ovn-controller reports, mirrored for neutron 21 as at start (mirror_chassis_options)
    sbctl remove Chassis "$(cat "$L/run/system-id-2")" external_ids ovn-bridge-mappings
    wait_for 60 "$NODE2's localnet patch ports removed" no_provnet_patches;;
  mtu-too-large)
    local tap; tap=$(tap_of vm4)
    put $k "$tap $(onnode 2 ovs-vsctl --timeout=10 get Interface "$tap" mtu_request)"
    onnode 2 ovs-vsctl --timeout=10 set Interface "$tap" mtu_request=1500
    wait_for 60 "$tap at MTU 1500" node2_mtu_is "$tap" 1500;;
  *) die "unknown fault kind $k (LAB_BACKEND=ovn lab/fault list)";;
  esac
  echo "injected: $k - $(describe "$k")"
}

undo() {
  local k=$1 st
  [ -e "$F/$k" ] || die "$k is not injected"
  st=$(get "$k")
  case $k in
  ovn-controller-down)
    daemon_restart ovn-controller-2
    wait_for 60 "$NODE2 bound its ports again" bound_to "$(port_of vm4)" "$NODE2";;
  lsp-deleted)
    local p ls row
    read -r p ls < <(head -n1 "$F/$k")
    row=$(sed -n 2p "$F/$k")
    $PY - "$p" "$ls" "$row" "$OVN_NB_DB" <<'PYEOF'
import json, subprocess, sys
port, switch, row, db = sys.argv[1:5]
j = json.loads(row)
r = dict(zip(j['headings'], j['data'][0]))
def ovs(v):  # OVSDB JSON -> ovn-nbctl set syntax
    if isinstance(v, list) and v[0] == 'map':
        return '{' + ','.join('"%s"="%s"' % (k, x) for k, x in v[1]) + '}'
    if isinstance(v, list) and v[0] == 'set':
        return '[' + ','.join('"%s"' % x for x in v[1]) + ']'
    return '"%s"' % v
cmd = ['ovn-nbctl', '--db=' + db, '--may-exist', 'lsp-add', switch, port, '--', 'set', 'Logical_Switch_Port', port]
for col in ('addresses', 'port_security', 'external_ids', 'options', 'type', 'enabled'):
    if col in r and r[col] != ['set', []]:
        cmd.append('%s=%s' % (col, ovs(r[col]) if col != 'enabled' else str(r[col][1] if isinstance(r[col], list) else r[col]).lower()))
if r.get('dhcpv4_options') and r['dhcpv4_options'] != ['set', []]:
    cmd.append('dhcpv4_options=%s' % r['dhcpv4_options'][1])
subprocess.run(cmd, check=True)
PYEOF
    local pg; for pg in $(sed -n '3,$p' "$F/$k"); do
      nbctl add Port_Group "$pg" ports "$(nbctl --bare --columns=_uuid find Logical_Switch_Port name="$p")"
    done
    wait_for 60 "$p bound to $NODE2 again" bound_to "$p" "$NODE2";;
  wrong-requested-chassis)
    local p=${st%% *} host=${st#* }
    nbctl set Logical_Switch_Port "$p" options:requested-chassis="$host"
    wait_for 60 "$p bound to $host again" bound_to "$p" "$host";;
  gateway-chassis-removed)
    local lrp ch prio; read -r lrp ch prio <<< "$st"
    nbctl lrp-set-gateway-chassis "$lrp" "$ch" "$prio"
    wait_for 60 "cr-$lrp claimed again" sh -c "[ -n \"\$(ovn-sbctl --bare --columns=chassis find Port_Binding logical_port=cr-$lrp)\" ]";;
  ovn-northd-down)
    daemon_restart ovn-northd
    wait_for 60 "ovn-northd copies NB changes to the SB again" nb_synced;;
  metadata-agent-down)
    daemon_restart ovn-metadata-agent-2
    nb_synced; local target; target=$(sb_nb_cfg)
    # a generous bound: the agent took 80 s to start at load average 8 on this 2-core machine (measured)
    wait_for 300 "$NODE2's metadata agent acknowledges the SB again" meta_acked_since "$target";;
  encap-ip-wrong)
    onnode 2 ovs-vsctl --timeout=10 set Open_vSwitch . external_ids:ovn-encap-ip="$st"
    wait_for 60 "SB Encap of $NODE2 at $st" encap_of_node2_is "$st"
    wait_for 60 "$NODE1's tunnel towards $st" node1_tunnel_to "$st";;
  bridge-mapping-removed)
    onnode 2 ovs-vsctl --timeout=10 set Open_vSwitch . external_ids:ovn-bridge-mappings="$st"
    mirror_chassis_options "$(cat "$L/run/system-id-2")"
    wait_for 60 "$NODE2's localnet patch ports back" has_provnet_patches;;
  mtu-too-large)
    local tap mtu; read -r tap mtu <<< "$st"
    if [ "$mtu" = '[]' ]; then onnode 2 ovs-vsctl --timeout=10 clear Interface "$tap" mtu_request
    else onnode 2 ovs-vsctl --timeout=10 set Interface "$tap" mtu_request="$mtu"; fi
    [ "$mtu" = '[]' ] || wait_for 60 "$tap at MTU $mtu" node2_mtu_is "$tap" "$mtu";;
  esac
  rm -f "$F/$k"
  echo "undone: $k"
}

cmd=${1:-list}
case $cmd in
  list) for k in "${KINDS[@]}"; do printf '%-24s %s\n' "$k" "$(describe "$k")"; done;;
  active) ls "$F";;
  inject) inject "${2:?kind}";;
  undo) undo "${2:?kind}";;
  undo-all) for k in $(ls "$F"); do undo "$k"; done;;
  *) describe "$cmd" >/dev/null || die "unknown command or kind '$cmd' (LAB_BACKEND=ovn lab/fault list)"
     if [ "${2:-}" = undo ]; then undo "$cmd"; else inject "$cmd"; fi;;
esac
