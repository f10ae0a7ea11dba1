// The target line `runbook exec` prints first: where the target came from, said once.

import { describe, expect, it } from 'vitest';
import { describeTargetLine } from '../../src/cli/headless-output.js';

const target = { host: '127.0.0.1', port: 5432, database: 'showtrack', user: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/showtrack' };

describe('exec target line', () => {
  it('names the embedded demo database once, and other sources as "from ..."', () => {
    expect(describeTargetLine({ ...target, source: 'embedded', embedded: true })).toBe(
      'Target: postgres://postgres@127.0.0.1:5432/showtrack (host 127.0.0.1, port 5432, database showtrack, user postgres; embedded demo database)',
    );
    expect(describeTargetLine({ ...target, source: 'DATABASE_URL', embedded: false })).toMatch(/; from DATABASE_URL\)$/);
    expect(describeTargetLine({ ...target, source: 'PG-env', embedded: false })).toMatch(/; from PG\* variables\)$/);
  });
});
