// Turns the Linux outputs a sosreport holds (sos_commands/networking/: `ip -d address`, `ip -s -d link`,
// `iptables-save`) into the forms netxray's snapshots hold (`ip -j addr`, `ip -o link`, `iptables-save -t nat`).

// e.g. `4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP group default qlen 1000`
const DEVICE_HEAD = /^(\d+):\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<[^>]*>(.*)$/;

/** `ip address show` (any of -d/-s) → the JSON of `ip -j addr show` (ifindex, ifname, mtu, operstate, addr_info). */
export function ipAddressToJson(text: string): string {
  const devices: { ifindex: number; ifname: string; mtu?: number; operstate?: string; addr_info: { family: string; local: string; prefixlen: number }[] }[] = [];
  for (const line of text.split('\n')) {
    const head = DEVICE_HEAD.exec(line);
    if (head) {
      const mtu = /\bmtu (\d+)/.exec(head[3]);
      const state = /\bstate (\S+)/.exec(head[3]);
      devices.push({ ifindex: Number(head[1]), ifname: head[2], ...(mtu ? { mtu: Number(mtu[1]) } : {}), ...(state ? { operstate: state[1] } : {}), addr_info: [] });
      continue;
    }
    const addr = /^\s+(inet6?) ([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    if (addr && devices.length) devices[devices.length - 1].addr_info.push({ family: addr[1], local: addr[2], prefixlen: Number(addr[3]) });
  }
  return JSON.stringify(devices);
}

/** `ip -s -d link` (a device over several lines) → `ip -o link` (one line per device, continuation lines joined by `\`). */
export function ipLinkToOneLine(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (DEVICE_HEAD.test(line) || lines.length === 0) lines.push(line);
    else if (line.trim()) lines[lines.length - 1] += `\\    ${line.trim()}`;
  }
  return lines.filter((l) => l.trim()).join('\n') + '\n';
}

/** The nat table of a full `iptables-save` (from `*nat` to its COMMIT), as `iptables-save -t nat` prints it; '' if none. */
export function natTableOf(iptablesSave: string): string {
  const m = /^\*nat$[\s\S]*?^COMMIT$/m.exec(iptablesSave);
  return m ? `${m[0]}\n` : '';
}

/** `ip netns` (`name (id: N)` lines) → the JSON of `ip -j netns list`. */
export function ipNetnsToJson(text: string): string {
  const rows = text
    .split('\n')
    .map((l) => /^(\S+)(?:\s+\(id: (\d+)\))?/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], ...(m[2] !== undefined ? { id: Number(m[2]) } : {}) }));
  return JSON.stringify(rows);
}

/**
 * The listening TCP sockets of `netstat -W -neopa` (sos's networking plugin, per namespace) → the lines of
 * `ss -l -t -n -p` netxray reads (`LISTEN recv send local peer users:(("proc",pid=N))`).
 */
export function netstatListeningToSs(text: string): string {
  const lines = ['State Recv-Q Send-Q Local Address:Port Peer Address:Port Process'];
  for (const line of text.split('\n')) {
    // e.g. `tcp   0   0 0.0.0.0:9697   0.0.0.0:*   LISTEN   0   18881167   14212/haproxy   off (0.00/0/0)`
    const m = /^tcp6?\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+LISTEN\s+\S+\s+\S+\s+(?:(\d+)\/(\S+))?/.exec(line.trim());
    if (!m) continue;
    const local = m[3].includes('::') || (m[3].match(/:/g) ?? []).length > 1 ? `[${m[3].slice(0, m[3].lastIndexOf(':'))}]${m[3].slice(m[3].lastIndexOf(':'))}` : m[3];
    lines.push(`LISTEN ${m[1]} ${m[2]} ${local} ${m[4]}${m[5] ? ` users:(("${m[6]}",pid=${m[5]}))` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
