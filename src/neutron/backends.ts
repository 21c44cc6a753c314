// How a cloud's networking backend is recognised from its Neutron agent list, and the error for one not implemented yet.
import { NetxrayError } from '../errors.js';
import { BACKEND_LABEL, type BackendId } from '../model/backends.js';
import type { ApiObject } from '../model/cloudSnapshot.js';
import { AGENT_TYPE } from './neutronRules.js';

export { BACKEND_IDS, BACKEND_LABEL, isBackendId, type BackendId } from '../model/backends.js';

export interface BackendDetection {
  backend: BackendId;
  /** Why, in words, for `--verbose` output and the docs: which agent rows decided it. */
  reason: string;
}

/**
 * Which backend wires the cloud's ports, from the agents API. The mechanism_drivers list of ml2_conf.ini is not
 * exposed by the Neutron API; the agent rows are: the openvswitch driver needs "Open vSwitch agent" rows
 * (neutron/plugins/ml2/drivers/openvswitch/mech_driver/mech_openvswitch.py agent_type), the ovn driver synthesises
 * "OVN Controller agent" rows from the southbound Chassis table (neutron/plugins/ml2/drivers/ovn/mech_driver/
 * mech_driver.py, neutron/common/ovn/constants.py). Both at once is a migration in progress: ML2/OVS wins while any
 * OVS agent is registered, as the ports still bound by it are the ones whose paths exist. No agent visible at all
 * (a token without the admin role) keeps the default, ML2/OVS, as netxray always did.
 */
export function detectBackend(agents: readonly ApiObject[]): BackendDetection {
  const count = (type: string) => agents.filter((a) => a.agent_type === type).length;
  const ovs = count(AGENT_TYPE.ovs);
  const ovn = count(AGENT_TYPE.ovnController) + count(AGENT_TYPE.ovnControllerGateway);
  if (ovs > 0) return { backend: 'ml2-ovs', reason: `${ovs} "${AGENT_TYPE.ovs}" row(s) in the agent list` };
  if (ovn > 0) return { backend: 'ml2-ovn', reason: `${ovn} "${AGENT_TYPE.ovnController}" row(s) and no "${AGENT_TYPE.ovs}" in the agent list` };
  return { backend: 'ml2-ovs', reason: 'no L2 agent visible in the agent list (admin only?): ML2/OVS assumed' };
}

/**
 * The one-line error for a backend netxray names but cannot read yet (exit 2). `how`: how it was chosen, e.g.
 * `--backend ml2-ovn` or `detected from the agent list (…)`.
 */
export function backendNotImplemented(id: BackendId, how: string): NetxrayError {
  return new NetxrayError('bad-input', `${BACKEND_LABEL[id]} (${how}) is not implemented yet: netxray trace/scan read ML2/OVS clouds only`);
}

/** The backend to use: the forced one (`--backend`) if given, else the one the agent list shows. */
export function chooseBackend(forced: BackendId | undefined, agents: readonly ApiObject[]): { backend: BackendId; how: string } {
  if (forced) return { backend: forced, how: `--backend ${forced}` };
  const detected = detectBackend(agents);
  return { backend: detected.backend, how: `detected: ${detected.reason}` };
}

/** A backend's entry in one side's registry (collect or analyse), or the one-line "not implemented yet" error. */
export function implementedBackend<T>(registry: Readonly<Record<BackendId, T | undefined>>, id: BackendId, how: string): T {
  const backend = registry[id];
  if (!backend) throw backendNotImplemented(id, how);
  return backend;
}
