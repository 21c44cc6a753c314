"""labconn.py - the openstacksdk Connection of every lab script: the admin user of the OS_* environment
($LAB_DIR/env.sh) in the lab Keystone's Default domain and RegionOne. openstacksdk contacts nothing until first use."""
import os

import openstack


def connect(project_name=None, **options):
    """A Connection scoped to project_name (default: OS_PROJECT_NAME); options go to Connection as they are."""
    return openstack.connection.Connection(
        auth_url=os.environ['OS_AUTH_URL'], username=os.environ['OS_USERNAME'], password=os.environ['OS_PASSWORD'],
        project_name=project_name or os.environ['OS_PROJECT_NAME'], user_domain_name='Default',
        project_domain_name='Default', region_name='RegionOne', **options)
