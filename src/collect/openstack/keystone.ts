// Keystone v3: a token (reused until it expires, renewed once on a 401) and endpoints from its catalog.
import { NetxrayError } from '../../errors.js';
import type { CloudCredentials } from './credentials.js';
import type { HttpClient, HttpRequest, HttpResponse } from './http.js';

export interface CatalogEndpoint {
  interface: string;
  region?: string;
  region_id?: string;
  url: string;
}
export interface CatalogService {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

export interface Token {
  /** The X-Subject-Token value: a secret, never logged. */
  value: string;
  expiresAt: number;
  roles: string[];
  project?: { id: string; name: string };
  user?: { id: string; name: string };
  catalog: CatalogService[];
}

/** Renew this long before expires_at so a request does not carry a token that dies on the way. */
const EXPIRY_MARGIN_MS = 60_000;

/** Keystone's JSON body for POST /v3/auth/tokens. */
export function tokenRequestBody(c: CloudCredentials): unknown {
  const a = c.auth;
  const domain = (name?: string, id?: string) => (id ? { id } : name ? { name } : undefined);
  const user = (username?: string, userId?: string, dName?: string, dId?: string) =>
    userId ? { id: userId } : { name: username, domain: domain(dName, dId) };
  if (a.type === 'v3applicationcredential') {
    const cred = a.applicationCredentialId
      ? { id: a.applicationCredentialId, secret: a.secret }
      : { name: a.applicationCredentialName, secret: a.secret, user: user(a.username, a.userId, a.userDomainName, a.userDomainId) };
    return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
  }
  const identity = {
    methods: ['password'],
    password: { user: { ...user(a.username, a.userId, a.userDomainName, a.userDomainId), password: a.password } },
  };
  const scope = a.projectId
    ? { project: { id: a.projectId } }
    : a.projectName
      ? { project: { name: a.projectName, domain: domain(a.projectDomainName, a.projectDomainId) } }
      : { domain: domain(a.domainName, a.domainId) };
  return { auth: { identity, scope } };
}

export interface ApiResponse<T = unknown> {
  status: number;
  url: string;
  body: T;
}

/** An authenticated session: tokens, endpoints, and JSON GETs that survive one token expiry. */
export class KeystoneSession {
  private token?: Token;
  private pending?: Promise<Token>;

  constructor(
    readonly credentials: CloudCredentials,
    readonly http: HttpClient,
  ) {}

  /** POST /v3/auth/tokens; 401 → NetxrayError 'auth', unreachable → 'environment' naming the URL. */
  async authenticate(): Promise<Token> {
    const url = `${this.credentials.authUrl}/auth/tokens`;
    const res = await this.http.request(url, { method: 'POST', body: JSON.stringify(tokenRequestBody(this.credentials)) });
    const who = this.describeUser();
    if (res.status === 401) {
      throw new NetxrayError('auth', `Keystone ${this.credentials.authUrl} refused the credentials of ${who} (HTTP 401): check them (${this.credentials.sources.join(', ') || 'no source'})`);
    }
    if (res.status === 403) throw new NetxrayError('auth', `Keystone ${this.credentials.authUrl}: ${who} may not get a token for that scope (HTTP 403)`);
    if (res.status === 404 && this.credentials.auth.type === 'password') {
      throw new NetxrayError('auth', `Keystone ${this.credentials.authUrl}: user, project or domain not found for ${who} (HTTP 404)`);
    }
    if (res.status !== 201 && res.status !== 200) {
      throw new NetxrayError('environment', `Keystone ${url}: HTTP ${res.status} on authentication${apiMessage(res.body)}`);
    }
    const subject = res.headers['x-subject-token'];
    const value = Array.isArray(subject) ? subject[0] : subject;
    if (!value) throw new NetxrayError('environment', `Keystone ${url}: answer without an X-Subject-Token header`);
    const body = parseJson(res);
    const t = isObject(body) ? body.token : undefined;
    if (!isObject(t)) throw new NetxrayError('environment', `Keystone ${url}: answer without a "token" object`);
    const expiresAt = Date.parse(String(t.expires_at));
    const catalog = Array.isArray(t.catalog) ? catalogServices(t.catalog) : [];
    if (catalog.length === 0) {
      throw new NetxrayError('environment', `Keystone ${url}: the token has no service catalog (is it project-scoped? set project_name)`);
    }
    const roles = Array.isArray(t.roles) ? t.roles.filter(isObject).map((r) => String(r.name)) : [];
    const idName = (o: unknown) => (o && typeof o === 'object' ? { id: String((o as { id?: unknown }).id), name: String((o as { name?: unknown }).name) } : undefined);
    this.token = {
      value,
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 3_600_000,
      roles,
      project: idName(t.project),
      user: idName(t.user),
      catalog,
    };
    return this.token;
  }

  /** The current token, fetched once and reused until shortly before expires_at (concurrent callers share one request). */
  async currentToken(): Promise<Token> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return this.token;
    this.pending ??= this.authenticate().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** True when the token carries the admin role (all_tenants, admin-only fields, agents). */
  async isAdmin(): Promise<boolean> {
    return (await this.currentToken()).roles.includes('admin');
  }

  /** Base URL of a service from the catalog, for the configured interface and region. */
  async endpoint(serviceType: string): Promise<string> {
    const { catalog } = await this.currentToken();
    const c = this.credentials;
    const services = catalog.filter((s) => s.type === serviceType);
    if (services.length === 0) {
      throw new NetxrayError('environment', `the catalog of ${c.authUrl} has no "${serviceType}" service (types: ${[...new Set(catalog.map((s) => s.type))].join(', ')})`);
    }
    const endpoints = services.flatMap((s) => s.endpoints ?? []);
    const ofInterface = endpoints.filter((e) => e.interface === c.interface);
    const inRegion = ofInterface.filter((e) => !c.regionName || (e.region_id ?? e.region) === c.regionName);
    const chosen = inRegion[0];
    if (!chosen) {
      const regions = [...new Set(ofInterface.map((e) => e.region_id ?? e.region))].join(', ') || 'none';
      throw new NetxrayError('bad-input', `no ${c.interface} "${serviceType}" endpoint${c.regionName ? ` in region ${c.regionName}` : ''} (regions with one: ${regions}; set region_name / OS_REGION_NAME or interface)`);
    }
    return chosen.url.replace(/\/+$/, '');
  }

  /** A GET (or other request) with the token; one renewal and retry when the API answers 401. */
  async request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    let token = await this.currentToken();
    const send = (t: Token) => this.http.request(url, { ...req, headers: { ...req.headers, 'X-Auth-Token': t.value } });
    let res = await send(token);
    if (res.status === 401) {
      if (this.token === token) this.token = undefined;
      token = await this.currentToken();
      res = await send(token);
    }
    return res;
  }

  /** JSON of a GET; non-2xx → NetxrayError naming the URL (never the token). */
  async getJson<T = unknown>(url: string): Promise<ApiResponse<T>> {
    const res = await this.request(url);
    if (res.status < 200 || res.status >= 300) throw new ApiError(res.status, url, apiMessage(res.body));
    return { status: res.status, url, body: parseJson(res) as T };
  }

  describeUser(): string {
    const a = this.credentials.auth;
    if (a.type === 'v3applicationcredential') return a.applicationCredentialName ? `application credential "${a.applicationCredentialName}"` : 'the application credential';
    const project = a.projectName ?? a.projectId;
    return `user "${a.username ?? a.userId}"${project ? ` in project "${project}"` : ''}`;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The catalog as Keystone should send it: entries and endpoints of another shape (null, a URL that is no string) left out. */
function catalogServices(raw: unknown[]): CatalogService[] {
  return raw.filter(isObject).map((s) => ({
    type: String(s.type),
    ...(typeof s.name === 'string' ? { name: s.name } : {}),
    endpoints: (Array.isArray(s.endpoints) ? s.endpoints : [])
      .filter((e): e is Record<string, unknown> => isObject(e) && typeof e.url === 'string')
      .map((e) => ({
        interface: String(e.interface),
        url: e.url as string,
        ...(typeof e.region === 'string' ? { region: e.region } : {}),
        ...(typeof e.region_id === 'string' ? { region_id: e.region_id } : {}),
      })),
  }));
}

/** An API answered with an error status (kept apart so collectors can turn 403/404 into problems). */
export class ApiError extends NetxrayError {
  constructor(
    readonly status: number,
    readonly url: string,
    detail: string,
  ) {
    super(status === 401 || status === 403 ? 'auth' : 'environment', `GET ${stripQuery(url)}: HTTP ${status}${detail}`);
    this.name = 'ApiError';
  }
}

function stripQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

function parseJson(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    throw new NetxrayError('environment', `${stripQuery(res.url)}: answer is not JSON (HTTP ${res.status})`);
  }
}

/** The API's own one-line message, if the body has one ({"error": {"message"}}, {"NeutronError": {...}}, {"forbidden": {...}}). */
function apiMessage(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    for (const v of Object.values(j)) {
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
        return `: ${String((v as { message: string }).message).split('\n')[0].slice(0, 200)}`;
      }
    }
  } catch {
    /* not JSON: no detail */
  }
  return '';
}
