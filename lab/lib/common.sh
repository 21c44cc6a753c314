# lab/lib/common.sh - shared settings and helpers of the netxray OpenStack lab.
# Sourced by lab/up.sh, lab/down.sh, lab/fault, lab/scale, lab/record. Not executable.
#
# Everything the lab creates lives under $NXLAB_DIR (default /tmp/netxray-lab), listens on
# 127.0.0.1 (node 1, root namespace) or inside the namespace $NXLAB_NS2 (node 2).
# Ports are the usual OpenStack ones, so this lab and /work/shared/oslab must never run at once.

NXLAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)       # the lab/ directory
L=${LAB_DIR:-/tmp/netxray-lab}
NODE1=nxlab-node1
NODE2=nxlab-node2
NXLAB_NS2=nxlab-node2            # network namespace of compute node 2
NXLAB_NS1=                        # node 1 runs in the root namespace (the OVN lab: its own)
LOCAL_IP1=127.0.0.1               # VXLAN endpoints: node 1 / node 2 (own loopback in its netns)
LOCAL_IP2=127.0.0.2
H=127.0.0.1
PORT_MYSQL=3306 PORT_EPMD=4369 PORT_RABBIT=5672 PORT_RABBIT_DIST=25672
PORT_KEYSTONE=5000 PORT_GLANCE=9292 PORT_PLACEMENT=8778 PORT_NOVA=8774 PORT_NEUTRON=9696
PORT_OVSDB=6640 PORT_OF=6633 PORT_SSH1=2222 PORT_SSH2=2223
ALL_PORTS="$PORT_MYSQL $PORT_EPMD $PORT_RABBIT $PORT_RABBIT_DIST $PORT_KEYSTONE $PORT_GLANCE $PORT_PLACEMENT $PORT_NOVA $PORT_NEUTRON $PORT_OVSDB $PORT_OF $PORT_SSH1 $PORT_SSH2"
ADMIN_PASSWORD=${LAB_ADMIN_PASSWORD:-nxlab-admin}
DB_USER=nxlab DB_PASSWORD=nxlab-db
PY=/usr/bin/python3               # Debian's interpreter: the OpenStack packages live in its dist-packages
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV 2>/dev/null || true

OVS1_ENV="OVS_RUNDIR=$L/data/ovs1 OVS_DBDIR=$L/data/ovs1 OVS_LOGDIR=$L/log/ovs1 OVS_SYSCONFDIR=$L/etc/ovs1"
OVS2_ENV="OVS_RUNDIR=$L/data/ovs2 OVS_DBDIR=$L/data/ovs2 OVS_LOGDIR=$L/log/ovs2 OVS_SYSCONFDIR=$L/etc/ovs2"
# LAB_BACKEND=ovn: the ML2/OVN lab (lab/lib/ovn/) overrides the names, ports and paths above
NXLAB_BACKEND=${LAB_BACKEND:-ovs}
case $NXLAB_BACKEND in
  ovs) ;;
  ovn) . "$NXLAB_HOME/lib/ovn/settings.sh";;
  *) echo "netxray-lab: ERROR: LAB_BACKEND must be ovs or ovn" >&2; exit 1;;
esac

log() { echo "[$(date -u +%T)] $*"; }
die() { echo "netxray-lab: ERROR: $*" >&2; exit 1; }

# ovs1/ovs2 CMD...: run an OVS tool against node 1's / node 2's private ovsdb-server
ovs1() { if [ -n "${NXLAB_NS1:-}" ]; then env $OVS1_ENV ip netns exec "$NXLAB_NS1" "$@"; else env $OVS1_ENV "$@"; fi; }
ovs2() { env $OVS2_ENV ip netns exec "$NXLAB_NS2" "$@"; }
onnode() { local n=$1; shift; if [ "$n" = "$NODE2" ] || [ "$n" = 2 ]; then ovs2 "$@"; else ovs1 "$@"; fi; }

proc_start_time() { cut -d')' -f2- "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }
# pid_running PID: the process exists and is not a zombie. `kill -0` is not enough here: this
# machine's PID 1 does not reap orphans, so a killed daemonised process (dnsmasq) stays <defunct>
# and `kill -0` keeps succeeding on it.
pid_running() {
  local state; [ -n "${1:-}" ] || return 1
  state=$(cut -d')' -f2- "/proc/$1/stat" 2>/dev/null | awk '{print $1}') || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# daemon NAME CMD...: start CMD detached in its own session, logging to log/NAME.log.
# Records "PID STARTTIME" in run/pids/NAME and the exact command in run/cmd/NAME so that
# lab/down.sh stops only what we started and lab/fault can stop/restart single daemons.
daemon() {
  local name=$1; shift
  printf '%q ' "$@" > "$L/run/cmd/$name"
  setsid "$@" </dev/null >>"$L/log/$name.log" 2>&1 &
  local pid=$!
  echo "$pid $(proc_start_time $pid)" > "$L/run/pids/$name"
}
daemon_pid() {  # prints the PID if the recorded daemon NAME is still the same process
  local pid st
  read -r pid st < "$L/run/pids/$1" 2>/dev/null || return 1
  [ -n "$pid" ] && [ "$(proc_start_time "$pid")" = "$st" ] && echo "$pid"
}
daemon_stop() {  # daemon_stop NAME: TERM, then KILL the daemon and its process group
  local pid i; pid=$(daemon_pid "$1") || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
daemon_restart() {  # (stop and) re-run the recorded command of NAME
  local name=$1 cmd; cmd=$(cat "$L/run/cmd/$name") || die "no recorded command for $name"
  daemon_stop "$name"
  eval "daemon $name $cmd"
}
lab_tag() { cat "$L/run/tag" 2>/dev/null; }
lab_dvr() { [ -f "$L/run/dvr" ]; }   # the running lab was started with LAB_DVR=1

wait_port() {  # wait_port PORT SECONDS [NETNS]
  local i
  for i in $(seq 1 $(( $2 * 4 ))); do
    if [ -n "${3:-}" ]; then ip netns exec "$3" bash -c "exec 3<>/dev/tcp/$H/$1" 2>/dev/null && return 0
    else (exec 3<>/dev/tcp/$H/$1) 2>/dev/null && return 0; fi
    sleep 0.25
  done
  return 1
}
wait_http() { local i; for i in $(seq 1 $(( $2 * 4 ))); do curl -fs -o /dev/null "$1" && return 0; curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null | grep -q '^[2-4]' && return 0; sleep 0.25; done; return 1; }
wait_until() {  # wait_until SECONDS CMD...: poll CMD every 0.5 s until it succeeds; 1 on timeout
  local end=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt $end ] || return 1; sleep 0.5; done
}
fail_log() { echo "---- last lines of $1" >&2; tail -n 40 "$1" >&2 2>/dev/null; die "$2"; }
log_size() { stat -c %s "$1" 2>/dev/null || echo 0; }   # byte offset: "the log from here on" for log_since
log_since() { tail -c +$(( $2 + 1 )) "$1" 2>/dev/null; } # log_since FILE OFFSET

refuse_busy_ports() {  # refuse_busy_ports HINT: die if any of the lab's TCP ports is taken
  local p
  for p in $ALL_PORTS; do ss -Hltn "sport = :$p" | grep -q . && die "TCP port $p is in use ($1)"; done
  return 0
}

# phase NAME: log the start of a start-up phase and time the one before it (`phase done` ends the last);
# the clock starts at the first call. print_timings WHAT: the phases, the total and the memory, also
# into $L/timings.txt (lab/up.sh, lab/lib/ovn/up.sh)
phase() {
  local now; now=$(date +%s.%N)
  [ -n "${T0:-}" ] || { T0=$now; TPREV=$now; PHASES=(); }
  [ -n "${PHASE:-}" ] && PHASES+=("$(awk -v n="$PHASE" -v a="$now" -v b="$TPREV" 'BEGIN{printf "%-34s %6.1f s", n, a-b}')")
  TPREV=$now; PHASE=$1; [ "$1" = done ] || log "== $1"
}
print_timings() {
  local total pss nproc
  total=$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN{printf "%.1f", a-b}')
  pss=$($PY "$NXLAB_HOME/py/procs.py" "$L" pss)
  nproc=$($PY "$NXLAB_HOME/py/procs.py" "$L" | wc -w)
  { printf '%s\n' "${PHASES[@]}"; printf '%-34s %6.1f s\n' TOTAL "$total"
    echo "memory: PSS $(( pss / 1024 )) MiB in $nproc processes ($1)"; } | tee "$L/timings.txt"
}

lab_is_running() { [ -f "$L/run/tag" ] && [ -n "$($PY "$NXLAB_HOME/py/procs.py" "$L" 2>/dev/null)" ]; }

stop_lab_processes() {  # the lab's daemons newest first, politely; then whatever belongs to the lab, firmly
  local names pids=() n p i alive sig rest
  mapfile -t names < <(ls -t "$L/run/pids" 2>/dev/null)
  for n in "${names[@]}"; do p=$(daemon_pid "$n") && pids+=("$p"); done
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null
  for i in $(seq 1 40); do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.25
  done
  for sig in TERM KILL KILL KILL; do
    rest=$($PY "$NXLAB_HOME/py/procs.py" "$L")
    [ -z "$rest" ] && break
    kill -$sig $rest 2>/dev/null; sleep 1
  done
  rest=$($PY "$NXLAB_HOME/py/procs.py" "$L"); [ -n "$rest" ] && echo "lab/down.sh: WARNING: still running: $rest" >&2
}
