// The JSON renderer's pieces join to JSON.stringify(value, null, 2)'s text, byte for byte, whatever the members hold;
// and the CLI's writer turns pieces into the bytes the joined text encodes to, across its buffer's edges.
import { describe, expect, it } from 'vitest';
import { bytesOf } from '../../src/cli/output.js';
import { jsonRenderer } from '../../src/render/classes/json.js';
import { jsonPieces } from '../../src/render/jsonPieces.js';
import { fixtureDir, loadModel } from './_models.js';
import { readdirSync } from 'node:fs';

const stringified = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

describe('jsonPieces', () => {
  it.each(readdirSync(fixtureDir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)))(
    'model %s: the pieces join to JSON.stringify(model, null, 2) and each class is a piece of its own', async (name) => {
      const model = loadModel(name);
      const pieces = [...jsonPieces(model)];
      expect(pieces.join('')).toBe(stringified(model));
      expect(await jsonRenderer.render(model, {})).toBe(stringified(model));
      expect(pieces.length).toBeGreaterThan(model.classes.length);
    });

  it.each([
    ['an empty object', {}],
    ['only members JSON leaves out', { a: undefined, f: () => 1, s: Symbol('x') }],
    ['empty arrays and objects', { a: [], o: {}, n: null, later: [[]] }],
    ['members left out between others', { a: 1, b: undefined, c: [1, 2], d: () => 0, e: 'x' }],
    ['array elements JSON writes as null', { list: [undefined, () => 1, Symbol('y'), 1] }],
    ['nested arrays and objects', { list: [[1, [2, { x: [3] }]], { y: { z: [] } }, [], {}], deep: { a: [{ b: [1] }] } }],
    ['strings to escape, non-ASCII and lone surrogates', { list: ['a"b\\c\n\t\u0001', 'é 中 😀', '\ud800x'], 'key "q"\n': ['k'] }],
    ['numbers JSON cannot write', { list: [NaN, Infinity, -0, 1e21], n: NaN }],
    ['a member with toJSON', { when: new Date(0), list: [new Date(1)] }],
  ])('%s', (_label, value) => {
    expect([...jsonPieces(value)].join('')).toBe(stringified(value));
  });
});

describe('bytesOf', () => {
  /** Each part copied as it comes: the next one may reuse its memory. */
  const concat = (parts: Iterable<Uint8Array>) => {
    const copies: Buffer[] = [];
    for (const part of parts) copies.push(Buffer.from(part));
    return Buffer.concat(copies);
  };

  it('encodes pieces as the joined text, across the buffer edge, with a piece larger than the buffer', () => {
    // Multi-byte characters (2, 3 and 4 bytes) in pieces that fill the 1 MB buffer unevenly, then one of 3 MB.
    const pieces: string[] = [];
    for (let i = 0; i < 5000; i++) pieces.push(`${i} é中😀 `.repeat(1 + (i % 23)));
    pieces.push('x😀'.repeat(1 << 20), 'end');
    const written = concat(bytesOf(pieces));
    expect(written.equals(Buffer.from(pieces.join('')))).toBe(true);
    expect(written.length).toBeGreaterThan(2 << 20);
  });

  it('gives a string and bytes as they are', () => {
    expect(concat(bytesOf('é')).equals(Buffer.from('é'))).toBe(true);
    const bytes = new Uint8Array([1, 2, 3]);
    expect([...bytesOf(bytes)]).toEqual([bytes]);
    expect(concat(bytesOf([]))).toHaveLength(0);
  });
});
