// Parses `ovs-ofctl dump-flows <bridge>` text, OpenFlow 1.0 style (mod_vlan_vid, strip_vlan, resubmit) or
// OpenFlow 1.3 style (-O OpenFlow13: set_field:4196->vlan_vid, push_vlan, pop_vlan, goto_table), numbers or --names.

export type FlowAction =
  | { type: 'set_vlan'; vlan: number }
  | { type: 'push_vlan' }
  | { type: 'strip_vlan' }
  | { type: 'goto'; table: number }
  | { type: 'output'; port: string }
  | { type: 'set_tunnel'; tunnelId: number }
  | { type: 'normal' }
  | { type: 'drop' }
  | { type: 'other'; text: string };

export interface Flow {
  /** The line as printed (trimmed). */
  raw: string;
  cookie: string | null;
  /** Omitted by ovs-ofctl for table 0 with --no-stats/--names: then 0. */
  table: number;
  /** Omitted when it is the default 32768. */
  priority: number;
  nPackets: number | null;
  /** Match fields in printed order, priority removed; valueless fields (`arp`, `ip`) map to ''. */
  match: [string, string][];
  matchText: string;
  actionsText: string;
  actions: FlowAction[];
}

/** Metadata words that ovs-ofctl prints before the match. */
const STAT_KEYS = new Set([
  'cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_age', 'hard_age', 'idle_timeout', 'hard_timeout',
  'importance', 'reset_counts', 'send_flow_rem', 'check_overlap', 'no_packet_counts', 'no_byte_counts', 'out_port',
]);

const DEFAULT_PRIORITY = 32768;
/** OFPVID_PRESENT: OpenFlow 1.3 prints VLAN ids with this bit set (4096 + vid). */
const OFPVID_PRESENT = 0x1000;

export function parseFlows(text: string): Flow[] {
  const flows: Flow[] = [];
  for (const line of text.split('\n')) {
    const flow = parseFlowLine(line);
    if (flow) flows.push(flow);
  }
  return flows;
}

export function parseFlowLine(line: string): Flow | null {
  const trimmed = line.trim();
  const cut = trimmed.indexOf(' actions=');
  if (cut < 0 && !trimmed.startsWith('actions=')) return null;
  const left = cut < 0 ? '' : trimmed.slice(0, cut);
  const actionsText = trimmed.slice(cut < 0 ? 'actions='.length : cut + ' actions='.length);
  let cookie: string | null = null;
  let table = 0;
  let nPackets: number | null = null;
  const matchTokens: string[] = [];
  for (const token of left.split(/\s+/)) {
    if (token === '') continue;
    const bare = token.endsWith(',') ? token.slice(0, -1) : token;
    const eq = bare.indexOf('=');
    const key = eq < 0 ? bare : bare.slice(0, eq);
    if (STAT_KEYS.has(key) && matchTokens.length === 0) {
      const value = bare.slice(key.length + 1);
      if (key === 'cookie') cookie = value;
      if (key === 'table') table = Number(value);
      if (key === 'n_packets') nPackets = Number(value);
      continue;
    }
    matchTokens.push(bare);
  }
  let priority = DEFAULT_PRIORITY;
  const match: [string, string][] = [];
  for (const field of splitTopLevel(matchTokens.join(','))) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (key === 'priority') priority = Number(value);
    else match.push([key, value]);
  }
  return {
    raw: trimmed,
    cookie,
    table,
    priority,
    nPackets,
    match,
    matchText: match.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(','),
    actionsText,
    actions: splitTopLevel(actionsText).map(parseAction),
  };
}

/** Splits on commas outside (), [] and quotes. */
export function splitTopLevel(text: string): string[] {
  // Most match parts have no brackets or quotes: a plain split then says the same.
  if (!/[([")\]]/.test(text)) return text.split(',').map((p) => p.trim()).filter(Boolean);
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '(' || c === '[')) depth++;
    else if (!quoted && (c === ')' || c === ']')) depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseNumber(text: string): number {
  return text.startsWith('0x') ? parseInt(text, 16) : Number(text);
}

export function parseAction(text: string): FlowAction {
  let m: RegExpExecArray | null;
  if ((m = /^mod_vlan_vid:(\d+)$/.exec(text))) return { type: 'set_vlan', vlan: Number(m[1]) };
  if ((m = /^set_field:(0x[0-9a-f]+|\d+)->vlan_vid$/i.exec(text))) return { type: 'set_vlan', vlan: parseNumber(m[1]) & ~OFPVID_PRESENT & 0xfff };
  if (/^push_vlan(:.*)?$/.test(text)) return { type: 'push_vlan' };
  if (text === 'strip_vlan' || text === 'pop_vlan') return { type: 'strip_vlan' };
  if ((m = /^resubmit\([^,]*,(\d+)\)$/.exec(text)) || (m = /^goto_table:(\d+)$/.exec(text))) return { type: 'goto', table: Number(m[1]) };
  if ((m = /^output:"?([^"]+)"?$/.exec(text))) return { type: 'output', port: m[1] };
  if ((m = /^(?:load|set_field):(0x[0-9a-f]+|\d+)->(?:NXM_NX_TUN_ID\[\]|tun_id)$/i.exec(text))) return { type: 'set_tunnel', tunnelId: parseNumber(m[1]) };
  if ((m = /^set_tunnel(?:64)?:(0x[0-9a-f]+|\d+)$/i.exec(text))) return { type: 'set_tunnel', tunnelId: parseNumber(m[1]) };
  if (text === 'NORMAL' || text === 'normal') return { type: 'normal' };
  if (text === 'drop') return { type: 'drop' };
  if (/^\d+$/.test(text)) return { type: 'output', port: text };
  return { type: 'other', text };
}

export function matchValue(flow: Flow, key: string): string | undefined {
  return flow.match.find(([k]) => k === key)?.[1];
}

/**
 * The VLAN a flow matches: a number, 'untagged' (`vlan_tci=0x0000/0x1fff`), or null when it does not match on VLAN.
 * `dl_vlan=N` (OF1.0 and most dumps) and `vlan_tci=0x1NNN/0x1fff` (CFI/present bit + vid) both count.
 */
export function matchedVlan(flow: Flow): number | 'untagged' | null {
  const dlVlan = matchValue(flow, 'dl_vlan');
  if (dlVlan !== undefined) return Number(dlVlan);
  const vlanVid = matchValue(flow, 'vlan_vid');
  if (vlanVid !== undefined) return parseNumber(vlanVid.split('/')[0]) & 0xfff;
  const tci = matchValue(flow, 'vlan_tci');
  if (tci !== undefined) {
    const [value, mask] = tci.split('/');
    const v = parseNumber(value);
    if (mask !== undefined && (parseNumber(mask) & 0x1fff) === 0x1fff && v === 0) return 'untagged';
    if (v & OFPVID_PRESENT) return v & 0xfff;
  }
  return null;
}

export function matchedTunnelId(flow: Flow): number | null {
  const value = matchValue(flow, 'tun_id');
  return value === undefined ? null : parseNumber(value.split('/')[0]);
}

/** The `in_port` of a flow, unquoted (a number or a name). */
export function matchedInPort(flow: Flow): string | null {
  const value = matchValue(flow, 'in_port');
  return value === undefined ? null : value.replace(/^"|"$/g, '');
}

export function gotoTable(flow: Flow): number | null {
  const step = flow.actions.find((a) => a.type === 'goto');
  return step && step.type === 'goto' ? step.table : null;
}

export function setVlan(flow: Flow): number | null {
  const step = flow.actions.find((a) => a.type === 'set_vlan');
  return step && step.type === 'set_vlan' ? step.vlan : null;
}

export function setTunnelId(flow: Flow): number | null {
  const step = flow.actions.find((a) => a.type === 'set_tunnel');
  return step && step.type === 'set_tunnel' ? step.tunnelId : null;
}

export function outputs(flow: Flow): string[] {
  return flow.actions.flatMap((a) => (a.type === 'output' ? [a.port] : []));
}

export function strips(flow: Flow): boolean {
  return flow.actions.some((a) => a.type === 'strip_vlan');
}
