# lab/lib/nodes.sh - the node set-up steps both labs share: a node's network namespace, the relays that
# bring the control services into it, and sshd per node (keys, relays, client config, first login).
# Sourced after lib/common.sh and lib/config.sh by lab/up.sh (ML2/OVS) and lab/lib/ovn/nodes.sh (ML2/OVN).
# Node N (1 or 2) lives in $(node_ns N); an empty name is the root namespace (node 1 of the ML2/OVS lab).

node_ns() { if [ "$1" = 1 ]; then echo "$NXLAB_NS1"; else echo "$NXLAB_NS2"; fi; }
node_ip() { if [ "$1" = 1 ]; then echo "$LOCAL_IP1"; else echo "$LOCAL_IP2"; fi; }
node_env() { if [ "$1" = 1 ]; then echo "$OVS1_ENV"; else echo "$OVS2_ENV"; fi; }
node_name() { if [ "$1" = 1 ]; then echo "$NODE1"; else echo "$NODE2"; fi; }

add_node_netns() {  # add_node_netns N: node N's namespace, its loopback up with the node's tunnel endpoint
  local ns; ns=$(node_ns "$1")
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  ip netns exec "$ns" ip addr add "$(node_ip "$1")/8" dev lo
}

relay_services_into() {  # relay_services_into N...: RabbitMQ and the APIs on $H inside the namespaces of nodes N...
  local p n                # (root 127.0.0.1:PORT -> unix socket -> NS 127.0.0.1:PORT)
  for p in $PORT_RABBIT $PORT_KEYSTONE $PORT_NEUTRON $PORT_NOVA $PORT_PLACEMENT $PORT_GLANCE; do
    daemon relay-$p socat UNIX-LISTEN:"$L/data/relay/$p.sock",fork,unlink-early TCP:$H:$p
    for n in "$@"; do
      daemon relay-node$n-$p ip netns exec "$(node_ns $n)" socat TCP-LISTEN:$p,bind=$H,fork,reuseaddr UNIX-CONNECT:"$L/data/relay/$p.sock"
    done
  done
}

make_ssh_keys() {  # the nodes' host key and the user's keys (ed25519 + RSA), authorized on every node
  mkdir -p /run/sshd && chmod 755 /run/sshd      # sshd's privilege separation directory
  ssh-keygen -q -t ed25519 -N '' -C nxlab-host -f "$L/etc/ssh/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C nxlab-user -f "$L/etc/ssh/id_ed25519"
  ssh-keygen -q -t rsa -b 3072 -m PEM -N '' -C nxlab-user-rsa -f "$L/etc/ssh/id_rsa"   # PEM: for older ssh2 clients
  cat "$L/etc/ssh/id_ed25519.pub" "$L/etc/ssh/id_rsa.pub" > "$L/etc/ssh/authorized_keys"
  chmod 600 "$L/etc/ssh/authorized_keys"
}

# start_node_sshd N [PREFIX...]: sshd-nodeN in node N's namespace with the config already written; with PREFIX, the
# command that enters the node's view instead of `ip netns exec` (the OVN lab: its mount namespace too, meta_view)
start_node_sshd() {
  local n=$1 conf=$L/etc/ssh/sshd_config-node$1 ns; ns=$(node_ns "$1"); shift
  /usr/sbin/sshd -t -f "$conf" || die "invalid sshd config"
  if [ $# -gt 0 ]; then daemon sshd-node$n "$@" /usr/sbin/sshd -D -e -f "$conf"
  elif [ -n "$ns" ]; then daemon sshd-node$n ip netns exec "$ns" /usr/sbin/sshd -D -e -f "$conf"
  else daemon sshd-node$n /usr/sbin/sshd -D -e -f "$conf"; fi
}

relay_node_ssh() {  # relay_node_ssh N INNER_PORT OUTER_PORT: $H:OUTER_PORT (root) -> node N's sshd on $H:INNER_PORT
  daemon relay-ssh-node$1-in ip netns exec "$(node_ns "$1")" socat UNIX-LISTEN:"$L/data/relay/ssh$1.sock",fork,unlink-early TCP:$H:$2
  daemon relay-ssh-node$1 socat TCP-LISTEN:$3,bind=$H,fork,reuseaddr UNIX-CONNECT:"$L/data/relay/ssh$1.sock"
}

write_ssh_client_config() {  # write_ssh_client_config LAB_NAME: $L/etc/ssh/ssh_config for both nodes, then log in once
  cat > "$L/etc/ssh/ssh_config" <<EOT
# $1: ssh -F $L/etc/ssh/ssh_config $NODE1   (or $NODE2)
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
  local n
  for n in 1 2; do
    wait_until 20 ssh -F "$L/etc/ssh/ssh_config" "$(node_name $n)" true \
      || fail_log "$L/log/sshd-node$n.log" "ssh to $(node_name $n) failed"
  done
}

# A node's own /run/netns. The agents name their namespaces qrouter-/fip-/snat-<id> (L3, DVR) or ovnmeta-<network>
# (OVN metadata) in /run/netns, which every network namespace of this machine shares: two nodes' agents would see
# (and tear down, in their sync) each other's, and a DVR router has a qrouter-<id> on every node. So such an agent
# runs in a mount namespace of its own whose /run/netns is $L/data/netns-nodeN (meta_netns_dir), a shared bind mount
# (the way ip-netns(8) makes /run/netns shared): a namespace the agent (or ip netns in it) creates shows up at
# $L/data/netns-nodeN/<name> for the host too, and a restarted agent finds it again. The agent's devices and
# everything else stay in the node's network namespace. down.sh unmounts the directories listed in $L/run/mounts.
meta_netns_dir() { echo "$L/data/netns-node$1"; }
# meta_view N: MV=(the command prefix that runs a command in node N's network namespace, in a mount namespace of its
# own whose /run/netns is meta_netns_dir N). /run/netns (shared with the host) is made private there first, so that
# nothing mounted over it reaches the host's; sysfs is remounted for the node's network namespace, as `ip netns exec` does.
meta_view() {
  MV=(env $(node_env "$1") nsenter --net="/run/netns/$(node_ns "$1")" unshare --mount --propagation unchanged
      sh -c 'mount --make-private /run/netns && mount --rbind "$1" /run/netns && mount -t sysfs nxlab-sysfs /sys && shift && exec "$@"'
      sh "$(meta_netns_dir "$1")")
}
node_netns_view() {  # node_netns_view N: mount meta_netns_dir N once (recorded in $L/run/mounts), then meta_view N
  local dir; dir=$(meta_netns_dir "$1")
  mkdir -p "$dir"
  if ! mountpoint -q "$dir"; then
    echo "$dir" >> "$L/run/mounts"; mount --bind "$dir" "$dir"; mount --make-shared "$dir"
  fi
  meta_view "$1"
}
# unmount_netns_views: down.sh's side of node_netns_view; unmounting the directories (and the namespace files under
# them) lets those namespaces go, once no process holds them; only the directories this lab mounted, by their names
unmount_netns_views() {
  local m mounts; mapfile -t mounts < <(cat "$L/run/mounts" 2>/dev/null)
  for m in "${mounts[@]}"; do
    case $m in "$L"/data/netns-node[12]) mountpoint -q "$m" && { umount -R "$m" 2>/dev/null || umount -R -l "$m"; };; esac
  done
  rm -f "$L/run/mounts"
}
