// Nova and Neutron GETs over a Keystone session: versioned base URLs, query strings, and lists that follow `next` links.
import { NetxrayError } from '../../errors.js';
import type { ApiObject } from '../../model/cloudSnapshot.js';
import type { KeystoneSession } from './keystone.js';

export type ServiceType = 'compute' | 'network';

/** A query string; array values repeat the key (`id=a&id=b`), which Nova and Neutron read as "any of". */
export function queryString(params: Record<string, string | number | boolean | readonly string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, item);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The `rel=next` href of `<key>_links` (Nova servers_links, Neutron ports_links, ...). */
export function nextLink(body: unknown, key: string): string | undefined {
  const links = (body as Record<string, unknown> | null)?.[`${key}_links`];
  if (!Array.isArray(links)) return undefined;
  const next = links.find((l) => l && typeof l === 'object' && (l as { rel?: unknown }).rel === 'next') as { href?: unknown } | undefined;
  return typeof next?.href === 'string' ? next.href : undefined;
}

/** Nova's catalog URL may lack the version (`http://nova:8774/`); Neutron's usually does (`http://neutron:9696`). */
export function versionedBase(service: ServiceType, catalogUrl: string): string {
  const url = catalogUrl.replace(/\/+$/, '');
  if (service === 'network') return /\/v2\.0$/.test(url) ? url : `${url}/v2.0`;
  return /\/v2(\.1)?(\/|$)/.test(url) ? url : `${url}/v2.1`;
}

const MAX_PAGES = 10_000;

export class OpenStackApi {
  private readonly bases = new Map<ServiceType, Promise<string>>();

  constructor(readonly session: KeystoneSession) {}

  base(service: ServiceType): Promise<string> {
    let b = this.bases.get(service);
    if (!b) {
      b = this.session.endpoint(service).then((u) => versionedBase(service, u));
      this.bases.set(service, b);
    }
    return b;
  }

  /** Requests sent so far (token requests included). */
  get requests(): number {
    return this.session.http.requests;
  }

  /** GET one resource; `pathAndQuery` starts with `/`. */
  async get<T = Record<string, unknown>>(service: ServiceType, pathAndQuery: string): Promise<T> {
    const res = await this.session.getJson<T>(`${await this.base(service)}${pathAndQuery}`);
    return res.body;
  }

  /** GET a list and every following page; `key` is the list's name in the body (`ports`, `servers`, ...). */
  async list(service: ServiceType, pathAndQuery: string, key: string): Promise<ApiObject[]> {
    const out: ApiObject[] = [];
    const seen = new Set<string>();
    let url: string | undefined = `${await this.base(service)}${pathAndQuery}`;
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES || seen.has(url)) throw new NetxrayError('environment', `${key}: pagination does not end (next link repeats)`);
      seen.add(url);
      const res: { body: Record<string, unknown> } = await this.session.getJson<Record<string, unknown>>(url);
      const body = res.body;
      const items: unknown = body[key];
      if (!Array.isArray(items)) throw new NetxrayError('environment', `${url.split('?')[0]}: answer has no "${key}" list`);
      out.push(...(items as ApiObject[]));
      url = items.length > 0 ? nextLink(body, key) : undefined;
    }
    return out;
  }
}
