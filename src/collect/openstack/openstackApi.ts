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
/** One list, first page to last: a cloud that pages slowly for ever cannot hold a collection longer. */
export const DEFAULT_PAGING_DEADLINE_MS = 10 * 60_000;

export interface OpenStackApiOptions {
  pagingDeadlineMs?: number;
  /** Pages read of one list at most (defaults to 10,000). */
  maxPages?: number;
}

export class OpenStackApi {
  private readonly bases = new Map<ServiceType, Promise<string>>();
  private readonly pagingDeadlineMs: number;
  private readonly maxPages: number;

  constructor(
    readonly session: KeystoneSession,
    options: OpenStackApiOptions = {},
  ) {
    this.pagingDeadlineMs = options.pagingDeadlineMs ?? DEFAULT_PAGING_DEADLINE_MS;
    this.maxPages = options.maxPages ?? MAX_PAGES;
  }

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
    const url = `${await this.base(service)}${pathAndQuery}`;
    const res = await this.session.getJson<T>(url);
    if (!isObject(res.body)) throw new NetxrayError('environment', `${stripQuery(url)}: answer is not a JSON object`);
    return res.body;
  }

  /**
   * GET a list and every following page; `key` is the list's name in the body (`ports`, `servers`, ...). A `next`
   * link is followed only to the scheme, host and port of the endpoint (the token goes nowhere else).
   */
  async list(service: ServiceType, pathAndQuery: string, key: string): Promise<ApiObject[]> {
    const out: ApiObject[] = [];
    const seen = new Set<string>();
    const first = `${await this.base(service)}${pathAndQuery}`;
    const origin = new URL(first).origin;
    const until = Date.now() + this.pagingDeadlineMs;
    let url: string | undefined = first;
    for (let page = 0; url; page++) {
      if (seen.has(url)) throw new NetxrayError('environment', `${key}: pagination does not end (the next link repeats)`);
      if (page >= this.maxPages) throw new NetxrayError('environment', `${key}: pagination does not end (more than ${this.maxPages} pages)`);
      if (Date.now() > until) throw new NetxrayError('environment', `${key}: pagination did not end within ${this.pagingDeadlineMs / 1000} s (${page} pages read)`);
      seen.add(url);
      const res: { body: unknown } = await this.session.getJson<unknown>(url);
      const body = res.body;
      const items: unknown = isObject(body) ? body[key] : undefined;
      if (!Array.isArray(items)) throw new NetxrayError('environment', `${stripQuery(url)}: answer has no "${key}" list`);
      if (!items.every(isObject)) throw new NetxrayError('environment', `${stripQuery(url)}: the "${key}" list holds an item that is not an object`);
      out.push(...items);
      url = items.length > 0 ? nextLink(body, key) : undefined;
      if (url !== undefined) url = sameOrigin(url, first, origin, key);
    }
    return out;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stripQuery(url: string): string {
  return url.split('?')[0];
}

/** The next link made absolute, if it stays on the endpoint's origin; anywhere else is refused, not followed. */
function sameOrigin(href: string, base: string, origin: string, key: string): string {
  let next: URL;
  try {
    next = new URL(href, base);
  } catch {
    throw new NetxrayError('environment', `${key}: the next link is not a URL; paging stopped`);
  }
  if (next.origin !== origin) {
    throw new NetxrayError('environment', `${key}: the next link points to ${next.protocol}//${next.host}, not the endpoint's ${origin}; not followed (the token is sent only to the endpoint)`);
  }
  return next.href;
}
