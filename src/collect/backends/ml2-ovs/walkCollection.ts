// What walks add to a collection: for `trace INSTANCE --to TARGET` the target instance's API objects and the walk's
// read-only ofproto/trace probes, for the automatic walks their probes; all run on the hosts' existing SSH connections.
import { NetxrayError } from '../../../errors.js';
import type { ApiObject, CloudSnapshot } from '../../../model/cloudSnapshot.js';
import { HOST_OUTPUT, type HostOutputId } from '../../../model/hostOutputIds.js';
import { WALK_KEYWORDS, type WalkRequest } from '../../../model/walkModel.js';
import { isIpv4 } from '../../../neutron/ipv4.js';
import { WALK } from '../../../neutron/ml2-ovs/walkCommands.js';
import { planWalk, probesByHost, type WalkProbe } from '../../../neutron/ml2-ovs/walkPlan.js';
import { autoWalkProbes } from '../../../neutron/ml2-ovs/autoWalks.js';
import type { HostCommand } from '../../hosts/hostCommands.js';
import type { CloudCollection } from '../../openstack/collectCloud.js';
import type { WalkCollection } from '../backend.js';
import { findInstance } from '../../openstack/findInstance.js';
import { queryString, type OpenStackApi } from '../../openstack/openstackApi.js';

type CloudApi = CloudSnapshot['api'];

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

/** The collection side of a walk. Problems become snapshot problems; the analysis then says what is missing. */
export function walkCollection(request: WalkRequest): WalkCollection {
  const to = request.to.trim();
  return {
    async moreApi(api, cloud) {
      if ((WALK_KEYWORDS as readonly string[]).includes(to) || isIpv4(to)) return;
      try {
        await addTarget(api, cloud, to);
      } catch (error) {
        if (!(error instanceof NetxrayError)) throw error;
        cloud.problems.push({ source: 'nova', code: 'walk-target', message: `--to ${to}: ${error.message}` });
      }
    },
    hostCommands(api, instanceId) {
      let plan;
      try {
        plan = planWalk(api, instanceId, request);
      } catch {
        return new Map(); // the analysis plans again and reports why
      }
      return probeCommands(probesByHost(plan));
    },
  };
}

/** The commands of the probes of each host, after the datapath's port listing that names their outputs. */
function probeCommands(byHost: Map<string, WalkProbe[]>): Map<string, HostCommand<HostOutputId>[]> {
  return new Map([...byHost].map(([host, probes]) => [host, [{ id: HOST_OUTPUT.dpifShow, argv: WALK.dpifShowArgv }, ...probes.map((p) => ({ id: p.id, argv: p.argv }))]]));
}

/** The automatic walks of these instances (src/neutron/ml2-ovs/autoWalks.ts), batched per host. */
export function autoWalkCommands(api: CloudApi, instanceIds: readonly string[]): Map<string, HostCommand<HostOutputId>[]> {
  return probeCommands(autoWalkProbes(api, instanceIds));
}
