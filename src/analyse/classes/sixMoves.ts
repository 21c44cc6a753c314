// six.moves (six 1.16 six.py, `_moved_attributes` and `_urllib_*_moved_attributes`): a lazy module whose names are
// the Python 3 modules and classes below, for six itself and its vendored copies (urllib3.packages.six).

/** six.moves.<name> → the Python 3 module it stands for. */
const MOVED_MODULES: ReadonlyMap<string, string> = new Map([
  ['builtins', 'builtins'], ['configparser', 'configparser'], ['copyreg', 'copyreg'], ['dbm_gnu', 'dbm.gnu'],
  ['dbm_ndbm', 'dbm.ndbm'], ['_thread', '_thread'], ['_dummy_thread', '_thread'],
  ['http_cookiejar', 'http.cookiejar'], ['http_cookies', 'http.cookies'], ['html_entities', 'html.entities'],
  ['html_parser', 'html.parser'], ['http_client', 'http.client'], ['email_mime_base', 'email.mime.base'],
  ['email_mime_image', 'email.mime.image'], ['email_mime_multipart', 'email.mime.multipart'],
  ['email_mime_nonmultipart', 'email.mime.nonmultipart'], ['email_mime_text', 'email.mime.text'],
  ['BaseHTTPServer', 'http.server'], ['CGIHTTPServer', 'http.server'], ['SimpleHTTPServer', 'http.server'],
  ['cPickle', 'pickle'], ['queue', 'queue'], ['reprlib', 'reprlib'], ['socketserver', 'socketserver'],
  ['tkinter', 'tkinter'], ['urllib_parse', 'urllib.parse'], ['urllib_error', 'urllib.error'],
  ['urllib_robotparser', 'urllib.robotparser'], ['xmlrpc_client', 'xmlrpc.client'], ['xmlrpc_server', 'xmlrpc.server'],
  ['collections_abc', 'collections.abc'],
]);

/** six.moves.<name> → [module, name] of a moved attribute that is a class. */
const MOVED_CLASSES: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['UserDict', ['collections', 'UserDict']], ['UserList', ['collections', 'UserList']],
  ['UserString', ['collections', 'UserString']], ['StringIO', ['io', 'StringIO']], ['cStringIO', ['io', 'StringIO']],
  ['range', ['builtins', 'range']], ['zip', ['builtins', 'zip']], ['map', ['builtins', 'map']], ['filter', ['builtins', 'filter']],
]);

/** six.moves.urllib.<name> → urllib.<name>. */
const URLLIB_SUBMODULES = new Set(['parse', 'error', 'request', 'response', 'robotparser']);

/**
 * The module and the names in it that a dotted name through six.moves means, e.g. `urllib3.packages.six.moves` +
 * `http_client.HTTPConnection` → `http.client` + `HTTPConnection`; undefined for any other name.
 */
export function throughSixMoves(module: string, parts: readonly string[]): { module: string; parts: string[] } | undefined {
  const full = [...module.split('.'), ...parts];
  const six = full.findIndex((part, index) => part === 'six' && full[index + 1] === 'moves');
  if (six < 0 || six >= module.split('.').length) return undefined;
  const [name, ...rest] = full.slice(six + 2);
  if (name === undefined) return undefined;
  if (name === 'urllib' && rest.length > 0 && URLLIB_SUBMODULES.has(rest[0])) return { module: `urllib.${rest[0]}`, parts: rest.slice(1) };
  const movedModule = MOVED_MODULES.get(name);
  if (movedModule) return { module: movedModule, parts: rest };
  const movedClass = MOVED_CLASSES.get(name);
  return movedClass ? { module: movedClass[0], parts: [movedClass[1], ...rest] } : undefined;
}
