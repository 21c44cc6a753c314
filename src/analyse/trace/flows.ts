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
  const parts = flowLineParts(line);
  if (!parts) return null;
  const { trimmed, left, actionsText } = parts;
  const { cookie, table, nPackets, matchStart } = statWords(left, 0, left.length);
  const matchTokens: string[] = [];
  for (const token of left.slice(matchStart).split(/\s+/)) if (token !== '') matchTokens.push(withoutTrailingComma(token));
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

/**
 * The cookie parseFlowLine gives the line text[start, end) (null: none), or undefined when it is no flow. Reads only
 * the stat words and copies nothing else: agentCookieOf reads every line of a bridge's dump through it.
 */
export function flowLineCookie(text: string, start = 0, end = text.length): string | null | undefined {
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  const cut = text.indexOf(ACTIONS_AFTER_MATCH, start);
  if (cut >= 0 && cut + ACTIONS_AFTER_MATCH.length <= end) return statWords(text, start, cut).cookie;
  return end - start >= ACTIONS.length && text.startsWith(ACTIONS, start) ? null : undefined;
}

/** How many flows carry each cookie (flowLineCookie), in order of first appearance, counted line by line. */
export interface CookieCounter {
  visit(text: string, start: number, end: number): void;
  counts(): Map<string, number>;
}

const LINE_COOKIE_PREFIX = ' cookie=';
/** A cookie value that holds no white space, comma or `=`: a line starting ` cookie=<it>, ` has it as its first stat word. */
const PLAIN_COOKIE = /^[0-9A-Za-z]+$/;

/**
 * A CookieCounter that gives flowLineCookie's counts without reading the stat words of the lines ovs-ofctl prints
 * (` cookie=V, duration=…`): a line that starts with the previous line's cookie the same way, ends in no white space, has
 * ` actions=` and no other `cookie` before it is that cookie's again (statWords would read the same); any other line
 * goes through flowLineCookie. A bridge's dump is mostly runs of one agent cookie (issue #22 item 16: 470,000 lines).
 */
export function cookieCounter(): CookieCounter {
  const counts = new Map<string, number>();
  let last: string | null = null; // the previous line's cookie when PLAIN_COOKIE: the fast path compares against it
  let pending = 0; // lines of `last` not yet added to `counts`
  const flush = () => {
    if (last !== null && pending > 0) counts.set(last, (counts.get(last) ?? 0) + pending);
    pending = 0;
  };
  const sameAsLast = (text: string, start: number, end: number): boolean => {
    if (last === null || !text.startsWith(LINE_COOKIE_PREFIX, start) || !text.startsWith(last, start + LINE_COOKIE_PREFIX.length)) return false;
    const afterValue = start + LINE_COOKIE_PREFIX.length + last.length;
    if (text.charCodeAt(afterValue) !== 0x2c || text.charCodeAt(afterValue + 1) !== 0x20) return false;
    const lastChar = text.charCodeAt(end - 1);
    if (!(lastChar > 0x20 && lastChar < 0x7f)) return false; // trailing white space: trimmed first
    const cut = text.indexOf(ACTIONS_AFTER_MATCH, afterValue);
    if (cut < 0 || cut + ACTIONS_AFTER_MATCH.length > end) return false;
    const other = text.indexOf('cookie', afterValue);
    return other < 0 || other >= cut;
  };
  return {
    visit(text, start, end) {
      if (sameAsLast(text, start, end)) {
        pending++;
        return;
      }
      flush();
      const cookie = flowLineCookie(text, start, end);
      if (!cookie) return;
      counts.set(cookie, (counts.get(cookie) ?? 0) + 1);
      last = PLAIN_COOKIE.test(cookie) ? cookie : null;
    },
    counts() {
      flush();
      return counts;
    },
  };
}

const ACTIONS = 'actions=';
const ACTIONS_AFTER_MATCH = ` ${ACTIONS}`;

/** A flow line split at its actions; null when it has none (a header, a blank line). */
function flowLineParts(line: string): { trimmed: string; left: string; actionsText: string } | null {
  const trimmed = line.trim();
  const cut = trimmed.indexOf(ACTIONS_AFTER_MATCH);
  if (cut < 0 && !trimmed.startsWith(ACTIONS)) return null;
  return { trimmed, left: cut < 0 ? '' : trimmed.slice(0, cut), actionsText: trimmed.slice(cut < 0 ? ACTIONS.length : cut + ACTIONS_AFTER_MATCH.length) };
}

const withoutTrailingComma = (token: string) => (token.endsWith(',') ? token.slice(0, -1) : token);

/** White space as String.prototype.trim and /\s/ know it (ECMA-262 WhiteSpace and LineTerminator). */
function isWhiteSpace(code: number): boolean {
  if (code > 0x20 && code < 0x7f) return false;
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** STAT_KEYS by length: a word's key is compared in place, without copying it. */
const STAT_KEYS_BY_LENGTH = new Map<number, string[]>();
for (const key of STAT_KEYS) STAT_KEYS_BY_LENGTH.set(key.length, [...(STAT_KEYS_BY_LENGTH.get(key.length) ?? []), key]);

/** The stat key text[at, keyEnd) is, if it is one. */
function statKeyAt(text: string, at: number, keyEnd: number): string | undefined {
  const candidates = STAT_KEYS_BY_LENGTH.get(keyEnd - at);
  if (candidates) for (const key of candidates) if (text.startsWith(key, at)) return key;
  return undefined;
}

/**
 * The stat words ovs-ofctl prints before the match (cookie, table, n_packets, ...) in text[start, end), read word by
 * word up to the first word that is not one; `matchStart` is where that word starts (the match runs from there).
 */
function statWords(text: string, start: number, end: number): { cookie: string | null; table: number; nPackets: number | null; matchStart: number } {
  let cookie: string | null = null;
  let table = 0;
  let nPackets: number | null = null;
  let at = start;
  for (;;) {
    while (at < end && isWhiteSpace(text.charCodeAt(at))) at++;
    if (at >= end) break;
    let wordEnd = at;
    while (wordEnd < end && !isWhiteSpace(text.charCodeAt(wordEnd))) wordEnd++;
    const bareEnd = text.charCodeAt(wordEnd - 1) === 0x2c ? wordEnd - 1 : wordEnd; // a trailing ','
    const eq = text.indexOf('=', at);
    const keyEnd = eq >= 0 && eq < bareEnd ? eq : bareEnd;
    const key = statKeyAt(text, at, keyEnd);
    if (key === undefined) break;
    const value = () => (keyEnd < bareEnd ? text.slice(keyEnd + 1, bareEnd) : '');
    if (key === 'cookie') cookie = value();
    if (key === 'table') table = Number(value());
    if (key === 'n_packets') nPackets = Number(value());
    at = wordEnd;
  }
  return { cookie, table, nPackets, matchStart: at };
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
