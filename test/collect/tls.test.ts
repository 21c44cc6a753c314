// TLS settings against a real HTTPS server on 127.0.0.1 with a throwaway self-signed certificate (made by openssl here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../src/collect/openstack/credentials.js';
import { HttpClient } from '../../src/collect/openstack/http.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-tls-'));
const key = path.join(dir, 'key.pem');
const cert = path.join(dir, 'cert.pem');
let server: https.Server;
let url = '';
let hasOpenssl = true;
try {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
} catch {
  hasOpenssl = false;
}

describe.skipIf(!hasOpenssl)('TLS: CA bundle and insecure', () => {
  beforeAll(async () => {
    server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('untrusted certificate → one clear line; OS_CACERT trusts it; insecure skips verification with a warning', async () => {
    const plain = new HttpClient();
    await expect(plain.request(url)).rejects.toThrow(/self-signed TLS certificate \(set cacert\/OS_CACERT, or insecure\)/);
    plain.close();
    const env = { OS_AUTH_URL: url, OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'p' };
    const withCa = resolveCredentials({ env: { ...env, OS_CACERT: cert }, cwd: dir, home: dir });
    const trusted = new HttpClient({ caCert: readFileSync(withCa.credentials.caCert!, 'utf8') });
    expect((await trusted.request(url)).status).toBe(200);
    trusted.close();
    const insecure = resolveCredentials({ env: { ...env, OS_INSECURE: '1' }, cwd: dir, home: dir });
    expect(insecure.warnings[0]).toMatch(/TLS certificate verification is off/);
    const skipping = new HttpClient({ insecure: insecure.credentials.insecure });
    expect((await skipping.request(url)).status).toBe(200);
    skipping.close();
  });
});
