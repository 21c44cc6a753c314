"""Truth for the class-model accuracy tests: what the Python interpreter itself reports about a package.

Run with the interpreter whose site-packages hold the package (Debian's /usr/bin/python3 here):

    python3 python_truth.py <top.package> --out truth.json [--dispatch mod.NAME,...] [--timeout 20]

It imports every submodule (each under its own SIGALRM budget, failures recorded in
`importErrors`, never fatal) and writes deterministic JSON: classes (module, qualname, bases,
MRO, methods with `inspect.signature` parameters), the dispatch tables asked for with
--dispatch, and classes that modules build from YAML (PyEZ `globals().update(loadyaml(...))`).
Anything an imported module prints goes to stderr, so stdout cannot be corrupted either.
"""

import argparse
import ast
import inspect
import json
import math
import os
import pkgutil
import re
import runpy
import signal
import sys
import traceback
import types

# --- keep the output channel clean --------------------------------------------------------
# Modules print at import (banners, deprecation notes from C code); the JSON goes to --out or
# to a duplicate of the real stdout taken before anything is imported.
_REAL_STDOUT_FD = os.dup(1)
os.dup2(2, 1)
sys.stdout = sys.stderr


class ImportTimeout(BaseException):
    """Raised by SIGALRM when importing one module takes too long."""


def _on_alarm(_signum, _frame):
    raise ImportTimeout()


def _arm(seconds):
    # Re-installed every time: some modules (eventlet, oslo.service) replace signal handlers.
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(seconds)


def _disarm():
    signal.alarm(0)


# --- YAML: restore PyYAML < 6 behaviour and record what each module loads -----------------
# PyEZ 2.1.7 calls yaml.load(stream) without a Loader, which PyYAML 6 rejects with a
# TypeError, so jnpr.junos.op.* and jnpr.junos.resources.* would not import as shipped.
# The wrapper defaults Loader to FullLoader and records, per *calling module* (the first frame
# outside yaml and the package's YAML factory), which file was loaded and its top-level keys.
YAML_LOADS = {}  # module name -> list of {"file": str, "keys": [str]}
_YAML_INFRA_PREFIXES = ('yaml', 'jnpr.junos.factory')


def _caller_module():
    frame = sys._getframe(2)
    while frame is not None:
        # An import hook's loader (PyEZ >= 2.2 op/__init__.py: OPMetaPathLoader.exec_module) fills the module
        # it is given, not its own: the YAML belongs to that module.
        target = frame.f_locals.get('module') if frame.f_code.co_name == 'exec_module' else None
        if isinstance(target, types.ModuleType):
            return target.__name__
        name = frame.f_globals.get('__name__', '')
        if not any(name == p or name.startswith(p + '.') for p in _YAML_INFRA_PREFIXES):
            return name
        frame = frame.f_back
    return None


def _patch_yaml():
    try:
        import yaml
    except BaseException:
        return
    original = yaml.load

    def load(stream, Loader=None, **kwargs):
        if Loader is None:
            Loader = getattr(yaml, 'FullLoader', None) or yaml.SafeLoader
        data = original(stream, Loader=Loader, **kwargs)
        module = _caller_module()
        if module is not None:
            entry = {
                'file': os.path.abspath(getattr(stream, 'name', '')) if hasattr(stream, 'name') else None,
                'keys': sorted(str(k) for k in data) if isinstance(data, dict) else [],
            }
            YAML_LOADS.setdefault(module, []).append(entry)
        return data

    yaml.load = load


# --- naming ------------------------------------------------------------------------------

def class_id(cls):
    return '%s.%s' % (getattr(cls, '__module__', None) or '?', getattr(cls, '__qualname__', cls.__name__))


PARAM_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: 'positional-only',
    inspect.Parameter.POSITIONAL_OR_KEYWORD: 'positional-or-keyword',
    inspect.Parameter.VAR_POSITIONAL: 'var-positional',
    inspect.Parameter.KEYWORD_ONLY: 'keyword-only',
    inspect.Parameter.VAR_KEYWORD: 'var-keyword',
}


def _is_plain_literal(value, depth=0):
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if depth < 2 and isinstance(value, (tuple, list)):
        return all(_is_plain_literal(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain_literal(v, depth + 1) for k, v in value.items())
    return False


def describe_default(value):
    """Deterministic description of a default: repr only when it cannot contain an address."""
    out = {'hasDefault': True, 'defaultType': type(value).__name__}
    if value is None or isinstance(value, (bool, int, str)) or (isinstance(value, float) and math.isfinite(value)):
        out['defaultLiteral'] = value
        out['defaultRepr'] = repr(value)
    elif _is_plain_literal(value):
        out['defaultRepr'] = repr(value)
    return out


def describe_parameters(func):
    sig = inspect.signature(func, follow_wrapped=False)
    params = []
    for p in sig.parameters.values():
        item = {'name': p.name, 'kind': PARAM_KINDS[p.kind]}
        if p.default is not inspect.Parameter.empty:
            item.update(describe_default(p.default))
        else:
            item['hasDefault'] = False
        params.append(item)
    return params


def _source_name(dict_key, func_name, cls):
    """The name as written in the class body (undoes private-name mangling)."""
    mangled_prefix = '_' + cls.__name__.lstrip('_')
    if func_name and func_name.startswith('__') and not func_name.endswith('__') \
            and dict_key == mangled_prefix + func_name:
        return func_name
    return dict_key


def describe_method(cls, key, value):
    """One entry of a class's own __dict__, or None when it is not a function-like member."""
    kind = None
    func = None
    wrapper = None
    if isinstance(value, staticmethod):
        kind, func = 'staticmethod', value.__func__
    elif isinstance(value, classmethod):
        kind, func = 'classmethod', value.__func__
    elif isinstance(value, property):
        kind, func = 'property', value.fget
        if type(value) is not property:
            wrapper = type(value).__module__ + '.' + type(value).__qualname__
    elif inspect.isfunction(value):
        kind, func = 'method', value
    elif getattr(value, '__wrapped__', None) is not None and callable(value):
        # functools.lru_cache and friends: a callable object wrapping a function.
        kind, func = 'method', value.__wrapped__
        wrapper = type(value).__module__ + '.' + type(value).__qualname__
    else:
        return None
    if func is None:
        return {'name': key, 'kind': kind, 'dictKey': key, 'signature': None,
                'signatureProblem': 'property without getter'}

    # What the source says: follow functools.wraps chains back to the written function.
    try:
        written = inspect.unwrap(func)
    except BaseException:
        written = func
    code = getattr(written, '__code__', None)
    func_name = getattr(written, '__name__', None)
    name = _source_name(key, func_name, cls)
    entry = {'name': name, 'kind': kind, 'dictKey': key}
    if wrapper:
        entry['wrapper'] = wrapper
    if written is not func:
        entry['unwrapped'] = True
    if code is not None:
        entry['line'] = code.co_firstlineno
        entry['codeName'] = code.co_name
        entry['isAsync'] = bool(code.co_flags & inspect.CO_COROUTINE) or bool(code.co_flags & 0x200)
    # An alias (`b = a`), a `property(getx)` call or a decorator without functools.wraps: the
    # function object is not the one written under this name, so its signature proves nothing.
    # A function copied in from elsewhere (osprofiler's trace_cls re-sets inherited methods on
    # the class; a metaclass may add some): its __qualname__ names the class that wrote it.
    func_qualname = getattr(written, '__qualname__', None)
    if code is None:
        entry['signatureProblem'] = 'not a Python function'
    elif code.co_name != name and code.co_name != key:
        entry['signatureProblem'] = 'function is named %r (alias, property() call or wrapper)' % code.co_name
    elif isinstance(func_qualname, str) and func_qualname != '%s.%s' % (cls.__qualname__, name):
        entry['signatureProblem'] = 'written as %s, not in this class body (set by a decorator or metaclass)' % func_qualname
    try:
        entry['signature'] = describe_parameters(written)
    except BaseException as exc:  # noqa: B902 - builtins, C functions
        entry['signature'] = None
        entry['signatureProblem'] = 'inspect.signature failed: %s' % type(exc).__name__
    return entry


CLASS_OBJECTS = []


def describe_class(cls, static_qualnames):
    CLASS_OBJECTS.append(cls)
    qualname = cls.__qualname__
    bases = [class_id(b) for b in cls.__bases__]
    try:
        mro = [class_id(c) for c in cls.__mro__]
    except BaseException:
        mro = None
    methods = []
    for key, value in list(vars(cls).items()):
        try:
            m = describe_method(cls, key, value)
        except BaseException as exc:
            m = {'name': key, 'kind': 'method', 'dictKey': key, 'signature': None,
                 'signatureProblem': 'introspection failed: %s' % type(exc).__name__}
        if m is not None:
            methods.append(m)
    methods.sort(key=lambda m: (m['name'], m['dictKey']))
    metaclass = type(cls)
    out = {
        'id': '%s.%s' % (cls.__module__, qualname),
        'module': cls.__module__,
        'qualname': qualname,
        'name': cls.__name__,
        'static': qualname in static_qualnames if static_qualnames is not None else None,
        'bases': bases,
        'mro': mro,
        'methods': methods,
    }
    if metaclass is not type:
        out['metaclass'] = class_id(metaclass)
    return out


def static_class_qualnames(module):
    """Qualnames of `class` statements in the module's source (not inside functions)."""
    path = getattr(module, '__file__', None)
    if not path or not path.endswith('.py'):
        return None
    try:
        with open(path, 'rb') as fh:
            tree = ast.parse(fh.read(), filename=path)
    except BaseException:
        return None
    names = set()

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                q = prefix + child.name
                names.add(q)
                visit(child, q + '.')
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # <locals> classes are not reachable; skip them on both sides
            else:
                visit(child, prefix)

    visit(tree, '')
    return names


def classes_of_module(module):
    """Classes defined in this module: globals with a matching __module__, plus nested classes."""
    modname = module.__name__
    static = static_class_qualnames(module)
    found = {}

    def add(cls):
        if getattr(cls, '__module__', None) != modname:
            return
        q = getattr(cls, '__qualname__', None)
        if not isinstance(q, str) or '<locals>' in q or q in found:
            return
        found[q] = cls
        for key, value in list(vars(cls).items()):
            if isinstance(value, type) and getattr(value, '__qualname__', None) == q + '.' + key:
                add(value)

    for name, value in list(vars(module).items()):
        if isinstance(value, type):
            add(value)
        else:
            hidden = _class_inside_decorator(value, modname, name)
            if hidden is not None:
                add(hidden)
    return [describe_class(found[q], static) for q in sorted(found)]


def _class_inside_decorator(value, modname, name):
    """The class a class decorator replaced by a non-class object (neutron's SingletonDecorator
    instance keeps it in `_klass`): an attribute of the object that is a class of this module and name."""
    # Any global can be odd (lxml's E-factory answers every attribute), so nothing here may raise.
    try:
        namespace = object.__getattribute__(value, '__dict__')
        attrs = list(namespace.values()) if type(namespace) is dict else []
        wrapped = namespace.get('__wrapped__') if type(namespace) is dict else None
        if wrapped is not None:
            attrs.append(wrapped)
        for attr in attrs:
            if isinstance(attr, type) and attr.__module__ == modname and attr.__qualname__ == name:
                return attr
    except BaseException:
        pass
    return None


def yaml_classes_of_module(module):
    """Classes a module got from YAML: globals named by a top-level key of a YAML file it loaded.

    Detection: the name must be a top-level key of a YAML document loaded (through the patched
    yaml.load) with this module as the first caller outside yaml and the YAML factory, the global
    must be a class, and it must not come from a `class` statement of this module (its
    __module__ differs: PyEZ rewrites it to e.g. jnpr.junos.factory.OpTable).
    """
    loads = YAML_LOADS.get(module.__name__, [])
    out = []
    for load in loads:
        for key in load['keys']:
            value = vars(module).get(key)
            if not isinstance(value, type) or value.__module__ == module.__name__:
                continue
            CLASS_OBJECTS.append(value)
            out.append({
                'id': '%s.%s' % (module.__name__, key),
                'module': module.__name__,
                'name': key,
                'runtimeModule': value.__module__,
                'runtimeQualname': value.__qualname__,
                'yamlFile': load['file'],
                'bases': [class_id(b) for b in value.__bases__],
                'mro': [class_id(c) for c in value.__mro__],
            })
    out.sort(key=lambda c: c['id'])
    return out


def class_valued_dicts(module):
    """Module-level dicts with string keys whose values are all classes (candidate dispatch tables)."""
    out = []
    for name, value in sorted(vars(module).items()):
        if isinstance(value, dict) and len(value) >= 2 and all(isinstance(k, str) for k in value) \
                and all(isinstance(v, type) for v in value.values()):
            out.append({'id': '%s.%s' % (module.__name__, name), 'size': len(value)})
    return out


def _reachable(cls):
    """True when `module.qualname` names this very class (an import of that path would get it)."""
    obj = sys.modules.get(getattr(cls, '__module__', None) or '')
    if obj is None:
        return False
    for part in cls.__qualname__.split('.'):
        obj = getattr(obj, part, None)
        if obj is None:
            return False
    return obj is cls


def unreachable_bases(classes):
    """Bases whose `module.qualname` does not lead back to them, with the module globals bound to them.

    Such bases were made at run time (sqlalchemy's declarative_base() makes `Base` in
    sqlalchemy.orm.decl_api, bound as neutron_lib.db.model_base.BASEV2; a namedtuple() call used
    inline as a base): a static reader can at best name the variable they are assigned to, which
    is what `aliases` lists (every module-level global of an imported module bound to the class).
    """
    wanted = {}
    for cls in classes:
        for base in cls.__bases__:
            if id(base) not in wanted and not _reachable(base):
                wanted[id(base)] = base
    aliases = {key: [] for key in wanted}
    for modname, module in sorted(list(sys.modules.items())):
        try:
            items = list(vars(module).items())
        except BaseException:
            continue
        for name, value in items:
            if id(value) in wanted and wanted[id(value)] is value:
                aliases[id(value)].append('%s.%s' % (modname, name))
    out = {}
    for key, base in wanted.items():
        out[class_id(base)] = {'aliases': sorted(set(aliases[key]))}
    return out


def dispatch_table(dotted):
    modname, _, attr = dotted.rpartition('.')
    module = sys.modules.get(modname)
    if module is None or not hasattr(module, attr):
        return None
    table = getattr(module, attr)
    if not isinstance(table, dict):
        return None
    entries = []
    for key in sorted(table, key=str):
        value = table[key]
        entries.append({'key': str(key), 'target': class_id(value) if isinstance(value, type) else repr(value)})
    return {'id': dotted, 'module': modname, 'name': attr, 'entries': entries}


def walk(top, timeout, prefer=None):
    """Import top and every submodule below it; returns (module names, import errors, import-hook modules).

    A package whose import adds finders to sys.meta_path (PyEZ >= 2.2's op/ and command/ __init__.py) gets
    them taken out again at once and put back only to import the modules they serve: the data files
    (*.yml, *.yaml) of its folder, after every ordinary module. PyEZ's op finder answers for *any*
    `jnpr.junos.*` name whose last part names an op/*.yml file, so left in place it would turn a later
    `import jnpr.junos.resources.bgp` into op/bgp.yml; a user importing that module alone gets bgp.py.
    """
    imported, errors = [], []
    hook_finders = {}

    def try_import(name):
        before = list(sys.meta_path)
        _arm(timeout)
        try:
            __import__(name)
            module = sys.modules[name]
            if prefer is not None:
                _keep_preferred_path(module, prefer)
        except ImportTimeout:
            errors.append({'module': name, 'error': 'timeout after %ds' % timeout})
            return None
        except BaseException as exc:
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            errors.append({'module': name, 'error': tb[:500]})
            return None
        finally:
            _disarm()
        added = [finder for finder in sys.meta_path if not any(finder is old for old in before)]
        if added and getattr(module, '__path__', None) is not None:
            hook_finders[name] = (added, list(module.__path__))
            for finder in added:
                sys.meta_path.remove(finder)
        imported.append(name)
        return module

    pending = [top]
    seen = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        module = try_import(name)
        if module is None:
            continue
        path = getattr(module, '__path__', None)
        if path is None:
            continue
        try:
            children = [info.name for info in pkgutil.iter_modules(list(path), name + '.')]
        except BaseException:
            children = []
        pending.extend(sorted(children, reverse=True))
    hook_modules = []
    for package, (finders, path) in sorted(hook_finders.items()):
        stems = sorted({os.path.splitext(entry)[0] for directory in path if os.path.isdir(directory)
                        for entry in os.listdir(directory) if entry.endswith(('.yml', '.yaml'))})
        sys.meta_path[0:0] = finders
        try:
            for stem in stems:
                name = package + '.' + stem
                if stem.isidentifier() and name not in seen and try_import(name) is not None:
                    hook_modules.append(name)
        finally:
            for finder in finders:
                if finder in sys.meta_path:
                    sys.meta_path.remove(finder)
    return imported, errors, hook_modules


def _keep_preferred_path(module, prefer):
    """With --prefer, a package also found elsewhere (a namespace package such as jnpr, which Debian's
    *-nspkg.pth sets up at start-up) keeps only the preferred copy's folders."""
    path = getattr(module, '__path__', None)
    if path is None:
        return
    kept = [entry for entry in path if os.path.realpath(entry).startswith(prefer + os.sep)]
    if kept and len(kept) != len(list(path)):
        module.__path__ = kept


def _prefer_copy(top, prefer):
    """Put `prefer` first on sys.path and forget any copy of `top` imported at start-up."""
    sys.path.insert(0, prefer)
    root = top.split('.')[0]
    for name in [n for n in sys.modules if n == root or n.startswith(root + '.')]:
        del sys.modules[name]
    import importlib
    importlib.invalidate_caches()


def _alias_modules(aliases):
    """--alias A.B=C: a module PyEZ imports that Debian does not package (yamlloader), stood in for by one
    that does the same job (yamlordereddictloader: a PyYAML Loader keeping mapping order). Only when A is
    missing."""
    import importlib
    for alias in filter(None, aliases.split(',')):
        name, _, real = alias.partition('=')
        try:
            importlib.import_module(name)
            continue
        except ImportError:
            pass
        module = importlib.import_module(real)
        parent, _, child = name.rpartition('.')
        if parent and parent not in sys.modules:
            sys.modules[parent] = types.ModuleType(parent)
        sys.modules[name] = module
        if parent:
            setattr(sys.modules[parent], child, module)


def unimported_static_classes(top, errors):
    """For modules that failed to import: their `class` statements, read with ast (information only)."""
    out = []
    for err in errors:
        spec = None
        try:
            import importlib.util
            spec = importlib.util.find_spec(err['module'])
        except BaseException:
            pass
        origin = getattr(spec, 'origin', None)
        if not origin or not origin.endswith('.py'):
            continue
        fake = types.SimpleNamespace(__file__=origin)
        for q in sorted(static_class_qualnames(fake) or []):
            out.append('%s.%s' % (err['module'], q))
    return out


def distribution_version(top, prefer=None):
    if prefer:
        # An unpacked release (../shared/data/python/netmiko-4.6.0) has no metadata: its folder names it.
        match = re.match(r'^(.+?)-(\d[\w.]*)$', os.path.basename(prefer))
        return {'distribution': match.group(1), 'version': match.group(2)} if match else {'distribution': None, 'version': None}
    try:
        import importlib.metadata as md
        dists = md.packages_distributions().get(top.split('.')[0], [])
        for dist in dists:
            return {'distribution': dist, 'version': md.version(dist)}
    except BaseException:
        pass
    return {'distribution': None, 'version': None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('package')
    parser.add_argument('--out')
    parser.add_argument('--dispatch', default='', help='comma-separated module.NAME dicts to report')
    parser.add_argument('--timeout', type=int, default=30, help='seconds allowed per module import')
    parser.add_argument('--version-only', action='store_true')
    parser.add_argument('--prefer', help='a folder holding another copy of the package: imported from there')
    parser.add_argument('--alias', default='', help='comma-separated A.B=C: module C stands in for missing A.B')
    parser.add_argument('--setup', help='a Python file run before the walk (a framework that must be configured first)')
    args = parser.parse_args()
    prefer = os.path.realpath(args.prefer) if args.prefer else None
    if prefer:
        _prefer_copy(args.package, prefer)

    result = {'package': args.package, 'python': sys.executable,
              'pythonVersion': '%d.%d.%d' % sys.version_info[:3]}
    result.update(distribution_version(args.package, prefer))
    if not args.version_only:
        _patch_yaml()
        sys.argv = [sys.argv[0]]  # modules that parse the command line at import see none
        _alias_modules(args.alias)
        if args.setup:
            runpy.run_path(args.setup, run_name='__netxray_truth_setup__')
        imported, errors, hook_modules = walk(args.package, args.timeout, prefer)
        classes, yaml_classes, class_dicts, introspection_errors = [], [], [], []
        files = {}
        for name in sorted(imported):
            module = sys.modules.get(name)
            if module is None:
                continue
            files[name] = getattr(module, '__file__', None)
            for fn in (classes_of_module, yaml_classes_of_module, class_valued_dicts):
                try:
                    items = fn(module)
                except BaseException as exc:
                    # A bug of this helper, not of the package: kept apart so it cannot pass for one.
                    introspection_errors.append({'module': name, 'error': '%s: %r' % (fn.__name__, exc)})
                    continue
                {classes_of_module: classes, yaml_classes_of_module: yaml_classes,
                 class_valued_dicts: class_dicts}[fn].extend(items)
        tables = []
        for dotted in sorted(filter(None, args.dispatch.split(','))):
            t = dispatch_table(dotted)
            if t is not None:
                tables.append(t)
        errors.sort(key=lambda e: (e['module'], e['error']))
        result.update({
            'modules': [{'name': n, 'file': files.get(n)} for n in sorted(imported)],
            'importErrors': errors,
            'importHookModules': sorted(hook_modules),
            'introspectionErrors': sorted(introspection_errors, key=lambda e: (e['module'], e['error'])),
            'unimportedStaticClasses': unimported_static_classes(args.package, errors),
            'classes': classes,
            'yamlClasses': yaml_classes,
            'dispatchTables': tables,
            'classValuedDicts': class_dicts,
            'unreachableBases': unreachable_bases(CLASS_OBJECTS),
        })
    text = json.dumps(result, indent=1, sort_keys=True, default=repr)
    if args.out:
        with open(args.out, 'w') as fh:
            fh.write(text)
    else:
        with os.fdopen(_REAL_STDOUT_FD, 'w', encoding='utf-8') as fh:
            fh.write(text)
    sys.stderr.flush()
    # Imported modules may have started threads (eventlet hubs, oslo timers): do not wait for them.
    os._exit(0)


if __name__ == '__main__':
    main()
