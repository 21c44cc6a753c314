// ML2/OVS checks on the daemons behind the bridges: ovsdb-server answering OVSDB, ovs-vswitchd answering OpenFlow.
// A daemon that does not answer explains every read of its kind failing on that host (not a permissions problem).
import { HOST_OUTPUT, bridgeOfOutputId } from '../../../../../model/hostOutputIds.js';
import { OVSDB_SERVER_NOT_ANSWERING, OVS_VSWITCHD_NOT_ANSWERING } from '../../../../../neutron/ml2OvsRules.js';
import type { CollectionProblem } from '../../../../../model/cloudSnapshot.js';
import type { CheckContext, FindingDraft, TraceCheck } from '../../../backend.js';
import { problemOutputId } from '../../../checks/collection.js';
import type { HostState } from '../hostState.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostState } from '../ovsFacts.js';

export type OvsDaemon = 'ovsdb-server' | 'ovs-vswitchd';

const OVSDB_OUTPUTS: readonly string[] = [HOST_OUTPUT.ovsdbBridge, HOST_OUTPUT.ovsdbPort, HOST_OUTPUT.ovsdbInterface];
const isOpenFlowOutput = (id: string) => bridgeOfOutputId(id) !== null;

/** The outputs of `daemon` that failed on the host, when every one of them failed the way a silent daemon makes them. */
export function silentDaemonFailures(state: HostState | undefined, daemon: OvsDaemon): [string, string][] {
  if (!state?.reachable) return [];
  const ofKind = daemon === 'ovsdb-server' ? (id: string) => OVSDB_OUTPUTS.includes(id) : isOpenFlowOutput;
  const pattern = daemon === 'ovsdb-server' ? OVSDB_SERVER_NOT_ANSWERING : OVS_VSWITCHD_NOT_ANSWERING;
  const failed = [...state.failures].filter(([id]) => ofKind(id));
  if (failed.length === 0 || !failed.every(([, why]) => pattern.test(why))) return [];
  // Some output of that kind succeeded: the daemon answers (the failures are something else).
  const answered = daemon === 'ovsdb-server' ? state.ports.size > 0 || state.bridges.size > 0 : [...state.flows.values()].some((f) => f.hasFlows());
  return answered ? [] : failed;
}

/** The hosts a trace reads whose daemon is silent: the instance's own hosts (cause, error) and its tunnel peers (not verified). */
function daemonCheck(daemon: OvsDaemon, does: string, hint: (host: string) => string): TraceCheck<OvsInterfaceAnalysis> {
  return {
    id: `${daemon}-down`,
    severity: 'error',
    summary: `${daemon} on a host of the path does not answer: every ${does} read failed (a host-wide cause, reported on the instances of that host)`,
    run(ctx: CheckContext<OvsInterfaceAnalysis>) {
      const own = new Set(ctx.interfaces.flatMap((a) => (a.host ? [a.host] : [])));
      const peers = new Set(ctx.interfaces.flatMap((a) => a.peerHosts).filter((h) => !own.has(h)));
      const drafts: FindingDraft[] = [];
      for (const host of [...own, ...peers]) {
        const failed = silentDaemonFailures(hostState(ctx.index, host), daemon);
        if (failed.length === 0) continue;
        const peer = peers.has(host);
        drafts.push({
          host,
          ...(peer ? { severity: 'warning' as const, unverified: true } : {}),
          message: peer
            ? `${daemon} on ${host} (a tunnel peer of this instance) does not answer: its side of the tunnels could not be verified`
            : `${daemon} on ${host} does not answer: every ${does} read failed, so the host's ${daemon === 'ovsdb-server' ? 'OVS configuration' : 'flows'} are not there to forward this instance's traffic`,
          hint: hint(host),
          at: { part: 'hop', host, device: ctx.interfaces.find((a) => a.host === host)?.integrationBridge ?? 'br-int' },
          evidence: [{ source: `${host} expected`, text: `${daemon} answering (${does})` }, ...failed.map(([id, why]) => ({ source: `${host} ${id}`, text: `found: ${why}` }))],
        });
      }
      return drafts;
    },
  };
}

export const ovsdbServerDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  ...daemonCheck('ovsdb-server', 'OVSDB (ovs-vsctl)', (host) => `start ovsdb-server on ${host} (systemctl start ovsdb-server / openvswitch-switch); ovs-vswitchd and the OVS agent reconnect`),
  explains: ['ovs-vswitchd-down'],
};
// ovs-vswitchd without its database stops answering OpenFlow too (seen on the lab): ovsdb-server-down explains it.
export const ovsVswitchdDownCheck = daemonCheck('ovs-vswitchd', 'OpenFlow (ovs-ofctl)', (host) => `start ovs-vswitchd on ${host} (systemctl start ovs-vswitchd / openvswitch-switch); the OVS agent notices the restart and re-installs its flows`);

/** A failed host command of the collection that a silent daemon explains (its finding says so; not reported again). */
export function failedBySilentDaemon(problem: CollectionProblem, ctx: CheckContext): boolean {
  if (problem.source !== 'host' || !problem.host || problem.code !== 'command-failed') return false;
  const host = problem.host;
  const state = hostState(ctx.index, host);
  const failed = [...silentDaemonFailures(state, 'ovsdb-server'), ...silentDaemonFailures(state, 'ovs-vswitchd')];
  const id = problemOutputId(problem);
  return failed.some(([failedId]) => failedId === id);
}
