// Faster 32-bit reads and writes of web-tree-sitter's wasm memory, the way every node question is passed in and out.
//
// web-tree-sitter (0.27) hands each node to wasm and back through a transfer buffer, five i32 values a node, with
// its emscripten module's getValue/setValue, which test `type.endsWith("*")` before they switch on the type: on a
// netmiko run that was 300,000 calls to endsWith, about 41 M instructions (valgrind --tool=callgrind: 2 % of the
// process). The library calls them as properties of that module (`C.getValue(address, "i32")`), and the module is
// the object handed to Parser.init (emscripten's `var Module = moduleArg`): so they are replaced there, with a
// version that reads and writes an i32 exactly as the original does (little-endian, at the address rounded down to
// 4: HEAP32[address >> 2]) and hands every other type to the original.

/** The parts of web-tree-sitter's emscripten module used here. */
export interface WasmBinding {
  getValue?: (address: number, type?: string) => number | bigint;
  setValue?: (address: number, value: number, type?: string) => void;
  /** The wasm memory as 32-bit integers; replaced by a new view when the memory grows. */
  HEAP32?: Int32Array;
}

/** An Int32Array reads the host's byte order, the DataView of the original little-endian: the same on this host. */
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

/** Installs the faster getValue/setValue on `binding` (after Parser.init); does nothing if it is not as expected. */
export function speedUpTransfers(binding: WasmBinding): boolean {
  const { getValue, setValue } = binding;
  if (typeof getValue !== 'function' || typeof setValue !== 'function') return false;
  if (!LITTLE_ENDIAN || !(binding.HEAP32 instanceof Int32Array)) return false;
  // HEAP32 rather than the DataView: an element access, not a builtin call, in code V8 has not optimised yet.
  binding.getValue = (address, type = 'i8') => type === 'i32' ? (binding.HEAP32 as Int32Array)[address >> 2] : getValue(address, type);
  binding.setValue = (address, value, type = 'i8') => {
    if (type === 'i32') (binding.HEAP32 as Int32Array)[address >> 2] = value;
    else setValue(address, value, type);
  };
  return true;
}
