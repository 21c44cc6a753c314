#!/usr/bin/python3
"""ovn_record_api.py OUTDIR - the Neutron and Nova REST answers of the running ML2/OVN lab, one raw JSON body per
resource (admin, all projects), as the ML2/OVN backend's tests read them (test/trace/_ovnLab.ts recordedApi).
lab/lib/ovn/record.sh wraps this. Credentials come from the OS_* environment ($LAB_DIR/env.sh) and are never written.
"""
import json
import os
import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3

out = sys.argv[1]
auth = v3.Password(auth_url=os.environ['OS_AUTH_URL'], username=os.environ['OS_USERNAME'],
                   password=os.environ['OS_PASSWORD'], project_name=os.environ['OS_PROJECT_NAME'],
                   user_domain_name='Default', project_domain_name='Default')
s = session.Session(auth=auth, timeout=120)
net = s.get_endpoint(service_type='network', interface='public').rstrip('/')
nova = s.get_endpoint(service_type='compute', interface='public').rstrip('/')
# the microversion netxray's collector asks for (OS-EXT-SRV-ATTR:host and the flavor as a dict)
NOVA_HEADERS = {'OpenStack-API-Version': 'compute 2.79', 'X-OpenStack-Nova-API-Version': '2.79'}
GETS = {
    'neutron-networks.json': (net, '/v2.0/networks', {}),
    'neutron-subnets.json': (net, '/v2.0/subnets', {}),
    'neutron-ports.json': (net, '/v2.0/ports', {}),
    'neutron-routers.json': (net, '/v2.0/routers', {}),
    'neutron-floatingips.json': (net, '/v2.0/floatingips', {}),
    'neutron-security-groups.json': (net, '/v2.0/security-groups', {}),
    'neutron-agents.json': (net, '/v2.0/agents', {}),
    'nova-servers.json': (nova, '/servers/detail?all_tenants=1', NOVA_HEADERS),
}
os.makedirs(out, exist_ok=True)
for name, (base, path, headers) in GETS.items():
    body = s.get(base + path, headers=headers, raise_exc=True).json()
    with open(os.path.join(out, name), 'w') as f:
        json.dump(body, f, indent=1, sort_keys=True)
        f.write('\n')
