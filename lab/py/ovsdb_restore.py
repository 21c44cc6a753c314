#!/usr/bin/python3
"""ovsdb_restore.py DB TABLE PARENT_TABLE PARENT_RECORD PARENT_COLUMN < ROW_JSON

Puts back a row a lab fault removed from the OVN NB (lab/lib/ovn/fault.sh undo): ROW_JSON is the row as
`ovn-nbctl --format=json list TABLE <row>` printed it before the fault; the row is created again with every
column that was set and added to PARENT_COLUMN of PARENT_RECORD (a Logical_Switch's ports, a Logical_Router's
nat, a Port_Group's acls), in one ovn-nbctl transaction. Reference columns (uuids) are written as the uuids
they held, so the rows they point at must still exist.
"""
import json
import subprocess
import sys

db, table, parent_table, parent, parent_column = sys.argv[1:6]
dump = json.load(sys.stdin)
row = dict(zip(dump['headings'], dump['data'][0]))


def atom(v):
    """an OVSDB JSON atom in ovn-nbctl's syntax (ovn-nbctl(8) "Database Values")"""
    if isinstance(v, list) and v[0] in ('uuid', 'named-uuid'):
        return v[1]
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v)   # a quoted string with C-style escapes


def value(v):
    if isinstance(v, list) and v[0] == 'map':
        return '{' + ','.join('%s=%s' % (atom(k), atom(x)) for k, x in v[1]) + '}'
    if isinstance(v, list) and v[0] == 'set':
        return '[' + ','.join(atom(x) for x in v[1]) + ']'
    return atom(v)


def unset(v):
    return isinstance(v, list) and v[0] in ('set', 'map') and not v[1]


# columns ovn-northd writes itself (ovn-nb(5)): it fills them in again for the new row
NORTHD_WRITES = {'Logical_Switch_Port': {'up', 'dynamic_addresses', 'tag'}}
skip = NORTHD_WRITES.get(table, set())
columns = ['%s=%s' % (c, value(v)) for c, v in row.items() if not c.startswith('_') and c not in skip and not unset(v)]
cmd = ['ovn-nbctl', '--timeout=10', '--db=' + db, '--', '--id=@row', 'create', table, *columns,
       '--', 'add', parent_table, parent, parent_column, '@row']
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
