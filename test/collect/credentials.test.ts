// Credentials: clouds.yaml search order, secure.yaml merge, OS_* variables, overrides, and validation messages.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudsYamlCandidates, resolveCredentials, secretsOf } from '../../src/collect/openstack/credentials.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nx-creds-'));
  roots.push(root);
  const dirs = { cwd: path.join(root, 'cwd'), home: path.join(root, 'home'), site: path.join(root, 'etc') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(path.join(dirs.home, '.config', 'openstack'), { recursive: true });
  return { root, ...dirs, opts: { cwd: dirs.cwd, home: dirs.home, siteConfigDir: dirs.site } };
}

const CLOUDS = `clouds:
  lab:
    auth:
      auth_url: http://keystone.example:5000
      username: alice
      password: from-yaml
      project_name: p1
      user_domain_name: Default
      project_domain_name: Default
    region_name: R1
  appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example/identity/v3/
      application_credential_id: 0123abcd
      application_credential_secret: s3cr3t-app
    interface: internal
    verify: false
`;

describe('credentials', () => {
  it('search order: OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack, /etc/openstack (openstacksdk loader.py)', () => {
    const t = tree();
    expect(cloudsYamlCandidates({ ...t.opts, env: { OS_CLIENT_CONFIG_FILE: '/x/c.yaml' } })).toEqual([
      '/x/c.yaml',
      path.join(t.cwd, 'clouds.yaml'),
      path.join(t.home, '.config', 'openstack', 'clouds.yaml'),
      path.join(t.site, 'clouds.yaml'),
    ]);
  });

  it('reads the first clouds.yaml found; secure.yaml merges the password; env overrides; flags override env', () => {
    const t = tree();
    writeFileSync(path.join(t.home, '.config', 'openstack', 'clouds.yaml'), CLOUDS.replace('password: from-yaml', ''));
    writeFileSync(path.join(t.site, 'clouds.yaml'), 'clouds: {lab: {auth: {auth_url: http://wrong}}}');
    writeFileSync(path.join(t.home, '.config', 'openstack', 'secure.yaml'), 'clouds:\n  lab:\n    auth:\n      password: from-secure\n');
    const r = resolveCredentials({ ...t.opts, env: { OS_CLOUD: 'lab' } });
    expect(r.credentials.authUrl).toBe('http://keystone.example:5000/v3');
    expect(r.credentials.auth).toMatchObject({ type: 'password', username: 'alice', password: 'from-secure', projectName: 'p1', userDomainName: 'Default' });
    expect(r.credentials.regionName).toBe('R1');
    expect(r.credentials.interface).toBe('public');
    expect(r.credentials.sources[0]).toContain('clouds.yaml (cloud lab)');
    expect(r.warnings).toEqual([]);
    const env = resolveCredentials({ ...t.opts, cloud: 'lab', env: { OS_REGION_NAME: 'R2', OS_PASSWORD: 'from-env' } });
    expect(env.credentials.regionName).toBe('R2');
    expect(secretsOf(env.credentials)).toEqual(['from-env']);
    const flags = resolveCredentials({ ...t.opts, cloud: 'lab', env: { OS_REGION_NAME: 'R2' }, overrides: { region_name: 'R3' } });
    expect(flags.credentials.regionName).toBe('R3');
  });

  it('application credentials, interface internal, verify: false → insecure with a warning', () => {
    const t = tree();
    writeFileSync(path.join(t.cwd, 'clouds.yaml'), CLOUDS);
    const r = resolveCredentials({ ...t.opts, cloud: 'appcred', env: {} });
    expect(r.credentials.auth).toEqual({ type: 'v3applicationcredential', applicationCredentialId: '0123abcd', secret: 's3cr3t-app' });
    expect(r.credentials.authUrl).toBe('https://keystone.example/identity/v3');
    expect(r.credentials.interface).toBe('internal');
    expect(r.credentials.insecure).toBe(true);
    expect(r.warnings[0]).toMatch(/^warning: TLS certificate verification is off/);
  });

  it('OS_* only (openrc): default domain, OS_TENANT_NAME alias, OS_CACERT must exist, OS_INSECURE', () => {
    const t = tree();
    const ca = path.join(t.root, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const r = resolveCredentials({
      ...t.opts,
      env: { OS_AUTH_URL: 'https://k:5000/v3', OS_USERNAME: 'bob', OS_PASSWORD: 'pw', OS_TENANT_NAME: 'tp', OS_CACERT: ca, OS_INTERFACE: 'internalURL' },
    });
    expect(r.credentials.auth).toMatchObject({ username: 'bob', userDomainId: 'default', projectName: 'tp', projectDomainId: 'default' });
    expect(r.credentials.caCert).toBe(ca);
    expect(r.credentials.interface).toBe('internal');
    expect(() => resolveCredentials({ ...t.opts, env: { OS_AUTH_URL: 'https://k/v3', OS_USERNAME: 'b', OS_PASSWORD: 'pw', OS_PROJECT_NAME: 'p', OS_CACERT: '/no/such/ca.pem' } }))
      .toThrow(/cacert file \/no\/such\/ca.pem does not exist/);
    expect(resolveCredentials({ ...t.opts, env: { OS_AUTH_URL: 'https://k/v3', OS_USERNAME: 'b', OS_PASSWORD: 'pw', OS_PROJECT_NAME: 'p', OS_INSECURE: 'true' } }).warnings).toHaveLength(1);
  });

  it('validation names the field at fault and never echoes a secret', () => {
    const t = tree();
    const base = { OS_AUTH_URL: 'http://k:5000/v3', OS_USERNAME: 'u', OS_PASSWORD: 'Secret-Pw-1', OS_PROJECT_NAME: 'p' };
    const fail = (env: Record<string, string>, extra: object = {}) => {
      try {
        resolveCredentials({ ...t.opts, env, ...extra });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(fail({})).toMatch(/auth_url missing.*OS_AUTH_URL.*--os-cloud/);
    expect(fail({})).not.toContain('--os-auth-url'); // no such flag
    // A password inside the URL is never echoed, and never kept in the URL the rest of netxray prints and saves.
    expect(fail({ ...base, OS_AUTH_URL: 'http://admin:Url-Pw-2@k :5000/v3' })).toBe('credentials: auth_url "http://<redacted>@k :5000/v3" is not a URL');
    expect(fail({ ...base, OS_AUTH_URL: 'http://admin:Url-Pw-2@k:5000/v2.0' })).toBe('credentials: auth_url http://k:5000/v2.0 is Keystone v2.0; netxray needs v3');
    expect(resolveCredentials({ ...t.opts, env: { ...base, OS_AUTH_URL: 'http://admin:pw@k:5000/v3' } }).credentials.authUrl).toBe('http://k:5000/v3');
    expect(fail({ ...base, OS_AUTH_URL: 'not a url' })).toMatch(/auth_url "not a url" is not a URL/);
    expect(fail({ ...base, OS_AUTH_URL: 'http://k:5000/v2.0' })).toMatch(/Keystone v2.0/);
    expect(fail({ ...base, OS_USERNAME: '' })).toMatch(/username missing/);
    expect(fail({ ...base, OS_PASSWORD: '' })).toMatch(/password missing/);
    expect(fail({ ...base, OS_PROJECT_NAME: '' })).toMatch(/project_name missing/);
    expect(fail({ ...base, OS_INTERFACE: 'private' })).toMatch(/interface "private" must be public, internal or admin/);
    expect(fail({ ...base, OS_AUTH_TYPE: 'token' })).toMatch(/auth_type "token" is not supported/);
    expect(fail({ ...base, OS_AUTH_TYPE: 'v3applicationcredential', OS_APPLICATION_CREDENTIAL_SECRET: 'x' })).toMatch(/application_credential_id missing/);
    expect(fail(base, { cloud: 'nope' })).toMatch(/cloud "nope": no clouds.yaml found \(searched/);
    writeFileSync(path.join(t.cwd, 'clouds.yaml'), CLOUDS);
    expect(fail(base, { cloud: 'nope' })).toMatch(/cloud "nope" is not in .*clouds.yaml \(clouds there: lab, appcred\)/);
    writeFileSync(path.join(t.cwd, 'clouds.yaml'), 'clouds: [1');
    expect(fail(base, { cloud: 'lab' })).toMatch(/not valid YAML/);
    for (const env of [{}, { ...base, OS_INTERFACE: 'private' }]) expect(fail(env)).not.toContain('Secret-Pw-1');
  });
});
