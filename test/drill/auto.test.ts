// `runbook drill --auto` is the runbook's CI: on the bundled runbook every bundled scenario meets its
// expected outcome against a real injected fault, and a broken runbook turns it red — a copy without
// its VACUUM statement leaves the bloat (not-resolved, exit 1), a renamed toolkit function is an error
// naming the statement. Real servers: the drill template and drill server of the built binary, in the
// test run's own RUNBOOK_EMBEDDED_DIR (made once, shared with every drill test file).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const RUNBOOK = join(ROOT, 'runbooks', 'database-operations.md');
let work: string;
let env: Record<string, string>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rb-drill-auto-'));
  env = { RUNBOOK_EMBEDDED_DIR: inject('drillEmbeddedDir') };
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface Line {
  scenario: string;
  procedure: string;
  expected: string;
  outcome: string;
  reason: string;
  symptomBefore: boolean | null;
  symptomAfter: boolean | null;
  timeToResolveMs: number | null;
  statements: { run: number; failed: number; skipped: number };
  report: string | null;
}

const lines = (stdout: string): Line[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** A copy of the bundled runbook with its drills/ beside it, edited by `edit`. */
function mutatedRunbook(name: string, edit: (text: string) => string): string {
  const dir = join(work, name);
  cpSync(join(ROOT, 'runbooks', 'drills'), join(dir, 'drills'), { recursive: true });
  const original = readFileSync(RUNBOOK, 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  writeFileSync(join(dir, 'database-operations.md'), edited);
  return join(dir, 'database-operations.md');
}

describe('runbook drill --auto', () => {
  it('--all --json: every bundled scenario meets its expected outcome against its real fault, exit 0', async () => {
    const cwd = mkdtempSync(join(work, 'all-'));
    const r = await runCli(['drill', '--all', '--auto', '--json'], { env, cwd, timeout: 480_000 });
    const got = lines(r.stdout);
    expect(got.map((l) => [l.scenario, l.expected, l.outcome])).toEqual([
      ['connection-pool-exhaustion', 'resolved', 'resolved'],
      ['data-corruption', 'resolved', 'resolved'],
      ['database-down-blocking-lock', 'manual', 'manual'],
      ['database-down-server-stopped', 'manual', 'manual'],
      ['high-load-emergency', 'resolved', 'resolved'],
      ['high-table-bloat', 'resolved', 'resolved'],
      ['slow-animal-queries', 'resolved', 'resolved'],
      ['suspicious-activity-response', 'resolved', 'resolved'],
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const l of got) {
      // The fault was there before the procedure ran; a resolved one is gone after, with its time.
      expect(l.symptomBefore, l.scenario).toBe(true);
      expect(Object.keys(l.statements).sort()).toEqual(['failed', 'run', 'skipped']);
      expect(l.statements.run, l.scenario).toBeGreaterThan(0);
      if (l.expected === 'resolved') {
        expect(l.symptomAfter, l.scenario).toBe(false);
        expect(l.timeToResolveMs, l.scenario).toEqual(expect.any(Number));
        expect(l.statements.failed, l.scenario).toBe(0);
      } else {
        expect(l.timeToResolveMs, l.scenario).toBeNull();
      }
      expect(l.report, l.scenario).toMatch(/drill\.md$/);
      expect(existsSync(isAbsolute(l.report!) ? l.report! : join(cwd, l.report!)), l.scenario).toBe(true);
    }
    // The first diagnostic is a read, never the REVOKE that Data Corruption starts with.
    const text = readFileSync(RUNBOOK, 'utf8').split('\n');
    const corruption = got.find((l) => l.scenario === 'data-corruption')!;
    const drillJson = JSON.parse(readFileSync(join(cwd, corruption.report!.replace(/drill\.md$/, 'drill.json')), 'utf8'));
    expect(drillJson.firstDiagnostic.line).toBe(text.findIndex((l) => l.includes('backup_recovery.validate_backup(')) + 1);
    expect(drillJson.resolution).toMatchObject({ by: 'procedure', line: text.findIndex((l) => l.includes('backup_recovery.restore_table(')) + 1 });
    // The server-stopped drill: the procedure's checks failed (recorded), and the recovery steps were shown.
    expect(got.find((l) => l.scenario === 'database-down-server-stopped')!.statements.failed).toBeGreaterThan(0);
  }, 600_000);

  it('a copy of the runbook without its VACUUM (FULL, ANALYZE) statement: high-table-bloat is not-resolved, exit 1', async () => {
    const file = mutatedRunbook('no-vacuum', (t) => t.replace('VACUUM (FULL, ANALYZE) [table_name];\n', ''));
    const r = await runCli(['drill', file, '--scenario', 'high-table-bloat', '--auto', '--json'], { env, cwd: join(work, 'no-vacuum'), timeout: 240_000 });
    const [line, ...rest] = lines(r.stdout);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ scenario: 'high-table-bloat', expected: 'resolved', outcome: 'not-resolved', symptomBefore: true, symptomAfter: true, timeToResolveMs: null });
    expect(r.exitCode).toBe(1);
  }, 300_000);

  it('a toolkit with a function renamed: the drill that calls it is an error naming the statement and its line, exit 1', async () => {
    const toolkit = join(work, 'toolkit');
    cpSync(join(ROOT, 'runbooks', 'toolkit'), toolkit, { recursive: true });
    const sql = join(toolkit, 'performance_tuning.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8').replaceAll('performance.kill_long_queries(', 'performance.end_long_queries('));
    const line = readFileSync(RUNBOOK, 'utf8').split('\n').findIndex((l) => l.includes('performance.kill_long_queries(')) + 1;
    const r = await runCli(['drill', '--scenario', 'high-load-emergency', '--auto', '--json'], { env: { ...env, RUNBOOK_TOOLKIT_DIR: toolkit }, cwd: work, timeout: 240_000 });
    const [got] = lines(r.stdout);
    expect(got).toMatchObject({ scenario: 'high-load-emergency', expected: 'resolved', outcome: 'error' });
    expect(got!.reason).toContain(`line ${line}: SELECT * FROM performance.kill_long_queries(`);
    expect(got!.reason).toContain('does not exist');
    expect(got!.statements.failed).toBeGreaterThan(0);
    expect(r.exitCode).toBe(1);
  }, 300_000);
});
