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
ovn_metadata_enabled = ${OVN_METADATA:-false}
# neutron-server checks the NB against its DB at start; log only, never write (it is a lab to fault)
neutron_sync_mode = log
EOT
}
