// Python's builtin classes and their bases: they have no source to read, so the hierarchy is written down here.
// Source: the Python 3.11 library reference, "Built-in Exceptions" → "Exception hierarchy"
// (https://docs.python.org/3.11/library/exceptions.html#exception-hierarchy) and "Built-in Types".

const EXCEPTION_TREE: Record<string, string> = {
  BaseException: 'object',
  BaseExceptionGroup: 'BaseException', GeneratorExit: 'BaseException', KeyboardInterrupt: 'BaseException',
  SystemExit: 'BaseException', Exception: 'BaseException',
  ArithmeticError: 'Exception', FloatingPointError: 'ArithmeticError', OverflowError: 'ArithmeticError',
  ZeroDivisionError: 'ArithmeticError', AssertionError: 'Exception', AttributeError: 'Exception',
  BufferError: 'Exception', EOFError: 'Exception', ImportError: 'Exception', ModuleNotFoundError: 'ImportError',
  LookupError: 'Exception', IndexError: 'LookupError', KeyError: 'LookupError', MemoryError: 'Exception',
  NameError: 'Exception', UnboundLocalError: 'NameError', OSError: 'Exception', BlockingIOError: 'OSError',
  ChildProcessError: 'OSError', ConnectionError: 'OSError', BrokenPipeError: 'ConnectionError',
  ConnectionAbortedError: 'ConnectionError', ConnectionRefusedError: 'ConnectionError',
  ConnectionResetError: 'ConnectionError', FileExistsError: 'OSError', FileNotFoundError: 'OSError',
  InterruptedError: 'OSError', IsADirectoryError: 'OSError', NotADirectoryError: 'OSError',
  PermissionError: 'OSError', ProcessLookupError: 'OSError', TimeoutError: 'OSError', ReferenceError: 'Exception',
  RuntimeError: 'Exception', NotImplementedError: 'RuntimeError', RecursionError: 'RuntimeError',
  StopAsyncIteration: 'Exception', StopIteration: 'Exception', SyntaxError: 'Exception',
  IndentationError: 'SyntaxError', TabError: 'IndentationError', SystemError: 'Exception', TypeError: 'Exception',
  ValueError: 'Exception', UnicodeError: 'ValueError', UnicodeDecodeError: 'UnicodeError',
  UnicodeEncodeError: 'UnicodeError', UnicodeTranslateError: 'UnicodeError', Warning: 'Exception',
  BytesWarning: 'Warning', DeprecationWarning: 'Warning', EncodingWarning: 'Warning', FutureWarning: 'Warning',
  ImportWarning: 'Warning', PendingDeprecationWarning: 'Warning', ResourceWarning: 'Warning',
  RuntimeWarning: 'Warning', SyntaxWarning: 'Warning', UnicodeWarning: 'Warning', UserWarning: 'Warning',
  // ExceptionGroup has two bases: BaseExceptionGroup and Exception.
  ExceptionGroup: 'BaseExceptionGroup,Exception',
};

const OTHER_TYPES = [
  'type', 'int', 'float', 'complex', 'str', 'bytes', 'bytearray', 'memoryview', 'list', 'tuple', 'dict', 'set',
  'frozenset', 'range', 'slice', 'property', 'staticmethod', 'classmethod', 'super', 'enumerate', 'zip', 'map',
  'filter', 'reversed',
];

/** Builtin class name → names of its bases (`object` has none). */
export const BUILTIN_CLASSES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['object', []],
  ['bool', ['int']],
  ...OTHER_TYPES.map((name): [string, string[]] => [name, ['object']]),
  ...Object.entries(EXCEPTION_TREE).map(([name, bases]): [string, string[]] => [name, bases.split(',')]),
]);

/** The builtin names that are aliases of another class: `IOError is OSError`. */
export const BUILTIN_ALIASES: ReadonlyMap<string, string> = new Map([
  ['EnvironmentError', 'OSError'],
  ['IOError', 'OSError'],
]);

export const BUILTINS_MODULE = 'builtins';
export const OBJECT_ID = 'builtins.object';

/**
 * Classes of C extension modules that are aliases of builtins, so that a base such as `socket.error` resolves
 * although `_socket` has no source. Python 3.11 docs: socket.error and select.error are "a deprecated alias of
 * OSError"; socket.timeout is "a deprecated alias of TimeoutError" (since 3.10).
 */
export const EXTENSION_ALIASES: ReadonlyMap<string, string> = new Map([
  ['socket.error', 'OSError'],
  ['_socket.error', 'OSError'],
  ['select.error', 'OSError'],
  ['socket.timeout', 'TimeoutError'],
  ['_socket.timeout', 'TimeoutError'],
  // Lib/types.py: `ModuleType = type(sys)`, whose __module__ is builtins (its repr is <class 'module'>).
  ['types.ModuleType', 'module'],
]);

/**
 * Classes of C extension modules whose `__module__` (the C type's tp_name) is not where their names are imported
 * from: the id the interpreter gives them, by the dotted name the resolver reaches. Modules/_sqlite3/cursor.c
 * ("sqlite3.Cursor"), connection.c, row.c; greenlet's src/greenlet/greenlet.cpp ("greenlet.greenlet"), re-exported
 * by greenlet/__init__.py from greenlet._greenlet.
 */
export const EXTENSION_CLASS_IDS: ReadonlyMap<string, string> = new Map([
  ...['Cursor', 'Connection', 'Row', 'Blob', 'PrepareProtocol'].flatMap((name): [string, string][] => [
    [`sqlite3.dbapi2.${name}`, `sqlite3.${name}`], [`_sqlite3.${name}`, `sqlite3.${name}`], [`sqlite3.${name}`, `sqlite3.${name}`],
  ]),
  ['greenlet._greenlet.greenlet', 'greenlet.greenlet'],
  ['greenlet._greenlet.GreenletExit', 'greenlet.GreenletExit'],
]);
