// Faster 32-bit reads and writes of web-tree-sitter's wasm memory, the way every node question is passed in and out.
//
// web-tree-sitter (0.27) hands each node to wasm and back through a transfer buffer, five i32 values a node, with
// its emscripten module's getValue/setValue, which test `type.endsWith("*")` before they switch on the type: on a
// netmiko run that was 300,000 calls to endsWith, about 41 M instructions (valgrind --tool=callgrind: 2 % of the
// process). The library calls them as properties of that module (`C.getValue(address, "i32")`), and the module is
// the object handed to Parser.init (emscripten's `var Module = moduleArg`): so they are replaced there, with a
// version that reads and writes an i32 exactly as the original does (little-endian, at the address rounded down to
// 4) and hands every other type to the original.

/** The parts of web-tree-sitter's emscripten module used here. */
export interface WasmBinding {
  getValue?: (address: number, type?: string) => number | bigint;
  setValue?: (address: number, value: number, type?: string) => void;
  /** The view of the wasm memory; replaced by a new one when the memory grows. */
  HEAP_DATA_VIEW?: DataView;
}

/** Installs the faster getValue/setValue on `binding` (after Parser.init); does nothing if it is not as expected. */
export function speedUpTransfers(binding: WasmBinding): boolean {
  const { getValue, setValue } = binding;
  if (typeof getValue !== 'function' || typeof setValue !== 'function' || !(binding.HEAP_DATA_VIEW instanceof DataView)) return false;
  binding.getValue = (address, type = 'i8') => type === 'i32'
    ? (binding.HEAP_DATA_VIEW as DataView).getInt32((address >> 2) * 4, true) : getValue(address, type);
  binding.setValue = (address, value, type = 'i8') => {
    if (type === 'i32') (binding.HEAP_DATA_VIEW as DataView).setInt32((address >> 2) * 4, value, true);
    else setValue(address, value, type);
  };
  return true;
}
