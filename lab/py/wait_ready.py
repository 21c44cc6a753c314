#!/usr/bin/python3
"""wait_ready.py [TIMEOUT [AGENTS]] - block until both nova-compute services are up and AGENTS neutron
agents report alive (default 4: OVS agent x2, L3, DHCP; the ML2/OVN lab: 2 OVN Controller agents);
exit 1 after the timeout (default 180 s)."""
import sys
import time

from labconn import connect

timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 180
want_agents = int(sys.argv[2]) if len(sys.argv) > 2 else 4
conn = connect()
deadline = time.time() + timeout
state = None
while time.time() < deadline:
    try:
        computes = [s for s in conn.compute.services() if s.binary == 'nova-compute' and s.state == 'up']
        agents = [a for a in conn.network.agents() if a.is_alive]
        state = (len(computes), len(agents))
        if state[0] >= 2 and state[1] >= want_agents:
            print('ready: %d nova-compute up, %d neutron agents alive' % state)
            sys.exit(0)
    except Exception as e:  # APIs still starting
        state = repr(e)
    time.sleep(1)
print('not ready after %ss: %s' % (timeout, state))
sys.exit(1)
