# lab/lib/ovn/config.sh - the ML2/OVN lab's neutron configuration. Sourced by lab/lib/ovn/up.sh
# after lab/lib/config.sh (whose writers for keystone, nova, glance, placement, rabbitmq and sshd it reuses).
# Options: neutron/conf/plugins/ml2/drivers/ovn/ovn_conf.py (neutron 21); the networking-ovn
# install guide's ml2_conf.ini (geneve max_header_size 38 = the Geneve overhead OVN needs).

write_ml2_ovn_conf() {
  cat > "$L/etc/neutron/ml2_conf.ini" <<EOT
[ml2]
type_drivers = flat,vlan,geneve
tenant_network_types = geneve
mechanism_drivers = ovn
extension_drivers = port_security
overlay_ip_version = 4
[ml2_type_flat]
flat_networks = physnet1
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:199
[ml2_type_geneve]
vni_ranges = 1000:1999
max_header_size = 38
[securitygroup]
enable_security_group = true
[ovn]
ovn_nb_connection = $OVN_NB_DB
ovn_sb_connection = $OVN_SB_DB
ovsdb_connection_timeout = 60
ovn_l3_scheduler = leastloaded
# centralized floating IPs: north-south traffic through the gateway chassis' cr-lrp
enable_distributed_floating_ip = false
# a metadata port (localport) per network, served on each chassis by its OVN metadata agent
ovn_metadata_enabled = true
# neutron-server checks the NB against its DB at start; log only, never write (it is a lab to fault)
neutron_sync_mode = log
EOT
}

# the OVN metadata agent of node N (neutron/conf/agent/ovn/metadata/config.py, neutron/conf/agent/metadata/config.py),
# read after $L/etc/neutron/neutron-nodeN.conf: its own state_path (haproxy configs and pid files, the proxy's unix
# socket) and lock_path per node, the node's own OVS, the SB. metadata_workers = 0: the proxy in the agent's process.
write_ovn_metadata_ini() {  # write_ovn_metadata_ini N
  local n=$1
  cat > "$L/etc/neutron/ovn_metadata_agent-node$n.ini" <<EOT
[DEFAULT]
state_path = $L/data/neutron-meta$n
metadata_workers = 0
nova_metadata_host = $H
nova_metadata_port = $PORT_NOVA_METADATA
metadata_proxy_shared_secret = nxlab-metadata
[oslo_concurrency]
lock_path = $L/data/neutron-meta$n/lock
[ovs]
ovsdb_connection = unix:$L/data/ovs$n/db.sock
[ovn]
ovn_sb_connection = $OVN_SB_DB
EOT
}
