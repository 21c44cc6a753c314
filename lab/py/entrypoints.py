#!/usr/bin/python3
"""entrypoints.py OUTDIR - write console scripts (neutron-server, nova-api, ...) into OUTDIR.

Debian ships the executables in the *-common/-api/... service packages, whose maintainer
scripts expect debconf and a database; the lab only installs the python3-* libraries, so it
generates the entry points itself from their metadata (oslab README, pitfall 1)."""
import os
import sys
from importlib.metadata import distributions

outdir = sys.argv[1]
wanted = {'neutron', 'nova', 'glance', 'keystone', 'openstack-placement', 'oslo.privsep', 'oslo.rootwrap'}
count = 0
for dist in distributions():
    if (dist.metadata['Name'] or '').lower() not in wanted:
        continue
    for ep in dist.entry_points:
        if ep.group != 'console_scripts':
            continue
        module, _, attr = ep.value.partition(':')
        path = os.path.join(outdir, ep.name)
        with open(path, 'w') as f:
            f.write('#!/usr/bin/python3\nimport sys\nimport %s as _m\nsys.exit(_m.%s())\n' % (module, attr))
        os.chmod(path, 0o755)
        count += 1
print('entrypoints: %d scripts in %s' % (count, outdir))
