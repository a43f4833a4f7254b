import { describe, expect, it } from 'vitest';
import { contract } from '../src/shared/contract';
import { accessOf, METHOD_ACCESS } from '../src/shared/contract/roles';

describe('the role map', () => {
  it('lists every contract method (a new method fails here until someone decides who may call it)', () => {
    const missing = Object.keys(contract).filter((m) => !(m in METHOD_ACCESS));
    expect(missing).toEqual([]);
  });

  it('names no method the contract lacks', () => {
    expect(Object.keys(METHOD_ACCESS).filter((m) => !(m in contract))).toEqual([]);
  });

  it('makes an unlisted method owner-only and audited', () => {
    expect(accessOf('something.new')).toEqual({ role: 'owner', audit: true });
    expect(accessOf('toString')).toEqual({ role: 'owner', audit: true });
  });

  it('keeps the owner-only list of the issue owner-only', () => {
    for (const m of [
      'exports.contacts',
      'imports.commit',
      'customerImport.commit',
      'points.adjust',
      'settings.update',
      'staff.create',
      'audit.list',
    ])
      expect(accessOf(m).role, m).toBe('owner');
  });
});
