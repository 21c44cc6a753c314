// Ed25519 test keys from Node's crypto, written in OpenSSH's private-key format (PROTOCOL.key in openssh-portable).
// Not ssh2's utils.generateKeyPairSync('ed25519'): it drops leading zero bytes of the public key, so about one key
// in 256 is one its own parseKey rejects ("Malformed OpenSSH private key") and the tests using it failed at random.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import ssh2, { type ParsedKey } from 'ssh2';

const { utils } = ssh2;

export interface TestKey {
  /** OpenSSH private key text (unencrypted), as ssh-keygen writes it. */
  private: string;
  parsed: ParsedKey;
  /** The public key in SSH wire format (what known_hosts holds, base64-encoded). */
  blob: Buffer;
}

const sshString = (data: Buffer | string) => {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};
const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export function ed25519Key(comment = 'netxray-test'): TestKey {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x as string, 'base64url');
  const seed = Buffer.from(jwk.d as string, 'base64url');
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
  const check = randomBytes(4).readUInt32BE();
  let secret = Buffer.concat([uint32(check), uint32(check), publicBlob, sshString(Buffer.concat([seed, publicKey])), sshString(comment)]);
  // Padded with 1, 2, 3, ... to the cipher block size ("none": 8).
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), uint32(1), sshString(publicBlob), sshString(secret)]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  const text = `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error) throw parsed;
  return { private: text, parsed, blob: parsed.getPublicSSH() };
}
