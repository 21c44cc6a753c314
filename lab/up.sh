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
#
# env: LAB_DIR (/tmp/netxray-lab)  LAB_SKIP_APT=1  LAB_TOPOLOGY=0
#      LAB_FIREWALL=openvswitch|iptables_hybrid   LAB_ADMIN_PASSWORD
# Stop with lab/down.sh (also cleans up after a failed start).
set -euo pipefail
trap 'echo "lab/up.sh: failed at line $LINENO (run lab/down.sh to clean up)" >&2' ERR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
if [ "$NXLAB_BACKEND" = ovn ]; then trap - ERR; exec bash "$NXLAB_HOME/lib/ovn/up.sh" "$@"; fi   # the ML2/OVN lab
. "$NXLAB_HOME/lib/config.sh"
FIREWALL=${LAB_FIREWALL:-openvswitch}
case $FIREWALL in openvswitch|iptables_hybrid) ;; *) die "LAB_FIREWALL must be openvswitch or iptables_hybrid";; esac
[ "$(id -u)" = 0 ] || die "the lab needs root (OVS, namespaces, devices)"

T0=$(date +%s.%N); TPREV=$T0; PHASES=()
phase() {
  local now; now=$(date +%s.%N)
  [ -n "${PHASE:-}" ] && PHASES+=("$(awk -v n="$PHASE" -v a="$now" -v b="$TPREV" 'BEGIN{printf "%-34s %6.1f s", n, a-b}')")
  TPREV=$now; PHASE=$1; [ "$1" = done ] || log "== $1"
}

# ---------------------------------------------------------------- refuse to clash
lab_is_running && die "a lab from $L is still running: run lab/down.sh first"
for p in $ALL_PORTS; do
  ss -Hltn "sport = :$p" | grep -q . && die "TCP port $p is in use (another lab, e.g. /work/shared/oslab, running?)"
done
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
# what down.sh may remove because we created it
[ -e /run/openvswitch ] || [ -L /run/openvswitch ] || touch "$L/run/owns-run-openvswitch"
ip link show ovs-netdev >/dev/null 2>&1 || touch "$L/run/owns-ovs-netdev"
iptables-save > "$L/run/iptables-before.txt" 2>/dev/null || true
bash "$NXLAB_HOME/lib/host-state.sh" > "$L/run/host-before.txt"   # compared by test/lab/teardown.test.ts
$PY "$NXLAB_HOME/py/entrypoints.py" "$L/bin" >/dev/null
ln -s "$NXLAB_HOME/py/nova-compute-nxlab" "$L/bin/nova-compute-nxlab"
# api-paste.ini files ship only in neutron-common/nova-common/glance-common, which we do not
# install (their postinst needs debconf + dbconfig): unpack them (oslab pitfall 1); cached
if [ ! -f "$L/cache/x/usr/share/nova-common/api-paste.ini" ]; then
  ( cd "$L/cache" && chmod 777 . && rm -f ./*.deb && apt-get -o DPkg::Lock::Timeout=600 download -q neutron-common nova-common glance-common >/dev/null \
    && for f in ./*.deb; do dpkg-deb -x "$f" x; done ) || die "could not fetch the *-common packages for api-paste.ini"
fi
X=$L/cache/x/usr/share

phase "mariadb, rabbitmq, openvswitch"
mariadb-install-db --no-defaults --user=root --datadir="$L/data/mysql" --auth-root-authentication-method=normal \
  --skip-test-db > "$L/log/mariadb-install.log" 2>&1 || fail_log "$L/log/mariadb-install.log" "mariadb-install-db failed"
daemon mariadb /usr/sbin/mariadbd --no-defaults --user=root --datadir="$L/data/mysql" --socket="$L/run/mysql.sock" \
  --pid-file="$L/run/mysql.pid" --bind-address=$H --port=$PORT_MYSQL --skip-name-resolve --skip-log-bin \
  --max-connections=1000 --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --log-error="$L/log/mariadb-error.log"
write_rabbit_conf
# epmd first and pinned to loopback, else RabbitMQ spawns one on all interfaces (oslab pitfall 14)
daemon epmd env $(RABBIT_ENV) /usr/bin/epmd -address $H -port $PORT_EPMD
sleep 0.3
daemon rabbitmq env $(RABBIT_ENV) /usr/lib/rabbitmq/bin/rabbitmq-server

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

wait_port $PORT_MYSQL 60 || fail_log "$L/log/mariadb-error.log" "mariadb did not start"
SQL="mariadb --socket=$L/run/mysql.sock -uroot"
$SQL -e "CREATE USER '$DB_USER'@'$H' IDENTIFIED BY '$DB_PASSWORD'; GRANT ALL ON *.* TO '$DB_USER'@'$H';
  CREATE DATABASE keystone; CREATE DATABASE glance; CREATE DATABASE placement; CREATE DATABASE neutron;
  CREATE DATABASE nova_api; CREATE DATABASE nova; CREATE DATABASE nova_cell0;"

phase "configuration"
write_keystone_conf
cp "$X/neutron-common/api-paste.ini" "$L/etc/neutron/api-paste.ini"
write_neutron_conf $NODE1 "$L/etc/neutron/neutron.conf"
write_neutron_conf $NODE2 "$L/etc/neutron/neutron-node2.conf"
write_ml2_conf
write_ovs_agent_ini $LOCAL_IP1 "$L/etc/neutron/ovs_agent.ini"
write_ovs_agent_ini $LOCAL_IP2 "$L/etc/neutron/ovs_agent-node2.ini"
write_l3_dhcp_ini
write_placement_conf
write_glance_conf
cp "$X/glance-common/glance-api-paste.ini" "$L/etc/glance/glance-api-paste.ini"
cp "$X/nova-common/api-paste.ini" "$L/etc/nova/api-paste.ini"
write_nova_conf $NODE1 "$L/etc/nova/nova.conf" yes          # api, conductor, scheduler, nova-manage
write_nova_conf $NODE1 "$L/etc/nova/nova-compute.conf" no
write_nova_conf $NODE2 "$L/etc/nova/nova-compute-node2.conf" no

phase "database schemas (parallel)"
KSM="$PY /usr/bin/keystone-manage --config-file $L/etc/keystone/keystone.conf"
NOVAM="$PY $L/bin/nova-manage --config-file $L/etc/nova/nova.conf"
declare -A SYNC
( $KSM db_sync && $KSM fernet_setup --keystone-user root --keystone-group root \
  && $KSM credential_setup --keystone-user root --keystone-group root \
  && $KSM bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-region-id RegionOne \
     --bootstrap-admin-url http://$H:$PORT_KEYSTONE/v3/ --bootstrap-internal-url http://$H:$PORT_KEYSTONE/v3/ \
     --bootstrap-public-url http://$H:$PORT_KEYSTONE/v3/ ) > "$L/log/dbsync-keystone.log" 2>&1 & SYNC[keystone]=$!
$PY "$L/bin/neutron-db-manage" --config-file "$L/etc/neutron/neutron.conf" --config-file "$L/etc/neutron/ml2_conf.ini" \
  upgrade heads > "$L/log/dbsync-neutron.log" 2>&1 & SYNC[neutron]=$!
$PY "$L/bin/placement-manage" --config-file "$L/etc/placement/placement.conf" db sync > "$L/log/dbsync-placement.log" 2>&1 & SYNC[placement]=$!
$PY "$L/bin/glance-manage" --config-file "$L/etc/glance/glance-api.conf" db_sync > "$L/log/dbsync-glance.log" 2>&1 & SYNC[glance]=$!
( $NOVAM api_db sync && $NOVAM cell_v2 map_cell0 --database_connection "$DBURL/nova_cell0" \
  && $NOVAM cell_v2 create_cell --name=cell1 && $NOVAM db sync ) > "$L/log/dbsync-nova.log" 2>&1 & SYNC[nova]=$!
for s in "${!SYNC[@]}"; do wait "${SYNC[$s]}" || fail_log "$L/log/dbsync-$s.log" "schema sync of $s failed"; done
wait_port $PORT_RABBIT 90 || fail_log "$L/log/rabbitmq.log" "rabbitmq did not start"

phase "keystone + catalog"
# uwsgi with --http11-socket: --http-socket resets the CLI's keep-alive connections (oslab pitfall 3)
UWSGI=(/usr/bin/uwsgi --plugin python3 --master --die-on-term --enable-threads --lazy-apps --buffer-size 65535)
daemon keystone "${UWSGI[@]}" --http11-socket $H:$PORT_KEYSTONE --wsgi-file /usr/bin/keystone-wsgi-public \
  --processes 1 --threads 8 --env OS_KEYSTONE_CONFIG_FILES="$L/etc/keystone/keystone.conf"
cat > "$L/admin-openrc" <<EOT
# netxray lab (OpenStack Zed) - admin credentials. Source me.
export OS_AUTH_URL=http://$H:$PORT_KEYSTONE/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$ADMIN_PASSWORD
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
EOT
sed -e 's/OS_USERNAME=admin/OS_USERNAME=demo/' -e "s/OS_PASSWORD=.*/OS_PASSWORD=demo-pass/" \
    -e 's/OS_PROJECT_NAME=admin/OS_PROJECT_NAME=demo/' -e 's/- admin/- demo/' "$L/admin-openrc" > "$L/demo-openrc"
. "$L/admin-openrc"
wait_http http://$H:$PORT_KEYSTONE/v3 60 || fail_log "$L/log/keystone.log" "keystone did not start"
NXLAB_PORT_NOVA=$PORT_NOVA NXLAB_PORT_NEUTRON=$PORT_NEUTRON NXLAB_PORT_GLANCE=$PORT_GLANCE NXLAB_PORT_PLACEMENT=$PORT_PLACEMENT \
  $PY "$NXLAB_HOME/py/catalog.py" > "$L/log/catalog.log" 2>&1 || fail_log "$L/log/catalog.log" "keystone catalog setup failed"

phase "api services"
NCONF=(--config-file "$L/etc/neutron/neutron.conf")
daemon neutron-server $PY "$L/bin/neutron-server" "${NCONF[@]}" --config-file "$L/etc/neutron/ml2_conf.ini" \
  --log-file "$L/log/neutron-server-app.log"
daemon placement "${UWSGI[@]}" --http11-socket $H:$PORT_PLACEMENT --wsgi-file /usr/bin/placement-api \
  --processes 1 --threads 4 --env OS_PLACEMENT_CONFIG_DIR="$L/etc/placement"
daemon glance-api $PY "$L/bin/glance-api" --config-file "$L/etc/glance/glance-api.conf"
for s in api conductor scheduler; do
  daemon nova-$s $PY "$L/bin/nova-$s" --config-file "$L/etc/nova/nova.conf" --log-file "$L/log/nova-$s-app.log"
done
wait_http http://$H:$PORT_NEUTRON/ 120 || fail_log "$L/log/neutron-server-app.log" "neutron-server did not start"

phase "node 1 agents"
daemon neutron-ovs-agent-1 $PY "$L/bin/neutron-openvswitch-agent" "${NCONF[@]}" --config-file "$L/etc/neutron/ovs_agent.ini" \
  --log-file "$L/log/neutron-ovs-agent-1-app.log"
daemon neutron-l3-agent $PY "$L/bin/neutron-l3-agent" "${NCONF[@]}" --config-file "$L/etc/neutron/l3_agent.ini" \
  --log-file "$L/log/neutron-l3-agent-app.log"
daemon neutron-dhcp-agent $PY "$L/bin/neutron-dhcp-agent" "${NCONF[@]}" --config-file "$L/etc/neutron/dhcp_agent.ini" \
  --log-file "$L/log/neutron-dhcp-agent-app.log"

phase "node 2 (netns $NXLAB_NS2)"
# node 2 has its own loopback (127.0.0.1 + 127.0.0.2 = its VXLAN endpoint), so its OVSDB/OpenFlow
# ports do not clash with node 1; the APIs and RabbitMQ reach it through unix-socket relays.
ip netns add "$NXLAB_NS2"; touch "$L/run/netns2"
ip netns exec "$NXLAB_NS2" ip link set lo up
ip netns exec "$NXLAB_NS2" ip addr add $LOCAL_IP2/8 dev lo
for p in $PORT_RABBIT $PORT_KEYSTONE $PORT_NEUTRON $PORT_NOVA $PORT_PLACEMENT $PORT_GLANCE; do
  daemon relay-$p socat UNIX-LISTEN:"$L/data/relay/$p.sock",fork,unlink-early TCP:$H:$p
  daemon relay-node2-$p ip netns exec "$NXLAB_NS2" socat TCP-LISTEN:$p,bind=$H,fork,reuseaddr UNIX-CONNECT:"$L/data/relay/$p.sock"
done
start_ovs 2 $NODE2
daemon neutron-ovs-agent-2 env $OVS2_ENV ip netns exec "$NXLAB_NS2" $PY "$L/bin/neutron-openvswitch-agent" \
  --config-file "$L/etc/neutron/neutron-node2.conf" --config-file "$L/etc/neutron/ovs_agent-node2.ini" \
  --log-file "$L/log/neutron-ovs-agent-2-app.log"

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
mkdir -p /run/sshd && chmod 755 /run/sshd      # sshd's privilege separation directory
ssh-keygen -q -t ed25519 -N '' -C nxlab-host -f "$L/etc/ssh/ssh_host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -C nxlab-user -f "$L/etc/ssh/id_ed25519"
ssh-keygen -q -t rsa -b 3072 -m PEM -N '' -C nxlab-user-rsa -f "$L/etc/ssh/id_rsa"   # PEM: for older ssh2 clients
cat "$L/etc/ssh/id_ed25519.pub" "$L/etc/ssh/id_rsa.pub" > "$L/etc/ssh/authorized_keys"
chmod 600 "$L/etc/ssh/authorized_keys"
write_sshd_conf $PORT_SSH1 "$L/data/ovs1" "$L/etc/ssh/sshd_config-node1" "$L/run/sshd-node1.pid"
write_sshd_conf $PORT_SSH1 "$L/data/ovs2" "$L/etc/ssh/sshd_config-node2" "$L/run/sshd-node2.pid"  # same port, own netns
/usr/sbin/sshd -t -f "$L/etc/ssh/sshd_config-node1" || die "invalid sshd config"
daemon sshd-node1 /usr/sbin/sshd -D -e -f "$L/etc/ssh/sshd_config-node1"
daemon sshd-node2 ip netns exec "$NXLAB_NS2" /usr/sbin/sshd -D -e -f "$L/etc/ssh/sshd_config-node2"
daemon relay-ssh-node2-in ip netns exec "$NXLAB_NS2" socat UNIX-LISTEN:"$L/data/relay/ssh2.sock",fork,unlink-early TCP:$H:$PORT_SSH1
daemon relay-ssh-node2 socat TCP-LISTEN:$PORT_SSH2,bind=$H,fork,reuseaddr UNIX-CONNECT:"$L/data/relay/ssh2.sock"
cat > "$L/etc/ssh/ssh_config" <<EOT
# netxray lab: ssh -F $L/etc/ssh/ssh_config $NODE1   (or $NODE2)
Host $NODE1 node1
  HostName $H
  Port $PORT_SSH1
Host $NODE2 node2
  HostName $H
  Port $PORT_SSH2
Host *
  User root
  IdentityFile $L/etc/ssh/id_ed25519
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
  ConnectTimeout 10
EOT
wait_port $PORT_SSH1 20 || fail_log "$L/log/sshd-node1.log" "sshd of node 1 did not start"
for n in $NODE1 $NODE2; do
  for i in $(seq 1 40); do ssh -F "$L/etc/ssh/ssh_config" $n true 2>/dev/null && break; sleep 0.25; done
  ssh -F "$L/etc/ssh/ssh_config" $n true || die "ssh to $n failed"
done

phase "environment files"
bash "$NXLAB_HOME/lib/write-env.sh"

if [ "${LAB_TOPOLOGY:-1}" = 1 ]; then
  phase "sample topology"
  $PY "$NXLAB_HOME/topology.py" 2>&1 | tee "$L/log/topology.log" || die "sample topology failed (see $L/log/topology.log)"
fi
phase done
TOTAL=$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN{printf "%.1f", a-b}')
PSS=$($PY "$NXLAB_HOME/py/procs.py" "$L" pss)
NPROC=$($PY "$NXLAB_HOME/py/procs.py" "$L" | wc -w)
{ printf '%s\n' "${PHASES[@]}"; printf '%-34s %6.1f s\n' TOTAL "$TOTAL"
  echo "memory: PSS $(( PSS / 1024 )) MiB in $NPROC processes (firewall_driver=$FIREWALL)"; } | tee "$L/timings.txt"
cat <<EOT

netxray lab is up.   . $L/env.sh     (or: export OS_CLOUD=netxray-lab, clouds.yaml in $L)
  openstack server list --all-projects --long
  ssh -F $L/etc/ssh/ssh_config $NODE1 ovs-vsctl show      ($NODE2 likewise)
stop: npm run lab:down   (or bash $NXLAB_HOME/down.sh)
EOT
