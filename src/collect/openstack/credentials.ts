// Cloud credentials the way the openstack CLI finds them: clouds.yaml (+ secure.yaml), OS_* variables, explicit flags.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetxrayError } from '../../errors.js';
import { INPUT_LIMITS, readFailure, readInputText } from '../../inputFile.js';
import { yaml } from '../../yamlModule.js';

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface PasswordAuth {
  type: 'password';
  username?: string;
  userId?: string;
  password: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** Domain scope, used only when no project is given. */
  domainName?: string;
  domainId?: string;
}

export interface ApplicationCredentialAuth {
  type: 'v3applicationcredential';
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  secret: string;
  /** A credential given by name also needs its user. */
  username?: string;
  userId?: string;
  userDomainName?: string;
  userDomainId?: string;
}

export interface CloudCredentials {
  /** clouds.yaml entry used, if any. */
  cloudName?: string;
  /** Keystone v3 URL, always ending in /v3. */
  authUrl: string;
  auth: PasswordAuth | ApplicationCredentialAuth;
  regionName?: string;
  interface: EndpointInterface;
  /** Path of a PEM CA bundle to trust. */
  caCert?: string;
  insecure: boolean;
  /** Where the values came from, for messages (file paths and "environment"; never values). */
  sources: string[];
}

export interface ResolvedCredentials {
  credentials: CloudCredentials;
  /** Lines for the user (e.g. TLS verification off); the CLI prints them. */
  warnings: string[];
}

/** Loose cloud entry in openstacksdk's key names, as in clouds.yaml. */
export interface RawCloud {
  auth?: Record<string, unknown>;
  auth_type?: string;
  region_name?: string;
  interface?: string;
  cacert?: string;
  verify?: boolean | string;
  insecure?: boolean | string;
  [key: string]: unknown;
}

export interface CredentialOptions {
  /** `--os-cloud`; falls back to OS_CLOUD. */
  cloud?: string;
  /** Explicit flags, highest priority (openstacksdk key names; auth keys inside `auth`). */
  overrides?: RawCloud;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  home?: string;
  /** Where /etc/openstack is (tests). */
  siteConfigDir?: string;
}

/** openstacksdk's order (openstack/config/loader.py): OS_CLIENT_CONFIG_FILE first, then cwd, user, site. */
export function cloudsYamlCandidates(options: CredentialOptions, fileName = 'clouds.yaml'): string[] {
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const override = fileName === 'clouds.yaml' ? env.OS_CLIENT_CONFIG_FILE : env.OS_CLIENT_SECURE_FILE;
  const list = [
    path.join(options.cwd ?? process.cwd(), fileName),
    path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'openstack', fileName),
    path.join(options.siteConfigDir ?? '/etc/openstack', fileName),
  ];
  return override ? [override, ...list] : list;
}

const ENV_AUTH_KEYS: Record<string, string> = {
  OS_AUTH_URL: 'auth_url',
  OS_USERNAME: 'username',
  OS_USER_ID: 'user_id',
  OS_PASSWORD: 'password',
  OS_PROJECT_NAME: 'project_name',
  OS_TENANT_NAME: 'project_name',
  OS_PROJECT_ID: 'project_id',
  OS_TENANT_ID: 'project_id',
  OS_USER_DOMAIN_NAME: 'user_domain_name',
  OS_USER_DOMAIN_ID: 'user_domain_id',
  OS_PROJECT_DOMAIN_NAME: 'project_domain_name',
  OS_PROJECT_DOMAIN_ID: 'project_domain_id',
  OS_DOMAIN_NAME: 'domain_name',
  OS_DOMAIN_ID: 'domain_id',
  OS_DEFAULT_DOMAIN: 'default_domain',
  OS_APPLICATION_CREDENTIAL_ID: 'application_credential_id',
  OS_APPLICATION_CREDENTIAL_NAME: 'application_credential_name',
  OS_APPLICATION_CREDENTIAL_SECRET: 'application_credential_secret',
};
const ENV_TOP_KEYS: Record<string, string> = {
  OS_REGION_NAME: 'region_name',
  OS_INTERFACE: 'interface',
  OS_ENDPOINT_TYPE: 'interface',
  OS_CACERT: 'cacert',
  OS_INSECURE: 'insecure',
  OS_AUTH_TYPE: 'auth_type',
};

/** OS_* variables as a cloud entry (empty values ignored). */
export function cloudFromEnv(env: Record<string, string | undefined>): RawCloud {
  const cloud: RawCloud = { auth: {} };
  // First listed wins: OS_PROJECT_NAME over the older OS_TENANT_NAME when both are set.
  for (const [name, key] of Object.entries(ENV_AUTH_KEYS)) if (env[name] && cloud.auth![key] === undefined) cloud.auth![key] = env[name];
  for (const [name, key] of Object.entries(ENV_TOP_KEYS)) if (env[name] && cloud[key] === undefined) cloud[key] = env[name];
  return cloud;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) {
    if (v === undefined) continue;
    out[k] = isRecord(v) && isRecord(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

function readYamlClouds(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readInputText(file, INPUT_LIMITS.config);
  } catch (err) {
    throw new NetxrayError('bad-input', `${file}: cannot read (${readFailure(err)})`);
  }
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (err) {
    throw new NetxrayError('bad-input', `${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!isRecord(doc) || !isRecord(doc.clouds)) throw new NetxrayError('bad-input', `${file}: no "clouds:" mapping`);
  return doc.clouds;
}

function loadNamedCloud(name: string, options: CredentialOptions): { cloud: RawCloud; sources: string[] } {
  const searched = cloudsYamlCandidates(options);
  const file = searched.find((f) => existsSync(f));
  if (!file) {
    throw new NetxrayError('bad-input', `cloud "${name}": no clouds.yaml found (searched ${searched.join(', ')})`);
  }
  const clouds = readYamlClouds(file);
  const entry = clouds[name];
  if (!isRecord(entry)) {
    const known = Object.keys(clouds).join(', ') || 'none';
    throw new NetxrayError('bad-input', `cloud "${name}" is not in ${file} (clouds there: ${known})`);
  }
  let cloud = entry as RawCloud;
  const sources = [`${file} (cloud ${name})`];
  const secureFile = cloudsYamlCandidates(options, 'secure.yaml').find((f) => existsSync(f));
  if (secureFile) {
    const secure = readYamlClouds(secureFile)[name];
    if (isRecord(secure)) {
      cloud = deepMerge(cloud, secure) as RawCloud;
      sources.push(`${secureFile} (cloud ${name})`);
    }
  }
  return { cloud, sources };
}

function str(raw: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new NetxrayError('bad-input', `${where}: "${key}" must be a string`);
  return v;
}

function bool(v: unknown, key: string, where: string): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v)) return true;
  if (typeof v === 'string' && /^(0|false|no|off)$/i.test(v)) return false;
  throw new NetxrayError('bad-input', `${where}: "${key}" must be true or false`);
}

const INTERFACES: Record<string, EndpointInterface> = {
  public: 'public', publicurl: 'public',
  internal: 'internal', internalurl: 'internal',
  admin: 'admin', adminurl: 'admin',
};

/** The URL text with any `user:password@` part masked, for messages. */
function withoutUserinfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1<redacted>@');
}

/**
 * Keystone v3 URL: keeps a /v3 path, adds one to a bare endpoint, refuses v2.0. A `user:password@` part is dropped:
 * Keystone takes credentials in the token request, and the URL is printed and saved in snapshots.
 */
export function normaliseAuthUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new NetxrayError('bad-input', `${where}: auth_url "${withoutUserinfo(value)}" is not a URL`);
  }
  url.username = '';
  url.password = '';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NetxrayError('bad-input', `${where}: auth_url must be http or https, got ${url.protocol}`);
  }
  const p = url.pathname.replace(/\/+$/, '');
  if (/\/v2(\.0)?$/.test(p)) throw new NetxrayError('bad-input', `${where}: auth_url ${url.toString()} is Keystone v2.0; netxray needs v3`);
  url.pathname = /\/v3$/.test(p) ? p : `${p}/v3`;
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

/**
 * Finds and validates the credentials: clouds.yaml entry (if a cloud is named) < OS_* variables < overrides,
 * like the openstack CLI whose flags default to the OS_* variables.
 */
export function resolveCredentials(options: CredentialOptions = {}): ResolvedCredentials {
  const env = options.env ?? process.env;
  const cloudName = options.cloud ?? (env.OS_CLOUD || undefined);
  let raw: RawCloud = { auth: {} };
  const sources: string[] = [];
  if (cloudName) {
    const named = loadNamedCloud(cloudName, options);
    raw = named.cloud;
    sources.push(...named.sources);
  }
  const fromEnv = cloudFromEnv(env);
  if (Object.keys(fromEnv.auth ?? {}).length > 0 || Object.keys(fromEnv).length > 1) sources.push('OS_* environment');
  raw = deepMerge(raw, fromEnv) as RawCloud;
  if (options.overrides) {
    raw = deepMerge(raw, options.overrides) as RawCloud;
    sources.push('command line');
  }
  return validateCloud(raw, { cloudName, sources });
}

/** Checks a merged cloud entry once, naming the field at fault. */
export function validateCloud(raw: RawCloud, ctx: { cloudName?: string; sources: string[] }): ResolvedCredentials {
  const where = ctx.cloudName ? `cloud "${ctx.cloudName}"` : 'credentials';
  const hint = (field: string, env: string) =>
    `set auth.${field} in clouds.yaml or ${env}`;
  if (raw.auth !== undefined && !isRecord(raw.auth)) throw new NetxrayError('bad-input', `${where}: "auth" must be a mapping`);
  const a = (raw.auth ?? {}) as Record<string, unknown>;
  const authUrlRaw = str(a, 'auth_url', where);
  if (!authUrlRaw) {
    const none = ctx.sources.length === 0 ? ' (no cloud named and no OS_* variables set: use --os-cloud or source an openrc)' : '';
    throw new NetxrayError('bad-input', `${where}: auth_url missing: ${hint('auth_url', 'OS_AUTH_URL')}${none}`);
  }
  const authUrl = normaliseAuthUrl(authUrlRaw, where);
  const authType = (str(raw, 'auth_type', where) ?? (str(a, 'application_credential_secret', where) ? 'v3applicationcredential' : 'password')).toLowerCase();
  const defaultDomain = str(a, 'default_domain', where) ?? 'default';
  const userDomain = () => {
    const userDomainName = str(a, 'user_domain_name', where);
    const userDomainId = str(a, 'user_domain_id', where) ?? (userDomainName ? undefined : defaultDomain);
    return { userDomainName, userDomainId };
  };

  let auth: PasswordAuth | ApplicationCredentialAuth;
  if (authType === 'password' || authType === 'v3password') {
    const username = str(a, 'username', where);
    const userId = str(a, 'user_id', where);
    const password = str(a, 'password', where);
    if (!username && !userId) throw new NetxrayError('bad-input', `${where}: username missing: ${hint('username', 'OS_USERNAME')}`);
    if (!password) throw new NetxrayError('bad-input', `${where}: password missing: ${hint('password', 'OS_PASSWORD')}`);
    const projectName = str(a, 'project_name', where);
    const projectId = str(a, 'project_id', where);
    const domainName = str(a, 'domain_name', where);
    const domainId = str(a, 'domain_id', where);
    if (!projectName && !projectId && !domainName && !domainId) {
      throw new NetxrayError('bad-input', `${where}: project_name missing (netxray needs a project-scoped token): ${hint('project_name', 'OS_PROJECT_NAME')}`);
    }
    const projectDomainName = str(a, 'project_domain_name', where);
    const projectDomainId = str(a, 'project_domain_id', where) ?? (projectDomainName ? undefined : defaultDomain);
    auth = {
      type: 'password', username, userId, password, ...(userId ? {} : userDomain()),
      projectName, projectId,
      ...(projectName && !projectId ? { projectDomainName, projectDomainId } : {}),
      domainName, domainId,
    };
  } else if (authType === 'v3applicationcredential' || authType === 'applicationcredential') {
    const secret = str(a, 'application_credential_secret', where);
    const id = str(a, 'application_credential_id', where);
    const name = str(a, 'application_credential_name', where);
    if (!secret) {
      throw new NetxrayError('bad-input', `${where}: application_credential_secret missing: ${hint('application_credential_secret', 'OS_APPLICATION_CREDENTIAL_SECRET')}`);
    }
    if (!id && !name) {
      throw new NetxrayError('bad-input', `${where}: application_credential_id missing: ${hint('application_credential_id', 'OS_APPLICATION_CREDENTIAL_ID')}`);
    }
    const username = str(a, 'username', where);
    const userId = str(a, 'user_id', where);
    if (!id && !username && !userId) {
      throw new NetxrayError('bad-input', `${where}: application_credential_name needs username or user_id (or give application_credential_id)`);
    }
    auth = {
      type: 'v3applicationcredential', applicationCredentialId: id, applicationCredentialName: id ? undefined : name, secret,
      ...(id ? {} : { username, userId, ...(userId ? {} : userDomain()) }),
    };
  } else {
    throw new NetxrayError('bad-input', `${where}: auth_type "${authType}" is not supported (use password or v3applicationcredential)`);
  }

  const ifaceRaw = str(raw, 'interface', where) ?? 'public';
  const iface = INTERFACES[ifaceRaw.toLowerCase()];
  if (!iface) throw new NetxrayError('bad-input', `${where}: interface "${ifaceRaw}" must be public, internal or admin`);

  const verify = raw.verify;
  let insecure = bool(raw.insecure, 'insecure', where) ?? false;
  let caCert = str(raw, 'cacert', where);
  if (typeof verify === 'string' && !/^(true|false|yes|no|1|0)$/i.test(verify)) caCert ??= verify; // requests-style verify: <CA path>
  else if (bool(verify, 'verify', where) === false) insecure = true;
  if (caCert) {
    caCert = caCert.replace(/^~(?=$|\/)/, os.homedir());
    if (!existsSync(caCert)) throw new NetxrayError('bad-input', `${where}: cacert file ${caCert} does not exist (OS_CACERT / cacert)`);
  }
  const warnings: string[] = [];
  if (insecure) {
    warnings.push(`warning: TLS certificate verification is off (insecure) for ${new URL(authUrl).origin} and the cloud's endpoints; answers could be forged`);
  }
  const regionName = str(raw, 'region_name', where);
  return {
    credentials: { cloudName: ctx.cloudName, authUrl, auth: dropUndefined(auth), regionName, interface: iface, caCert, insecure, sources: ctx.sources },
    warnings,
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Every secret value in the credentials, for redaction checks. */
export function secretsOf(credentials: CloudCredentials): string[] {
  return credentials.auth.type === 'password' ? [credentials.auth.password] : [credentials.auth.secret];
}
