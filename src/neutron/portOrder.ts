// The order of an instance's interfaces, as Nova lists them: what `Interface N` and `--from-interface N` count.
import type { ApiObject } from '../model/cloudSnapshot.js';
import { obj, str } from './apiFields.js';

/** Nova's order: the MACs in `addresses` as the server lists them, then the rest by MAC. */
export function orderPorts(server: ApiObject, ports: ApiObject[]): ApiObject[] {
  const order: string[] = [];
  for (const entries of Object.values(obj(server, 'addresses'))) {
    if (!Array.isArray(entries)) continue;
    for (const e of entries) {
      const mac = (e as ApiObject)['OS-EXT-IPS-MAC:mac_addr'];
      if (typeof mac === 'string' && !order.includes(mac)) order.push(mac);
    }
  }
  const rank = (p: ApiObject) => {
    const i = order.indexOf(str(p, 'mac_address') ?? '');
    return i < 0 ? order.length : i;
  };
  return [...ports].sort((a, b) => rank(a) - rank(b) || (str(a, 'mac_address') ?? '').localeCompare(str(b, 'mac_address') ?? ''));
}
