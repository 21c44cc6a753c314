#!/usr/bin/python3
"""catalog.py - Keystone content of the lab (idempotent), using openstacksdk with the
admin credentials from the environment (OS_*):
  project service; users nova/neutron/glance/placement (password <name>-pass) as admin in it;
  services + public/internal/admin endpoints; project demo with user demo (demo-pass)."""
import os

from labconn import connect

host = '127.0.0.1'
ports = {k: os.environ['NXLAB_PORT_' + k.upper()] for k in ('nova', 'neutron', 'glance', 'placement')}
conn = connect(identity_api_version='3')
idc = conn.identity
admin_role = idc.find_role('admin')
member_role = idc.find_role('member')
for role in ('service',):
    idc.find_role(role) or idc.create_role(name=role)


def project(name, desc):
    return idc.find_project(name, domain_id='default') or idc.create_project(
        name=name, domain_id='default', description=desc)


def user(name, password, proj):
    return idc.find_user(name, domain_id='default') or idc.create_user(
        name=name, password=password, domain_id='default', default_project_id=proj.id)


service_project = project('service', 'OpenStack services of the netxray lab')
catalog = [('nova', 'compute', 'http://%s:%s/v2.1' % (host, ports['nova'])),
           ('neutron', 'network', 'http://%s:%s' % (host, ports['neutron'])),
           ('glance', 'image', 'http://%s:%s' % (host, ports['glance'])),
           ('placement', 'placement', 'http://%s:%s' % (host, ports['placement']))]
for name, stype, url in catalog:
    u = user(name, name + '-pass', service_project)
    idc.assign_project_role_to_user(service_project, u, admin_role)
    svc = idc.find_service(name) or idc.create_service(name=name, type=stype, description=name)
    have = {e.interface for e in idc.endpoints(service_id=svc.id)}
    for iface in ('public', 'internal', 'admin'):
        if iface not in have:
            idc.create_endpoint(service_id=svc.id, interface=iface, url=url, region_id='RegionOne')
demo = project('demo', 'netxray lab tenant')
demo_user = user('demo', 'demo-pass', demo)
idc.assign_project_role_to_user(demo, demo_user, member_role)
# admin also gets a role in demo so that it can create servers there on forced hosts
idc.assign_project_role_to_user(demo, idc.find_user('admin', domain_id='default'), admin_role)
print('catalog: ready')
