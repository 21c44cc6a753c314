# lab/lib/ovn/settings.sh - names, ports and paths of the ML2/OVN lab (LAB_BACKEND=ovn).
# Sourced by lab/lib/common.sh after the ML2/OVS defaults, which it overrides, so that both labs can
# run side by side on one machine: own LAB_DIR, own loopback ports (the ML2/OVS ones + 10000, in this
# one place), and both nodes in their own network namespaces (nothing of OVS or OVN in the root one).

L=${LAB_DIR:-/tmp/netxray-ovnlab}
NODE1=nxlab-ovn-node1
NODE2=nxlab-ovn-node2
NXLAB_NS1=nxlab-ovn-node1        # network namespace of node 1 (OVN central + chassis, gateway)
NXLAB_NS2=nxlab-ovn-node2        # network namespace of node 2 (chassis)
# Geneve endpoints (ovn-encap-ip): an extra address on each namespace's own loopback
LOCAL_IP1=127.0.1.1
LOCAL_IP2=127.0.1.2
# root namespace, 127.0.0.1: the ML2/OVS lab's ports + 10000 (all below the ephemeral range 32768+);
# the Erlang distribution port gets its own (25672 + 10000 would be ephemeral)
PORT_MYSQL=13306 PORT_EPMD=14369 PORT_RABBIT=15672 PORT_RABBIT_DIST=15673
PORT_KEYSTONE=15000 PORT_GLANCE=19292 PORT_PLACEMENT=18778 PORT_NOVA=18774 PORT_NEUTRON=19696
PORT_SSH1=12222 PORT_SSH2=12223
PORT_NOVA_METADATA=18775   # what the OVN metadata agents forward to (no nova metadata API runs: see docs/lab.md)
# inside each node's namespace only (its own loopback): OVSDB manager for os-vif, sshd
PORT_OVSDB=6640 PORT_SSH_NODE=22
PORT_OF=
ALL_PORTS="$PORT_MYSQL $PORT_EPMD $PORT_RABBIT $PORT_RABBIT_DIST $PORT_KEYSTONE $PORT_GLANCE $PORT_PLACEMENT $PORT_NOVA $PORT_NEUTRON $PORT_SSH1 $PORT_SSH2"

# OVN central (on node 1): NB/SB ovsdb-servers answer on unix sockets under $L, which every
# namespace reaches (the file system is shared): neutron-server (root namespace), both ovn-controllers
OVN_DIR=$L/data/ovn
OVN_NB_DB=unix:$OVN_DIR/ovnnb_db.sock
OVN_SB_DB=unix:$OVN_DIR/ovnsb_db.sock
OVN_CENTRAL_ENV="OVN_RUNDIR=$OVN_DIR OVN_DBDIR=$OVN_DIR OVN_LOGDIR=$L/log/ovn"

OVS1_ENV="OVS_RUNDIR=$L/data/ovs1 OVS_DBDIR=$L/data/ovs1 OVS_LOGDIR=$L/log/ovs1 OVS_SYSCONFDIR=$L/etc/ovs1 OVN_RUNDIR=$L/data/ovn1 OVN_LOGDIR=$L/log/ovn1"
OVS2_ENV="OVS_RUNDIR=$L/data/ovs2 OVS_DBDIR=$L/data/ovs2 OVS_LOGDIR=$L/log/ovs2 OVS_SYSCONFDIR=$L/etc/ovs2 OVN_RUNDIR=$L/data/ovn2 OVN_LOGDIR=$L/log/ovn2"
