#!/usr/bin/python3
"""procs.py LAB_DIR [pids|pss|table]

The processes that belong to the netxray lab at LAB_DIR:
  1. daemons lab/up.sh (or lab/fault) started: LAB_DIR/run/pids/<name> holds "PID STARTTIME";
     a PID whose start time differs was reused by someone else and is ignored;
  2. processes whose environment carries NXLAB_TAG=<the lab's uuid> (re-parented helpers such
     as privsep daemons, dnsmasq, epmd children);
  3. all descendants of 1 and 2 (workers of neutron-server, uwsgi, ssh sessions ...).
     Needed because oslo services call setproctitle(), which clobbers /proc/PID/environ
     (pitfall noted in /work/shared/oslab/README.md, item 13).
The caller and its ancestors are never reported.
pids: space separated PIDs; pss: total proportional set size in KiB; table: pss per command.
"""
import os
import sys

lab = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else 'pids'


def read(path, binary=False):
    try:
        with open(path, 'rb' if binary else 'r') as f:
            return f.read()
    except OSError:
        return None


table = {}
for entry in os.listdir('/proc'):
    if entry.isdigit():
        stat = read('/proc/%s/stat' % entry)
        if stat:
            fields = stat[stat.rindex(')') + 2:].split()
            table[int(entry)] = (int(fields[1]), fields[19])

members = set()
piddir = os.path.join(lab, 'run', 'pids')
if os.path.isdir(piddir):
    for name in os.listdir(piddir):
        parts = (read(os.path.join(piddir, name)) or '').split()
        if len(parts) == 2 and parts[0].isdigit():
            pid = int(parts[0])
            if pid in table and table[pid][1] == parts[1]:
                members.add(pid)

tag = (read(os.path.join(lab, 'run', 'tag')) or '').strip()
if tag:
    marker = ('NXLAB_TAG=' + tag).encode()
    for pid in table:
        env = read('/proc/%d/environ' % pid, binary=True)
        if env and marker in env.split(b'\0'):
            members.add(pid)

grew = True
while grew:
    grew = False
    for pid, (ppid, _) in table.items():
        if ppid in members and pid not in members:
            members.add(pid)
            grew = True

p = os.getpid()
while p in table and p > 1:
    members.discard(p)
    p = table[p][0]


def pss(pid):
    for line in (read('/proc/%d/smaps_rollup' % pid) or '').splitlines():
        if line.startswith('Pss:'):
            return int(line.split()[1])
    return 0


if mode == 'pss':
    print(sum(pss(p) for p in members))
elif mode == 'table':
    per = {}
    for p in members:
        cmd = (read('/proc/%d/cmdline' % p, binary=True) or b'').split(b'\0')
        words = [w.decode(errors='replace') for w in cmd if w]
        if words and ' (' in words[0]:       # setproctitle: "neutron-server: api worker (/usr/bin/python3 ...)"
            words = [words[0].split(' (')[0].replace(': ', ':')]
        name = next((os.path.basename(w) for w in words if not w.startswith('-') and 'python' not in w
                     and w not in ('ip', 'netns', 'exec', 'env', 'setsid') and '=' not in w
                     and not w.startswith('nxlab-node')), '?')
        n, kib = per.get(name, (0, 0))
        per[name] = (n + 1, kib + pss(p))
    for name, (n, kib) in sorted(per.items(), key=lambda x: -x[1][1]):
        print('%8.1f MiB  %3d  %s' % (kib / 1024, n, name))
    print('%8.1f MiB  %3d  TOTAL' % (sum(v[1] for v in per.values()) / 1024, len(members)))
else:
    print(' '.join(str(p) for p in sorted(members)))
