// Parses ovn-trace's detailed output (ovn-trace(8), "Detailed Output"; OVN 23.03): one section per logical pipeline
// visited (`ingress(dp=…, inport=…)`, `egress(…, outport=…)`, `multicast(dp=…, mcgroup=…)`), sub-sections for what
// forks it (`ct_next(ct_state=…)`, `arp`, `icmp4`), and per logical flow `N. stage (northd.c:L): match, priority P, uuid U`
// followed by its actions, with ovn-trace's own remarks as `/* … */` (`output to "X", type "T"`). Run with
// --no-friendly-names, so ports and datapaths are their NB names / UUIDs.

export interface LogicalHop {
  /** Table number in its pipeline. */
  table: number;
  /** Stage name, e.g. ls_in_acl. */
  stage: string;
  /** northd source location, e.g. northd.c:6445. */
  source: string;
  match: string;
  priority: number;
  /** SB Logical_Flow uuid prefix. */
  uuid: string;
  actions: string[];
  /** ovn-trace's remarks under the flow (without the comment markers). */
  notes: string[];
  /** conntrack sub-section count so far in this pipeline (0: before any ct_next). */
  ctPass: number;
  /** The conntrack state ovn-trace assumed for this pass, e.g. new|trk. */
  ctState: string | null;
}

export interface LogicalPipeline {
  kind: 'ingress' | 'egress' | 'multicast';
  /** Datapath as printed (NB name or UUID). */
  datapath: string;
  inport: string | null;
  outport: string | null;
  mcgroup: string | null;
  hops: LogicalHop[];
  /** `output to "X", type "T"` remarks of this pipeline. */
  outputs: { port: string; type: string }[];
}

export interface OvnTraceResult {
  /** The first line: the microflow in OpenFlow syntax. */
  flow: string;
  pipelines: LogicalPipeline[];
}

const SECTION = /^(ingress|egress|multicast)\((.*)\)\s*$/;
const HOP = /^\s*(\d+)\. (\S+) \(([^)]*)\): (.*), priority (\d+), uuid ([0-9a-f]+)\s*$/;
const attr = (text: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(text)?.[1] ?? null;

export function parseOvnTrace(text: string): OvnTraceResult {
  const lines = text.split('\n');
  const flow = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
  const pipelines: LogicalPipeline[] = [];
  let current: LogicalPipeline | null = null;
  let hop: LogicalHop | null = null;
  let ctPass = 0;
  let ctState: string | null = null;
  for (const raw of lines) {
    const line = raw.trimEnd();
    const section = SECTION.exec(line);
    if (section) {
      current = { kind: section[1] as LogicalPipeline['kind'], datapath: attr(section[2], 'dp') ?? '?', inport: attr(section[2], 'inport'), outport: attr(section[2], 'outport'), mcgroup: attr(section[2], 'mcgroup'), hops: [], outputs: [] };
      pipelines.push(current);
      hop = null;
      ctPass = 0;
      ctState = null;
      continue;
    }
    const ct = /^ct_next\(ct_state=([^)]*)\)/.exec(line);
    if (ct) {
      ctPass += 1;
      ctState = ct[1];
      hop = null;
      continue;
    }
    if (!current || /^-+$/.test(line.trim()) || line.trim() === '' || line.startsWith('# ')) continue;
    const h = HOP.exec(line);
    if (h) {
      hop = { table: Number(h[1]), stage: h[2], source: h[3], match: h[4], priority: Number(h[5]), uuid: h[6], actions: [], notes: [], ctPass, ctState };
      current.hops.push(hop);
      continue;
    }
    const text = line.trim();
    const comment = /^\/\* (.*) \*\/$/.exec(text);
    if (comment) {
      const out = /^output to "([^"]*)", type "([^"]*)"/.exec(comment[1]);
      if (out) current.outputs.push({ port: out[1], type: out[2] });
      hop?.notes.push(comment[1]);
    } else if (hop && !/^[a-z0-9_]+$/.test(text)) hop.actions.push(text); // a bare word heads a fork (`arp`, `icmp4`)
  }
  return { flow, pipelines };
}

/** Actions that drop the packet in the logical pipeline (ovn-sb(5) Logical_Flow actions: drop; a flow without actions). */
export const dropsPacket = (hop: LogicalHop) => hop.actions.some((a) => /^drop;?$/.test(a)) || /^reject\b/.test(hop.actions[0] ?? '');
