// Checks on the Neutron routing of the port, the same for every backend: a floating IP needs a router with an external gateway.
import type { TraceCheck } from '../backend.js';
import { perInterface } from './checkHelpers.js';


export const routerGatewayMissingCheck: TraceCheck = {
  id: 'router-gateway-missing',
  needsApi: true,
  severity: 'warning',
  summary: 'floating IP without a router, or router without external gateway',
  run: perInterface((a) => {
    if (!a.trace.floatingIps.length) return [];
    if (!a.trace.router) {
      return [{ portId: a.trace.port.id, at: { part: 'router' }, message: `port has floating IP ${a.trace.floatingIps.join(', ')} but no router is attached to its subnet`, hint: 'openstack router add subnet <router> <subnet>', evidence: [{ source: `neutron ports network_id=${a.trace.network.id}`, text: 'no port with device_owner=network:router_interface*' }] }];
    }
    if (a.trace.router.externalNetworkId) return [];
    return [{ portId: a.trace.port.id, at: { part: 'router' }, message: `router ${a.trace.router.name || a.trace.router.id} has no external gateway: floating IP ${a.trace.floatingIps.join(', ')} cannot work`, hint: `openstack router set --external-gateway <external network> ${a.trace.router.name || a.trace.router.id}`, evidence: [{ source: `neutron router ${a.trace.router.id}`, text: 'external_gateway_info=null' }] }];
  }),
};
