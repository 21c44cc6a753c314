# lab/lib/config.sh - writes the lab's configuration files under $L/etc. Sourced by lab/up.sh.
# Option values follow the working recipe in /work/shared/oslab/README.md (pitfalls 3-10);
# the comments say why each non-default value is there.
# DVR=1 (lab/up.sh, LAB_DVR=1): Distributed Virtual Routing as neutron's doc/source/admin/deploy-ovs-ha-dvr.rst
# sets it up: router_distributed, the l2population mechanism driver, the OVS agents in DVR mode with l2population
# and the ARP responder, the L3 agent dvr_snat on node 1 (network + compute) and dvr on node 2 (compute only).
DVR=${DVR:-0}

DBURL="mysql+pymysql://$DB_USER:$DB_PASSWORD@$H:$PORT_MYSQL"
RABBIT_URL="rabbit://guest:guest@$H:$PORT_RABBIT/"

ks_auth() {  # ks_auth SECTION SERVICE_USER: keystonemiddleware / service client credentials
  printf '[%s]\nwww_authenticate_uri = http://%s:%s/\nauth_url = http://%s:%s/\nauth_type = password\n' "$1" $H $PORT_KEYSTONE $H $PORT_KEYSTONE
  printf 'memcached_servers =\nuser_domain_name = Default\nproject_domain_name = Default\nproject_name = service\n'
  printf 'region_name = RegionOne\nusername = %s\npassword = %s-pass\n' "$2" "$2"
}

# Keystone's cache on, as every deployment tool sets it (devstack, kolla and OpenStack-Ansible point it at memcached):
# with [token] cache_on_issue (the default) a token is validated from the cache, so each Nova and Neutron request
# of a new token no longer costs Keystone a token rebuild (lab at load ~6: validation 65-122 ms instead of
# 300-378 ms, issue 318-539 ms instead of 757-787 ms). The in-process memory backend is the one oslo.cache's own
# help names for a single keystone process, which the lab runs (uwsgi --processes 1).
write_keystone_conf() {
  mkdir -p "$L/etc/keystone"
  cat > "$L/etc/keystone/keystone.conf" <<EOT
[DEFAULT]
log_file = $L/log/keystone-app.log
[database]
connection = $DBURL/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $L/etc/keystone/fernet-keys
[fernet_receipts]
key_repository = $L/etc/keystone/fernet-keys
[credential]
key_repository = $L/etc/keystone/credential-keys
[cache]
enabled = true
backend = dogpile.cache.memory
EOT
}

# neutron.conf for one host (node name differs per node); ml2 + agents below
write_neutron_conf() {  # write_neutron_conf HOSTNAME FILE
  local helper="$PY /usr/bin/privsep-helper --config-file $2"
  {
    cat <<EOT
[DEFAULT]
host = $1
core_plugin = ml2
service_plugins = ${NEUTRON_SERVICE_PLUGINS:-router}
auth_strategy = keystone
allow_overlapping_ips = true
transport_url = $RABBIT_URL
bind_host = $H
bind_port = $PORT_NEUTRON
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
api_paste_config = $L/etc/neutron/api-paste.ini
state_path = $L/data/neutron
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
dhcp_agents_per_network = 1
EOT
    # new routers are distributed (neutron/conf/db/l3_dvr_db.py router_distributed)
    if [ "$DVR" = 1 ]; then printf 'router_distributed = true\n'; fi
    cat <<EOT
# agents report every 10 s; declared dead after 30 s (default 75) so that agent faults show quickly
agent_down_time = 30
[agent]
# we are root already; root_helper=sudo would drop OVS_RUNDIR and reach the wrong OVS
root_helper =
report_interval = 10
[database]
connection = $DBURL/neutron
[oslo_concurrency]
lock_path = $L/data/neutron/lock
EOT
    # every privsep context of the agents: no sudo, same config file (oslab pitfall 4)
    local ctx
    for ctx in privsep privsep_link privsep_namespace privsep_ovs_vsctl privsep_conntrack privsep_dhcp_release; do
      printf '[%s]\nhelper_command = %s\n' $ctx "$helper"
    done
    ks_auth keystone_authtoken neutron
    ks_auth nova nova
  } > "$2"
}

write_ml2_conf() {
  cat > "$L/etc/neutron/ml2_conf.ini" <<EOT
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch$([ "$DVR" = 1 ] && echo ,l2population)
extension_drivers = port_security
[ml2_type_flat]
flat_networks = physnet1
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:199
[ml2_type_vxlan]
vni_ranges = 1000:1999
EOT
}

write_ovs_agent_ini() {  # write_ovs_agent_ini LOCAL_IP FILE
  cat > "$2" <<EOT
[ovs]
# userspace datapath: no openvswitch kernel module on this machine
datapath_type = netdev
integration_bridge = br-int
tunnel_bridge = br-tun
local_ip = $1
bridge_mappings = physnet1:br-ex
of_listen_address = $H
of_listen_port = $PORT_OF
ovsdb_connection = tcp:$H:$PORT_OVSDB
# default 10 s; a loaded 2-core machine with hundreds of netdev ports needs more
ovsdb_timeout = 30
[agent]
tunnel_types = vxlan
EOT
  if [ "$DVR" = 1 ]; then   # DVR needs l2population's FDB entries and the ARP responder on tunnel networks
    printf 'l2_population = true\narp_responder = true\nenable_distributed_routing = true\n' >> "$2"
  else
    printf 'l2_population = false\narp_responder = false\n' >> "$2"
  fi
  cat >> "$2" <<EOT
[securitygroup]
enable_security_group = true
firewall_driver = $FIREWALL
EOT
}

write_l3_dhcp_ini() {
  local mode=legacy; [ "$DVR" = 1 ] && mode=dvr_snat   # DVR: node 1 is the network node (snat- namespaces)
  write_l3_ini $mode "$L/etc/neutron/l3_agent.ini"
  # DVR: node 2 is a compute node: a qrouter- per router with local ports, a fip- namespace for its floating IPs
  if [ "$DVR" = 1 ]; then write_l3_ini dvr "$L/etc/neutron/l3_agent-node2.ini"; fi
  write_dhcp_ini
}
write_l3_ini() {  # write_l3_ini AGENT_MODE FILE (node 2's ovsdb_connection is the same address in its own namespace)
  cat > "$2" <<EOT
[DEFAULT]
interface_driver = openvswitch
agent_mode = $1
enable_metadata_proxy = false
# production default (qr-/qg- internal ports moved into qrouter-*); with the netdev datapath
# ovs-vswitchd then logs 'No such device' for them, harmless (oslab pitfall 7)
ovs_use_veth = false
[ovs]
ovsdb_connection = tcp:$H:$PORT_OVSDB
EOT
}
write_dhcp_ini() {
  cat > "$L/etc/neutron/dhcp_agent.ini" <<EOT
[DEFAULT]
interface_driver = openvswitch
ovs_use_veth = false
enable_isolated_metadata = false
dnsmasq_local_resolv = false
# the agent's process monitor would respawn a killed dnsmasq within 60 s (production default);
# disabled so that the lab's dnsmasq-killed fault stays until lab/fault undo
check_child_processes_interval = 0
[ovs]
ovsdb_connection = tcp:$H:$PORT_OVSDB
EOT
}

write_placement_conf() {
  mkdir -p "$L/etc/placement"
  { printf '[DEFAULT]\nlog_file = %s\n[api]\nauth_strategy = keystone\n[placement_database]\nconnection = %s/placement\n' \
      "$L/log/placement-app.log" "$DBURL"
    ks_auth keystone_authtoken placement; } > "$L/etc/placement/placement.conf"
}

write_glance_conf() {
  mkdir -p "$L/etc/glance"
  { cat <<EOT
[DEFAULT]
bind_host = $H
bind_port = $PORT_GLANCE
workers = 1
log_file = $L/log/glance-api-app.log
enabled_backends = local:file
[database]
connection = $DBURL/glance
[glance_store]
default_backend = local
[local]
filesystem_store_datadir = $L/data/glance/images
[os_glance_staging_store]
filesystem_store_datadir = $L/data/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = $L/data/glance/tasks
[paste_deploy]
flavor = keystone
config_file = $L/etc/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $L/data/glance/lock
EOT
    ks_auth keystone_authtoken glance; } > "$L/etc/glance/glance-api.conf"
}

write_nova_conf() {  # write_nova_conf HOSTNAME FILE WITH_DB(yes/no)
  local helper="$PY /usr/bin/privsep-helper --config-file $2"
  {
    cat <<EOT
[DEFAULT]
host = $1
my_ip = $H
transport_url = $RABBIT_URL
compute_driver = nxlab_virt.NetxrayLabDriver
state_path = $L/data/nova
instances_path = $L/data/nova/instances
enabled_apis = osapi_compute
osapi_compute_listen = $H
osapi_compute_listen_port = $PORT_NOVA
osapi_compute_workers = 1
# no libvirt to wait on: do not block/fail boots on network-vif-plugged events
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
# the fake driver forgets instances on restart; never let nova power them off for that
sync_power_state_interval = -1
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $L/etc/nova/api-paste.ini
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 10
[filter_scheduler]
# many small fake instances for lab/scale and fault servers
max_instances_per_host = 1000
[quota]
instances = -1
cores = -1
ram = -1
[glance]
region_name = RegionOne
[service_user]
send_service_user_token = false
[oslo_concurrency]
lock_path = $L/data/nova/lock
[oslo_messaging_notifications]
driver = noop
[vnc]
enabled = false
[os_vif_ovs]
ovsdb_connection = tcp:$H:$PORT_OVSDB
[privsep]
helper_command = $helper
[vif_plug_ovs_privileged]
helper_command = $helper
[vif_plug_linux_bridge_privileged]
helper_command = $helper
EOT
    ks_auth keystone_authtoken nova
    ks_auth neutron neutron
    ks_auth placement placement
    # nova-compute must not have DB access (it logs tracebacks otherwise, oslab pitfall 10)
    if [ "$3" = yes ]; then printf '[api_database]\nconnection = %s/nova_api\n[database]\nconnection = %s/nova\n' "$DBURL" "$DBURL"; fi
  } > "$2"
}

write_rabbit_conf() {
  mkdir -p "$L/etc/rabbitmq"
  cat > "$L/etc/rabbitmq/rabbitmq.conf" <<EOT
listeners.tcp.default = $H:$PORT_RABBIT
distribution.listener.interface = $H
distribution.listener.port_range.min = $PORT_RABBIT_DIST
distribution.listener.port_range.max = $PORT_RABBIT_DIST
loopback_users.guest = true
log.file.level = warning
EOT
  echo '[].' > "$L/etc/rabbitmq/enabled_plugins"
  : > "$L/etc/rabbitmq/rabbitmq-env.conf"
}
RABBIT_ENV() {  # env assignments for epmd/rabbitmq-server (no /usr/sbin wrapper: it su's to rabbitmq)
  echo "HOME=$L/data/rabbitmq ERL_EPMD_ADDRESS=$H ERL_EPMD_PORT=$PORT_EPMD RABBITMQ_NODENAME=rabbit@localhost" \
       "RABBITMQ_CONF_ENV_FILE=$L/etc/rabbitmq/rabbitmq-env.conf RABBITMQ_CONFIG_FILE=$L/etc/rabbitmq/rabbitmq.conf" \
       "RABBITMQ_ENABLED_PLUGINS_FILE=$L/etc/rabbitmq/enabled_plugins RABBITMQ_MNESIA_BASE=$L/data/rabbitmq/mnesia" \
       "RABBITMQ_LOG_BASE=$L/log/rabbitmq RABBITMQ_PID_FILE=$L/run/rabbitmq.pid RABBITMQ_DIST_PORT=$PORT_RABBIT_DIST"
}

write_sshd_conf() {  # write_sshd_conf PORT OVS_RUNDIR FILE PIDFILE
  mkdir -p "$L/data/node-home"
  cat > "$3" <<EOT
Port $1
ListenAddress $H
HostKey $L/etc/ssh/ssh_host_ed25519_key
PidFile $4
AuthorizedKeysFile $L/etc/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
StrictModes no
PrintMotd no
# a login shell on this "node" talks to the node's own ovsdb-server. HOME: a node's own, empty one. bash run by sshd
# reads ~/.bashrc, and this machine's /root/.bashrc (pyenv init, cargo env) cost ~0.8 s per SSH channel at load 4
# (0.33 s against 1.15 s for one \`ssh node true\`): a compute node's root has no such start-up, and the trace's
# timings are the tool's, not this machine's shell's. sshd applies SetEnv after its own HOME (OpenSSH session.c).
SetEnv OVS_RUNDIR=$2 OVS_DBDIR=$2 HOME=$L/data/node-home
Subsystem sftp internal-sftp
EOT
}
