// The faster i32 transfers installed on web-tree-sitter's real emscripten module (src/collect/python/_wasmTransfers.ts):
// they must read and write what the library's own getValue/setValue do, and the library must still take them from
// the object handed to Parser.init (if a new web-tree-sitter stops doing so, speedUpTransfers says false here).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Language, Parser } from 'web-tree-sitter';
import { speedUpTransfers, type WasmBinding } from '../../src/collect/python/_wasmTransfers.js';

const require = createRequire(import.meta.url);

interface RealBinding extends WasmBinding {
  locateFile: () => string;
  _malloc?: (size: number) => number;
  _free?: (address: number) => void;
}

describe('i32 transfers to web-tree-sitter', () => {
  it('reads and writes as the library does, and parsing goes through them', async () => {
    const binding: RealBinding = { locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') };
    await Parser.init(binding);
    const original = { get: binding.getValue, set: binding.setValue };
    expect(speedUpTransfers(binding)).toBe(true);
    expect(binding.getValue).not.toBe(original.get);
    const get = binding.getValue as NonNullable<WasmBinding['getValue']>;
    const set = binding.setValue as NonNullable<WasmBinding['setValue']>;
    const originalGet = original.get as NonNullable<WasmBinding['getValue']>;
    const originalSet = original.set as NonNullable<WasmBinding['setValue']>;
    const scratch = (binding._malloc as (size: number) => number)(32);
    try {
      // Unaligned addresses too: both round down to a multiple of 4.
      for (const address of [scratch, scratch + 4, scratch + 9]) {
        for (const value of [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 + 5, 3.7, -7.9]) {
          set(address, value, 'i32');
          expect(get(address, 'i32')).toBe(originalGet(address, 'i32'));
          originalSet(address, value, 'i32');
          expect(get(address, 'i32')).toBe(originalGet(address, 'i32'));
        }
      }
      // Other types are the library's own.
      set(scratch, 300, 'i16');
      expect(get(scratch, 'i16')).toBe(300);
      set(scratch, 0x12345678, '*');
      expect(get(scratch, '*')).toBe(0x12345678);
    } finally {
      (binding._free as (address: number) => void)(scratch);
    }
    const parser = new Parser();
    parser.setLanguage(await Language.load(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'))));
    const tree = parser.parse('class A(B):\n    def f(self):\n        self.x = 1\n');
    const root = tree?.rootNode;
    const cls = root?.namedChildren[0];
    expect(cls?.type).toBe('class_definition');
    expect(cls?.childForFieldName('name')?.text).toBe('A');
    expect(cls?.childForFieldName('superclasses')?.namedChildren.map((base) => base.text)).toEqual(['B']);
    tree?.delete();
    parser.delete();
  });
});
