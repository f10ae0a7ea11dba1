// Every function the toolkit ships declares its risk (src/runbook/toolkit-risk.ts), so a new toolkit
// function cannot be judged by its name alone; and the declarations are what classification uses.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { classifyRisk } from '../../src/runbook/risk.js';
import { TOOLKIT_RISK } from '../../src/runbook/toolkit-risk.js';

const DIR = new URL('../../runbooks/toolkit/', import.meta.url);

function toolkitFunctions(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.sql'))) {
    const sql = readFileSync(new URL(file, DIR), 'utf8');
    for (const m of sql.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+([\w"]+)\.([\w"]+)\s*\(/gi)) {
      names.add(`${m[1]!.replace(/"/g, '')}.${m[2]!.replace(/"/g, '')}`.toLowerCase());
    }
  }
  return [...names].sort();
}

beforeAll(async () => {
  await ensureParsers();
});

describe('toolkit risk declarations', () => {
  it('declare every function runbooks/toolkit/*.sql creates, and no other', () => {
    const shipped = toolkitFunctions();
    expect(shipped.length).toBeGreaterThan(10);
    expect(Object.keys(TOOLKIT_RISK).sort()).toEqual(shipped);
  });

  it.each([
    ["SELECT backup_recovery.restore_table('b1', 'animals', 'replace');", 'destructive'],
    ["SELECT backup_recovery.restore_table('b1', 'animals');", 'destructive'],
    ["SELECT backup_recovery.restore_table('b1', 'animals', mode => 'merge');", 'write'],
    ["SELECT backup_recovery.restore_table('b1', 'animals', [mode]);", 'destructive'],
    ['SELECT backup_recovery.cleanup_old_backups(30);', 'destructive'],
    ['SELECT * FROM performance.kill_long_queries(30);', 'destructive'],
    ['SELECT kill_long_queries(30);', 'destructive'],
    ['SELECT * FROM performance.optimize_cache();', 'read'],
    ["SELECT * FROM performance.analyze_query('DELETE FROM animals');", 'read'],
    ['SELECT * FROM backup_recovery.perform_maintenance();', 'write'],
    ['SELECT backup_recovery.create_table_backup(\'animals\');', 'write'],
  ])('%s -> %s', (sql, risk) => {
    expect(classifyRisk(sql, 'sql').risk).toBe(risk);
  });
});
