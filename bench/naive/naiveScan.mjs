#!/usr/bin/env node
// The benchmark BASELINE, not netxray: a scan the way the seed traced one instance, repeated per instance.
// Per instance (or bare compute port): its own Keystone token, its own GETs (server, its ports, and per port its
// network, subnets, floating IPs, security groups, neighbour ports; the host's agents), and per host command its
// own SSH connection (ssh2 directly, one exec each), sequentially. It collects what netxray's scan collects for
// that instance's host and keeps it in memory; it does not analyse (which only flatters it). It counts every
// request and connection. Usage:
//   node bench/naive/naiveScan.mjs --ssh-config FILE [--limit N] [--out FILE]    (credentials: OS_* / clouds.yaml)
// --limit N visits N instances spread evenly over all of them and also reports the total the full run would take.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import { resolveCredentials } from '../../dist/collect/openstack/credentials.js';
import { loadSshConfig, resolveSshHost } from '../../dist/collect/hosts/sshConfig.js';

const { Client } = ssh2;
const { values } = parseArgs({ options: { 'ssh-config': { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' } } });

const counts = { apiRequests: 0, sshConnections: 0, hostCommands: 0, bytes: 0 };
const started = Date.now();
const { credentials } = resolveCredentials({});

/** Keystone password auth, as `openstack` does on every invocation. */
async function token() {
  counts.apiRequests += 1;
  const auth = credentials.auth;
  const res = await fetch(`${credentials.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: auth.username, domain: { name: auth.userDomainName ?? 'Default' }, password: auth.password } } },
        scope: { project: { name: auth.projectName, domain: { name: auth.projectDomainName ?? 'Default' } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`token: HTTP ${res.status}`);
  const body = await res.json();
  const url = (type) => body.token.catalog.find((s) => s.type === type).endpoints.find((e) => e.interface === 'public').url.replace(/\/+$/, '');
  const compute = url('compute');
  const network = url('network');
  return { value: res.headers.get('x-subject-token'), compute: /\/v2(\.1)?/.test(compute) ? compute : `${compute}/v2.1`, network: `${network}/v2.0` };
}

async function get(tok, base, path) {
  counts.apiRequests += 1;
  const res = await fetch(`${tok[base]}${path}`, { headers: { 'X-Auth-Token': tok.value, Accept: 'application/json' } });
  const text = await res.text();
  counts.bytes += text.length;
  return res.ok ? JSON.parse(text) : {};
}

const sshConfig = loadSshConfig(values['ssh-config']);
/** One new SSH connection for one command: connect, authenticate, exec, read, close. */
function sshOnce(host, command) {
  const s = resolveSshHost(sshConfig, host);
  const key = s.identityFiles.map((f) => { try { return readFileSync(f); } catch { return undefined; } }).find(Boolean);
  counts.sshConnections += 1;
  return new Promise((resolve) => {
    const c = new Client();
    let out = '';
    const done = (result) => { c.end(); resolve(result); };
    c.on('ready', () => {
      counts.hostCommands += 1;
      c.exec(command, (err, stream) => {
        if (err) return done({ command, error: err.message });
        stream.on('data', (d) => { out += d; });
        stream.stderr.on('data', () => {});
        stream.on('close', (code) => done({ command, exitCode: code, stdout: out }));
      });
    });
    c.on('error', (err) => done({ command, error: err.message }));
    c.connect({ host: s.hostName, port: s.port, username: s.user, privateKey: key, readyTimeout: 15_000 });
  });
}

/** The same read-only commands netxray runs on an instance's host (no namespaces). */
const HOST_COMMANDS = [
  ...['Bridge', 'Port', 'Interface', 'Open_vSwitch'].map((t) => `ovs-vsctl --timeout=10 --format=json --data=json list ${t}`),
  ...['br-int', 'br-tun', 'br-ex'].flatMap((b) => [`ovs-ofctl dump-flows ${b}`, `ovs-ofctl show ${b}`]),
  'ip -j -d link show', 'ip -j addr show', 'ip -j netns list',
];

async function visit(unit) {
  const tok = await token();
  const collected = { unit: unit.id, api: [], host: [] };
  let ports;
  let host;
  if (unit.kind === 'server') {
    const server = (await get(tok, 'compute', `/servers/${unit.id}`)).server ?? {};
    collected.api.push(server);
    ports = (await get(tok, 'network', `/ports?device_id=${unit.id}`)).ports ?? [];
    host = server['OS-EXT-SRV-ATTR:host'];
  } else {
    ports = [(await get(tok, 'network', `/ports/${unit.id}`)).port ?? {}];
    host = ports[0]['binding:host_id'];
  }
  for (const p of ports) {
    collected.api.push(p);
    collected.api.push(await get(tok, 'network', `/networks/${p.network_id}`));
    collected.api.push(await get(tok, 'network', `/ports?network_id=${p.network_id}`));
    for (const ip of p.fixed_ips ?? []) collected.api.push(await get(tok, 'network', `/subnets/${ip.subnet_id}`));
    collected.api.push(await get(tok, 'network', `/floatingips?port_id=${p.id}`));
    for (const sg of p.security_groups ?? []) collected.api.push(await get(tok, 'network', `/security-groups/${sg}`));
  }
  if (host) {
    collected.api.push(await get(tok, 'network', `/agents?host=${encodeURIComponent(host)}`));
    for (const command of HOST_COMMANDS) collected.host.push(await sshOnce(host, command));
  }
  return collected;
}

// Which instances: every server, and compute ports of no server (what netxray scan covers).
const first = await token();
const servers = (await get(first, 'compute', '/servers/detail?all_tenants=1')).servers ?? [];
const allPorts = (await get(first, 'network', '/ports')).ports ?? [];
const serverIds = new Set(servers.map((s) => s.id));
const units = [
  ...servers.map((s) => ({ kind: 'server', id: s.id })),
  ...allPorts.filter((p) => String(p.device_owner).startsWith('compute:') && !serverIds.has(p.device_id)).map((p) => ({ kind: 'port', id: p.id })),
];
const limit = values.limit ? Math.min(Number(values.limit), units.length) : units.length;
const chosen = limit === units.length ? units : Array.from({ length: limit }, (_, i) => units[Math.floor((i * units.length) / limit)]);
const discovery = { ...counts, durationMs: Date.now() - started };
const kept = [];
for (const unit of chosen) kept.push(await visit(unit));
const durationMs = Date.now() - started;
const perUnit = (k) => (counts[k] - discovery[k]) / chosen.length;
const result = {
  units: units.length,
  visited: chosen.length,
  ports: allPorts.length,
  measured: { ...counts, durationMs },
  // what visiting all units would cost, from the measured per-unit average (equal to measured when --limit is not given)
  full: {
    apiRequests: Math.round(discovery.apiRequests + perUnit('apiRequests') * units.length),
    sshConnections: Math.round(perUnit('sshConnections') * units.length),
    hostCommands: Math.round(perUnit('hostCommands') * units.length),
    durationMs: Math.round(discovery.durationMs + ((durationMs - discovery.durationMs) / chosen.length) * units.length),
  },
  failedCommands: kept.flatMap((k) => k.host).filter((h) => h.error || h.exitCode !== 0).length,
  failures: [...new Set(kept.flatMap((k) => k.host).filter((h) => h.error || h.exitCode !== 0).map((h) => h.error ?? `exit ${h.exitCode}: ${h.command}`))].slice(0, 5),
};
const text = `${JSON.stringify(result)}\n`;
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
