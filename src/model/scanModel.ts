// The scan report: every instance (and every compute port without one) of a cloud, traced as `netxray trace` does,
// in a compact form, with a summary (docs/scan.md). Produced by analyseScan() from a CloudSnapshot; rendered by src/render/scan/*.
import type { CollectionProblem } from './cloudSnapshot.js';
import type { DeviceKind, Finding, OfflineNote, PathFacts, Severity, TraceVerdict, TranslationAction } from './traceModel.js';

export const SCAN_SCHEMA = 'netxray/scan' as const;
export const SCAN_VERSION = 1 as const;

export interface ScanReport {
  schema: typeof SCAN_SCHEMA;
  version: typeof SCAN_VERSION;
  generator: { name: 'netxray'; version: string };
  /** When the snapshot was collected (ISO 8601). */
  collectedAt: string;
  /** The filters in effect: the snapshot's collection filters, narrowed by those given to the analysis. */
  filters: ScanFilterSet;
  /** Every scanned instance, by name then id; each carries the findings its `netxray trace` gives. */
  instances: ScanInstance[];
  /** The hosts that were (or could not be) read. */
  hosts: ScanHost[];
  summary: ScanSummary;
  /** What the collection could not get (the snapshot's problems), and instances the analysis could not trace. */
  problems: ScanProblem[];
  /** Cost of the collection, copied from the snapshot (zeros for recordings made without netxray). */
  cost: { apiRequests: number; sshConnections: number; hostCommands: number; durationMs: number };
  /** Only when the hosts were read from sosreports (`--sos`, added within version 1): where from, and what is absent. */
  offline?: OfflineNote;
}

export interface ScanFilterSet {
  project?: string;
  host?: string;
  network?: string;
}

export interface ScanInstance {
  /** Server id, or the port id when `kind` is `port` (a compute port whose device is no listed server). */
  id: string;
  name: string;
  kind: 'server' | 'port';
  host: string | null;
  status: string | null;
  projectId: string | null;
  /** One per interface, the path in short. */
  interfaces: ScanInterface[];
  /** Exactly the findings of `analyseTrace(snapshot, id)`, errors first. */
  findings: Finding[];
  /** The instance's trace summary, with its verdict (healthy / problems / unverified, as `netxray trace`). */
  summary: { interfaces: number; errors: number; warnings: number; infos: number; unverified?: number; verdict?: TraceVerdict };
}

export interface ScanInterface {
  portId: string;
  mac: string;
  ips: string[];
  floatingIps: string[];
  status: string;
  network: { id: string; name: string; type: string | null; segmentationId: number | null };
  host: string | null;
  localVlan: number | null;
  /** The devices in path order, VM side first (TraceInterface.deviceChain without flows). */
  path: { name: string; kind: DeviceKind; present: boolean; ofport?: number }[];
  egress: { action: TranslationAction; vlan?: number; tunnelId?: number; remoteHosts: string[] };
  /** The trace's plain answer to "what does the provider network do" (TraceInterface.answers.provider). */
  provider: string;
  /** What the path picture is drawn from, as `trace` has it (added within version 1): the html page draws it with trace's renderer. */
  pathFacts: PathFacts;
}

export interface ScanHost {
  host: string;
  reachable: boolean;
  error?: string;
  /** Instances (and bare ports) of the scan on this host. */
  instances: number;
}

export interface ScanSummary {
  instances: number;
  interfaces: number;
  /** Instances with at least one error / warning (and no error) / neither. */
  instancesWithErrors: number;
  instancesWithWarnings: number;
  /** Instances whose trace verdict is healthy: nothing wrong and every part checked, every automatic walk arrived. */
  healthyInstances: number;
  /** Instances with nothing wrong found but a part not checked (trace verdict `unverified`). */
  unverifiedInstances: number;
  /** As `netxray trace`'s verdict, over all instances: `problems` if any has a warning or error, else `unverified` if any could not be verified, else `healthy`. */
  verdict: TraceVerdict;
  errors: number;
  warnings: number;
  infos: number;
  /** Finding id → how many findings of it, on how many instances, and the most severe seen. */
  countsByFinding: Record<string, { count: number; instances: number; severity: Severity }>;
  /** Instances with an error or warning, worst first (errors, then warnings, then name). */
  worst: ScanWorst[];
}

export interface ScanWorst {
  id: string;
  name: string;
  kind: 'server' | 'port';
  host: string | null;
  errors: number;
  warnings: number;
  /** Distinct finding ids of the instance, errors first. */
  findingIds: string[];
}

export interface ScanProblem extends Omit<CollectionProblem, 'source'> {
  source: CollectionProblem['source'] | 'analysis';
  /** The instance concerned, for analysis problems. */
  instanceId?: string;
}
