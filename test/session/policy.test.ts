// The policy table: what is asked, typed, allowed or denied, interactive and under exec's flags.

import { describe, expect, it } from 'vitest';
import { accepts, decide, DEFAULT_POLICY } from '../../src/session/policy.js';
import type { Decision } from '../../src/session/types.js';

const exec = { ...DEFAULT_POLICY, confirmEach: false };

describe('decide', () => {
  it('interactive: every statement is asked; destructive ones typed: the object they act on, `yes` only when they name none', () => {
    expect(decide({ kind: 'sql', risk: 'read' }, DEFAULT_POLICY).kind).toBe('ask');
    expect(decide({ kind: 'sql', risk: 'write' }, DEFAULT_POLICY).kind).toBe('ask');
    expect(decide({ kind: 'sql', risk: 'destructive', confirmTarget: 'animals', confirmKind: 'table' }, DEFAULT_POLICY)).toEqual({
      kind: 'ask-typed',
      prompt: 'Destructive statement: type the table "animals" to run it',
      expected: ['animals'],
      shown: 'the table "animals"',
    });
    // A secret object is asked for by its kind, never shown.
    expect(decide({ kind: 'sql', risk: 'destructive', confirmTarget: 's3cr3t', confirmKind: 'role', confirmSecret: true }, DEFAULT_POLICY)).toMatchObject({
      expected: ['s3cr3t'],
      shown: 'the role (secret, not shown)',
      prompt: expect.not.stringContaining('s3cr3t'),
    });
    expect(decide({ kind: 'sql', risk: 'destructive' }, DEFAULT_POLICY)).toMatchObject({ kind: 'ask-typed', expected: ['yes'] });
    expect(decide({ kind: 'sql', risk: 'read', confirm: 'typed' }, DEFAULT_POLICY).kind).toBe('ask-typed');
    expect(decide({ kind: 'sql', risk: 'read', confirm: 'none' }, DEFAULT_POLICY).kind).toBe('allow');
    expect(decide({ kind: 'sql', risk: 'destructive', confirm: 'none' }, DEFAULT_POLICY).kind).toBe('ask-typed');
    expect(decide({ kind: 'sql', risk: 'read', fragments: ['q'] }, DEFAULT_POLICY)).toMatchObject({ kind: 'ask', prompt: expect.stringContaining('Raw SQL from [q]') });
  });

  it('exec --yes: reads and writes allowed, destructive denied unless --allow-destructive', () => {
    expect(decide({ kind: 'sql', risk: 'write' }, exec).kind).toBe('allow');
    expect(decide({ kind: 'shell', risk: 'destructive' }, exec).kind).toBe('deny');
    expect(decide({ kind: 'shell', risk: 'destructive' }, { ...exec, allowDestructive: true }).kind).toBe('allow');
  });

  it('--read-only denies writes and destructive statements, interactive or not; notes never run', () => {
    for (const o of [DEFAULT_POLICY, exec]) {
      expect(decide({ kind: 'sql', risk: 'write' }, { ...o, readOnly: true }).kind).toBe('deny');
      expect(decide({ kind: 'sql', risk: 'destructive' }, { ...o, readOnly: true, allowDestructive: true }).kind).toBe('deny');
      expect(decide({ kind: 'sql', risk: 'read' }, { ...o, readOnly: true }).kind).not.toBe('deny');
    }
    expect(decide({ kind: 'note', risk: 'read' }, exec).kind).toBe('deny');
  });

  it('accepts: typed answers must match one of the expected words', () => {
    const typed: Decision = { kind: 'ask-typed', prompt: '', expected: ['animals', 'yes'] };
    expect(accepts(typed, { yes: true, typed: ' animals ' })).toBe(true);
    expect(accepts(typed, { yes: true, typed: 'anim' })).toBe(false);
    expect(accepts(typed, { yes: true })).toBe(false);
    expect(accepts({ kind: 'ask', prompt: '' }, { yes: true })).toBe(true);
    expect(accepts({ kind: 'deny', reason: '' }, { yes: true })).toBe(false);
  });
});
