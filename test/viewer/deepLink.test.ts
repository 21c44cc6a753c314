// Links to a view: the hash says what differs from the page's first view, and reading it back gives that view.
import { describe, expect, it } from 'vitest';
import type { ViewState } from '../../src/viewer/diagram.js';
import { linkOf, parseLink } from '../../src/viewer/deepLink.js';

const FIRST: ViewState = { focus: 'netmiko.base_connection.BaseConnection', depth: 2, descendants: 1, members: 'none', expanded: [], dispatch: false, maxRows: 16 };

describe('deep links', () => {
  it('the first view with nothing selected is the bare address', () => {
    expect(linkOf(FIRST, FIRST, null)).toBe('');
  });

  it('round-trips focus, generations, members, folds, open packages and the selection', () => {
    const state: ViewState = { ...FIRST, focus: 'a.B', depth: 3, descendants: undefined, members: 'public', unfolded: ['a.C', 'a.D'], folded: ['a.E'], expanded: ['a.pkg'] };
    const link = parseLink(linkOf(state, FIRST, 'a.F'));
    expect(link.select).toBe('a.F');
    expect({ ...FIRST, ...link.view }).toEqual({ ...state, descendants: undefined });
  });

  it('every package open is written as *', () => {
    expect(parseLink(linkOf({ ...FIRST, expanded: null }, FIRST, null)).view.expanded).toBeNull();
  });

  it('an older #class.id link selects the class', () => {
    expect(parseLink('#netmiko.cisco.cisco_ios.CiscoIosSSH')).toEqual({ select: 'netmiko.cisco.cisco_ios.CiscoIosSSH', view: {} });
  });

  it('ignores what it does not understand', () => {
    expect(parseLink('#members=huge&depth=-1&focus=a.B').view).toEqual({ focus: 'a.B', descendants: undefined });
  });
});
