// What ML2/OVN walks add to a collection: the target instance's API objects (as ML2/OVS), and one read-only ovn-trace per
// walk, run where the OVN databases are read (the DB host's SSH connection, or this machine with --ovn-sb).
import type { CloudSnapshot } from '../../../model/cloudSnapshot.js';
import type { HostOutputId } from '../../../model/hostOutputIds.js';
import type { WalkRequest } from '../../../model/walkModel.js';
import { ovnAutoWalkPlans } from '../../../neutron/ml2-ovn/autoWalks.js';
import { ovnTraceArgv, planOvnWalk, type OvnWalkPlan } from '../../../neutron/ml2-ovn/walkPlan.js';
import type { HostCommand } from '../../hosts/hostCommands.js';
import type { WalkCollection } from '../backend.js';
import { walkTargetApi } from '../walkTargetApi.js';

type CloudApi = CloudSnapshot['api'];
/** The host that runs ovn-trace and the SB options it needs; null when no DB reader is known (the plan says so). */
export type OvnTraceReader = { host: string; db: string[] } | null;

function commands(reader: OvnTraceReader, plans: Iterable<OvnWalkPlan>): Map<string, HostCommand<HostOutputId>[]> {
  if (!reader) return new Map();
  return new Map([[reader.host, [...plans].map((p) => ({ id: p.id, argv: ovnTraceArgv(reader.db, p) }))]]);
}

export function ovnWalkCollection(request: WalkRequest, readerFor: (api: CloudApi) => OvnTraceReader): WalkCollection {
  return {
    // the target's API objects: the same reads as ML2/OVS (a backend-independent part of the walk's collection)
    moreApi: walkTargetApi(request),
    hostCommands(api, instanceId) {
      let plan;
      try {
        plan = planOvnWalk(api, instanceId, request);
      } catch {
        return new Map(); // the analysis plans again and reports why
      }
      return commands(readerFor(api), [plan]);
    },
  };
}

/** The automatic walks' ovn-trace runs for these instances, each once. */
export function ovnWalkCommands(api: CloudApi, instanceIds: readonly string[], reader: OvnTraceReader): Map<string, HostCommand<HostOutputId>[]> {
  return commands(reader, ovnAutoWalkPlans(api, instanceIds).values());
}
