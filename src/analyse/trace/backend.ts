// What a networking backend tells the trace analysis: how it reads one interface's path, describes a host, which checks
// run, and (optionally) how it walks one packet. The registry is ./backends/index.ts; ML2/OVS is ./backends/ml2-ovs/.
import type { BackendId, BackendLabel } from '../../model/backends.js';
import type { ApiObject, CloudSnapshot } from '../../model/cloudSnapshot.js';
import type { AutoWalk, Evidence, Finding, FindingPlace, OfflineVifs, Severity, TraceHost, TraceInstance, TraceInterface } from '../../model/traceModel.js';
import type { PacketWalk, WalkRequest } from '../../model/walkModel.js';
import type { CloudIndex } from './cloudIndex.js';

/** What every backend's analysis of one interface carries: the report part and the Neutron objects it came from. */
export interface InterfaceAnalysis {
  trace: TraceInterface;
  port: ApiObject;
  network: ApiObject | undefined;
  /** Where the VIF is plugged (binding:host_id unless the VIF was found on another host). */
  host: string | null;
  /** binding:host_id */
  boundHost: string | null;
  /** Other hosts this interface's traffic needs (ML2/OVS: the hosts with ports on its tunnel network). */
  peerHosts: string[];
}

/** Where the position of an interface puts it among the instance's. */
export interface InterfacePlace {
  position: number;
  count: number;
  instanceName: string;
}

export interface CheckContext<A extends InterfaceAnalysis = InterfaceAnalysis> {
  index: CloudIndex;
  instance: TraceInstance;
  interfaces: A[];
}

/** What a check reports; id and severity default to the check's own. */
export interface FindingDraft {
  message: string;
  hint: string;
  evidence: Evidence[];
  severity?: Severity;
  portId?: string;
  host?: string;
  at?: FindingPlace;
  /** This finding says a part could not be checked (a check may mark some of its findings so). */
  unverified?: boolean;
}

export interface TraceCheck<A extends InterfaceAnalysis = InterfaceAnalysis> {
  id: string;
  severity: Severity;
  /** One line: the "what it means" column of docs/trace.md's findings table (a test holds them equal). */
  summary: string;
  /** Its findings say a part of the path could not be checked (Finding.unverified): the trace is then never "healthy". */
  unverified?: boolean;
  /**
   * A net under the other checks: its findings are kept only where no other check's error or warning concerns the same
   * port (or, host-wide, the same host); where one does, that finding already says what is wrong.
   */
  fallback?: boolean;
  /** Finding ids this check's finding explains on the same port (its symptoms): reported under it, not as causes. */
  explains?: readonly string[];
  /**
   * `same-place`: it explains those symptoms only where they are at its own place on the path (Finding.at): a disabled
   * router port explains its own unwired device, not a DHCP port's. Without it, anywhere on the same port.
   */
  explainsWhere?: 'same-place';
  // Method syntax on purpose: a check written for every backend's InterfaceAnalysis also serves a backend's list.
  run(ctx: CheckContext<A>): FindingDraft[];
  /** It compares with Neutron's own records (status, agents, addresses, groups): skipped when there is no API (--sos alone). */
  needsApi?: boolean;
}

/**
 * The packet-walk capability (`netxray trace --to`): the collect side runs the backend's read-only simulation
 * commands (CollectBackend.walk in src/collect/backends/backend.ts), this side reads their outputs from the snapshot.
 */
export interface WalkAnalysis {
  /** The walk of one packet from the instance; throws NetxrayError `bad-input`/`not-found` for a request it cannot plan. */
  walk(index: CloudIndex, instanceId: string, request: WalkRequest): PacketWalk;
  /** The finding a walk's verdict makes (a drop, a walk that could not run), or null when the packet got through. */
  finding(walk: PacketWalk): Finding | null;
  /** Every finding `finding` can make (docs/trace.md's findings table lists them with the checks). */
  findings: readonly WalkFindingKind[];
  /** The automatic walks of an instance (one per traffic class of each interface), from the snapshot's outputs. */
  autoWalks(index: CloudIndex, instanceId: string): AutoWalk[];
}

/** A kind of finding a walk makes: id, severity and the one-line "what it means" of docs/trace.md. */
export interface WalkFindingKind {
  id: string;
  severity: Severity;
  summary: string;
  /** As TraceCheck.unverified. */
  unverified?: boolean;
}

export interface TraceBackend<A extends InterfaceAnalysis = InterfaceAnalysis> {
  id: BackendId;
  label: BackendLabel;
  /** The path of one Neutron port: hops, translations, answers, and the backend detail its checks need. */
  analyseInterface(index: CloudIndex, port: ApiObject, place: InterfacePlace): A;
  /** What the backend found on one host of the paths. */
  describeHost(index: CloudIndex, host: string): TraceHost;
  /** The checks of a trace on this backend, in report order (shared ones from ../checks/ and its own). */
  checks: readonly TraceCheck<A>[];
  /**
   * Without the Neutron API (sosreports alone): the API objects the hosts themselves record, in the API's shape, so
   * that the same analysis runs; checks marked `needsApi` are then skipped. Absent: the backend cannot work offline.
   */
  hostDerivedApi?: (snapshot: CloudSnapshot) => CloudSnapshot['api'];
  /** The answers that need the API, listed in offline reports (OfflineNote.absent). */
  offlineAbsent?: readonly string[];
  /** Per report host, its integration-bridge VIFs, attributed or not understood and why (OfflineNote reports' `vifs`). */
  offlineVifs?: (snapshot: CloudSnapshot) => Map<string, OfflineVifs>;
  /** Absent until the backend can simulate a packet. */
  walk?: WalkAnalysis;
}
