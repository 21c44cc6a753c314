// What a walk adds to a trace's API reads, whatever the backend: the target instance (when --to names one), its ports and
// the networks, subnets and security groups they use.
import { NetxrayError } from '../../errors.js';
import type { ApiObject } from '../../model/cloudSnapshot.js';
import { WALK_KEYWORDS, type WalkRequest } from '../../model/walkModel.js';
import { isIpv4 } from '../../neutron/ipv4.js';
import type { CloudCollection } from '../openstack/collectCloud.js';
import { findInstance } from '../openstack/findInstance.js';
import { queryString, type OpenStackApi } from '../openstack/openstackApi.js';
import type { WalkCollection } from './backend.js';

const missingIds = (have: ApiObject[], wanted: unknown[]) => [...new Set(wanted.filter((v): v is string => typeof v === 'string' && v !== '' && !have.some((o) => o.id === v)))];

/** The target instance (when --to names one), its ports and the networks, subnets and security groups they use. */
async function addTarget(api: OpenStackApi, cloud: CloudCollection, ref: string): Promise<void> {
  const known = cloud.api.servers.find((s) => s.id === ref || s.name === ref);
  const server = known ?? (await findInstance(api, ref, cloud.admin));
  if (!known) cloud.api.servers.push(server);
  const ports = await api.list('network', `/ports${queryString({ device_id: String(server.id) })}`, 'ports');
  for (const p of ports) if (!cloud.api.ports.some((q) => q.id === p.id)) cloud.api.ports.push(p);
  const nets = missingIds(cloud.api.networks, ports.map((p) => p.network_id));
  const groups = missingIds(cloud.api.securityGroups, ports.flatMap((p) => (Array.isArray(p.security_groups) ? p.security_groups : [])));
  const [networks, subnets, securityGroups] = await Promise.all([
    nets.length ? api.list('network', `/networks${queryString({ id: nets })}`, 'networks') : [],
    nets.length ? api.list('network', `/subnets${queryString({ network_id: nets })}`, 'subnets') : [],
    groups.length ? api.list('network', `/security-groups${queryString({ id: groups })}`, 'security_groups') : [],
  ]);
  cloud.api.networks.push(...networks);
  cloud.api.subnets.push(...subnets);
  cloud.api.securityGroups.push(...securityGroups);
}

/** WalkCollection.moreApi of any backend: the target's objects; problems become snapshot problems. */
export function walkTargetApi(request: WalkRequest): WalkCollection['moreApi'] {
  const to = request.to.trim();
  return async (api, cloud) => {
    if ((WALK_KEYWORDS as readonly string[]).includes(to) || isIpv4(to)) return;
    try {
      await addTarget(api, cloud, to);
    } catch (error) {
      if (!(error instanceof NetxrayError)) throw error;
      cloud.problems.push({ source: 'nova', code: 'walk-target', message: `--to ${to}: ${error.message}` });
    }
  };
}
