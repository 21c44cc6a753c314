// The collecting commands' shared flags, read into collector options.
import { describe, expect, it } from 'vitest';
import { collectOptionsFrom } from '../../src/cli/collectionFlags.js';

describe('--ssh-alias', () => {
  it('a host named __proto__ (or constructor) gets its alias like any other, and no host gets one it was not given', () => {
    const options = collectOptionsFrom({ sshAlias: ['__proto__=node-a', 'constructor=node-b'], extraHost: [], hosts: true });
    const aliases = options.sshAliases!;
    expect(Object.hasOwn(aliases, '__proto__') && aliases['__proto__']).toBe('node-a');
    expect(Object.hasOwn(aliases, 'constructor') && aliases.constructor).toBe('node-b');
    expect(Object.keys(aliases)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(aliases, 'toString')).toBe(false);
  });
});
