// SYNTHETIC scale snapshots (no lab needed): a real 4-instance lab recording with N extra compute ports cloned from its
// instance ports (API port, OVSDB Interface/Port rows, br-int membership, the template's per-port flows with its
// ofport and MAC replaced). Only for how analysis time and memory grow with ports; live figures come from the lab.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RECORDING = join(resolve(import.meta.dirname, '..'), 'test/trace/fixtures/lab-openvswitch.snapshot.json');

export function syntheticSnapshot(n) {
  const s = JSON.parse(readFileSync(RECORDING, 'utf8'));
  const servers = new Set(s.api.servers.map((x) => x.id));
  const templates = s.api.ports.filter((p) => servers.has(p.device_id));
  const hex = (k, width) => k.toString(16).padStart(width, '0');
  const tables = new Map();
  const table = (host, id) => {
    const key = `${host} ${id}`;
    if (!tables.has(key)) {
      const out = s.hosts.find((h) => h.host === host).outputs.find((o) => o.id === id);
      tables.set(key, { out, doc: JSON.parse(out.stdout) });
    }
    return tables.get(key);
  };
  const nextOfport = new Map();
  const extraFlows = new Map();
  for (let k = 0; k < n; k++) {
    const t = templates[k % templates.length];
    const host = t['binding:host_id'];
    const id = `${hex(k, 8)}-5ca1-4000-8000-000000000000`; // tap names keep the first 11 characters: make them differ
    const mac = `fa:16:3e:${hex((k >> 16) & 255, 2)}:${hex((k >> 8) & 255, 2)}:${hex(k & 255, 2)}`;
    const name = `tap${id.slice(0, 11)}`;
    s.api.ports.push({ ...t, id, name: `scale-port-${k}`, mac_address: mac, device_id: `5ca1ed00-0000-4000-8000-${hex(k, 12)}`, device_owner: 'compute:nxlab-scale', fixed_ips: [] });
    const ifc = table(host, 'ovsdb-interface');
    const col = (doc, c) => doc.headings.indexOf(c);
    const tIf = ifc.doc.data.find((r) => r[col(ifc.doc, 'name')] === `tap${t.id.slice(0, 11)}`);
    if (!tIf) continue;
    const tOfport = tIf[col(ifc.doc, 'ofport')];
    if (!nextOfport.has(host)) nextOfport.set(host, 1000);
    const ofport = nextOfport.get(host);
    nextOfport.set(host, ofport + 1);
    const ifUuid = `5ca1e001-0000-4000-8000-${hex(k, 12)}`;
    const portUuid = `5ca1e002-0000-4000-8000-${hex(k, 12)}`;
    const row = structuredClone(tIf);
    row[col(ifc.doc, '_uuid')] = ['uuid', ifUuid];
    row[col(ifc.doc, 'name')] = name;
    row[col(ifc.doc, 'ofport')] = ofport;
    row[col(ifc.doc, 'external_ids')] = ['map', [['attached-mac', mac], ['iface-id', id], ['iface-status', 'active'], ['vm-uuid', s.api.ports.at(-1).device_id]]];
    ifc.doc.data.push(row);
    const prt = table(host, 'ovsdb-port');
    const tPort = prt.doc.data.find((r) => r[col(prt.doc, 'name')] === `tap${t.id.slice(0, 11)}`);
    const prow = structuredClone(tPort);
    prow[col(prt.doc, '_uuid')] = ['uuid', portUuid];
    prow[col(prt.doc, 'name')] = name;
    prow[col(prt.doc, 'interfaces')] = ['uuid', ifUuid];
    prt.doc.data.push(prow);
    const br = table(host, 'ovsdb-bridge');
    const brInt = br.doc.data.find((r) => r[col(br.doc, 'name')] === 'br-int');
    brInt[col(br.doc, 'ports')][1].push(['uuid', portUuid]);
    const flows = s.hosts.find((h) => h.host === host).outputs.find((o) => o.id === 'flows:br-int');
    const re = new RegExp(`(in_port=${tOfport}\\b|reg5=0x${tOfport.toString(16)}\\b|output:${tOfport}\\b|${t.mac_address})`);
    const cloned = flows.stdout.split('\n').filter((l) => re.test(l)).map((l) =>
      l.replace(new RegExp(`in_port=${tOfport}\\b`, 'g'), `in_port=${ofport}`).replace(new RegExp(`reg5=0x${tOfport.toString(16)}\\b`, 'g'), `reg5=0x${ofport.toString(16)}`)
        .replace(new RegExp(`output:${tOfport}\\b`, 'g'), `output:${ofport}`).replace(new RegExp(`load:0x${tOfport.toString(16)}->NXM_NX_REG5`, 'g'), `load:0x${ofport.toString(16)}->NXM_NX_REG5`).split(t.mac_address).join(mac));
    if (!extraFlows.has(flows)) extraFlows.set(flows, []);
    extraFlows.get(flows).push(...cloned);
  }
  for (const { out, doc } of tables.values()) out.stdout = JSON.stringify(doc);
  for (const [flows, lines] of extraFlows) flows.stdout = `${flows.stdout.replace(/\n$/, '')}\n${lines.join('\n')}\n`;
  return s;
}
