"""netxray lab virt driver: Nova's in-memory FakeDriver plus real VIF plugging.

There is no KVM/qemu in the lab, yet Neutron only reports a port ACTIVE once the
neutron-openvswitch-agent has seen it in br-int. So on spawn/attach we do what
nova-libvirt + os-vif do on a real compute node:

* hybrid plug (firewall_driver = iptables_hybrid): os_vif.plug() builds the Linux bridge
  qbrXXX, the veth pair qvbXXX/qvoXXX and adds qvoXXX to br-int - os-vif's own code path;
* plain OVS plug (firewall_driver = openvswitch): libvirt would create tapXXX and add it to
  br-int via <virtualport type='openvswitch'>. We let os-vif's OVS plugin create the port
  (_create_vif_port: iface-id, attached-mac, iface-status, vm-uuid, mtu_request) as an OVS
  *internal* port - there is no guest to open a tap device - and set it up.
Destroy/detach unplug again. Recipe: /work/shared/oslab/README.md (pitfall 9).
"""
import time

import os_vif
from nova.network import os_vif_util
from nova.virt import fake
from oslo_log import log as logging
from vif_plug_ovs import linux_net

LOG = logging.getLogger(__name__)


class NetxrayLabDriver(fake.FakeDriver):

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        os_vif.initialize()

    @staticmethod
    def _ovs():
        return os_vif._EXT_MANAGER['ovs'].obj

    def _vif_objects(self, instance, vif):
        return (os_vif_util.nova_to_osvif_vif(vif),
                os_vif_util.nova_to_osvif_instance(instance))

    def _wire(self, instance, vif):
        if vif['type'] != 'ovs':
            LOG.warning('netxray-lab: cannot plug vif type %s (port %s)', vif['type'], vif['id'])
            return
        ovif, oinst = self._vif_objects(instance, vif)
        os_vif.plug(ovif, oinst)
        if not vif.is_hybrid_plug_enabled():
            self._ovs()._create_vif_port(
                ovif, ovif.vif_name, oinst, interface_type='internal',
                datapath_type=vif['details'].get('datapath_type'))
            deadline = time.time() + 3       # vswitchd creates the netdev asynchronously
            while True:
                try:
                    linux_net.set_interface_state(ovif.vif_name, 'up')
                    # os-vif set the network's MTU (update_device_mtu: ip link set) right after adding the port; with
                    # the userspace datapath (OVN lab) the netdev did not exist yet, so the tap kept 1500: set it now
                    mtu = self._ovs()._get_mtu(ovif)
                    if mtu:
                        linux_net.set_device_mtu(ovif.vif_name, mtu)
                    break
                except Exception:
                    if time.time() > deadline:
                        LOG.warning('netxray-lab: %s did not appear', ovif.vif_name)
                        break
                    time.sleep(0.1)
        LOG.info('netxray-lab: port %s wired as %s', vif['id'], ovif.vif_name, instance=instance)

    def _unwire(self, instance, vif):
        if vif['type'] != 'ovs':
            return
        ovif, oinst = self._vif_objects(instance, vif)
        try:
            if not vif.is_hybrid_plug_enabled():
                self._ovs().ovsdb.delete_ovs_vif_port(ovif.network.bridge, ovif.vif_name)
            os_vif.unplug(ovif, oinst)
        except Exception:
            LOG.exception('netxray-lab: unplugging port %s failed', vif['id'])

    def plug_vifs(self, instance, network_info):
        for vif in network_info or ():
            self._wire(instance, vif)

    def unplug_vifs(self, instance, network_info):
        for vif in network_info or ():
            self._unwire(instance, vif)

    def spawn(self, context, instance, image_meta, injected_files, admin_password,
              allocations, network_info=None, block_device_info=None, power_on=True,
              accel_info=None):
        super().spawn(context, instance, image_meta, injected_files, admin_password,
                      allocations, network_info, block_device_info, power_on, accel_info)
        self.plug_vifs(instance, network_info)

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, destroy_secrets=True):
        self.unplug_vifs(instance, network_info)
        super().destroy(context, instance, network_info, block_device_info,
                        destroy_disks, destroy_secrets)

    def attach_interface(self, context, instance, image_meta, vif):
        super().attach_interface(context, instance, image_meta, vif)
        self._wire(instance, vif)

    def detach_interface(self, context, instance, vif):
        super().detach_interface(context, instance, vif)
        self._unwire(instance, vif)
