// The crash test: `runbook exec` (the built binary) is killed with SIGKILL at random points of a real
// procedure whose statements INSERT into a log table, then `runbook resume --yes` finishes it (sometimes
// after being killed itself). No completed statement may be lost or run twice; the one statement that
// was in flight when the process died may have reached the database before the kill (it is run again, the
// journal never having recorded it finished: at-least-once for that one, exactly-once for all others);
// the final report lists every statement exactly once. The kill points come from a seeded generator: the
// seed is printed, and CRASH_SEED=<seed> replays the same kill points.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase, query } from '../helpers/db.js';
import { buildReport } from '../../src/report/data.js';
import { renderReport } from '../../src/report/render.js';
import { derive } from '../../src/session/state.js';
import { seededRandom } from '../../bench/lib/random.js';
import { CLI as cli } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { inFlight, journalLines, journalOf } from '../helpers/journal-probe.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/log.md');
const RUNS = 20;
const LABELS = ['s01', 's02', 's03', 's04', 's05', 's06', 's08', 's09'];
let db: string;
let root: string;
let fullRunLines = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SEED = Number(process.env.CRASH_SEED) || Math.floor(Math.random() * 2 ** 31) + 1;
const random = seededRandom(SEED);
console.log(`crash test: CRASH_SEED=${SEED} replays these kill points`);
const env = { DATABASE_URL: '', PGHOST: '' };

/**
 * Starts the CLI and SIGKILLs it once its journal has `lines` lines plus a random few milliseconds (so
 * kills land before, between and inside statements all along the procedure, whatever the machine's speed).
 */
async function killedAfter(args: string[], dir: string, lines: number) {
  const child = execa('node', [cli, ...args], { cwd: root, reject: false, stdin: 'ignore', env });
  let exited = false;
  void child.then(() => (exited = true));
  await until(() => exited || journalLines(dir) >= lines, `journal line ${lines}`, 15_000).catch(() => undefined);
  await sleep(random() * 40);
  child.kill('SIGKILL');
  await child;
}

beforeAll(async () => {
  db = await createTestDatabase('rb_crash');
  root = mkdtempSync(join(tmpdir(), 'rb-crash-'));
  await execa('node', [cli, 'exec', RUNBOOK, 'setup', '--yes', '--db', db], { cwd: root, env });
  const full = await execa('node', [cli, 'exec', RUNBOOK, 'drill', '--yes', '--db', db, '--session-dir', join(root, 'calibrate')], { cwd: root, env, reject: false });
  expect(full.exitCode).toBe(0);
  fullRunLines = journalLines(join(root, 'calibrate'));
});

describe('killed with SIGKILL at random points, then resumed', () => {
  it(`loses no completed statement and runs none twice (${RUNS} runs)`, async () => {
    const summary: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      await query(db, 'TRUNCATE drill_log');
      const dir = join(root, `run-${run}`);
      const at = Math.floor(random() * fullRunLines);
      await killedAfter(['exec', RUNBOOK, 'drill', '--yes', '--db', db, '--session-dir', dir, '--json'], dir, at);
      let events = journalOf(dir);
      const flying = new Set(inFlight(events));
      const doneAtKill = new Set(events.flatMap((e) => (e.type === 'statement-finished' ? [e.statement] : [])));
      summary.push(`run ${run} (CRASH_SEED=${SEED}): killed after journal line ${at}, ${doneAtKill.size} done, in flight ${[...flying].join(',') || '-'}`);

      if (!events.some((e) => e.type === 'session-started')) {
        // Killed before the session existed: nothing can have run.
        expect(await query(db, 'SELECT * FROM drill_log')).toEqual([]);
        const fresh = await execa('node', [cli, 'exec', RUNBOOK, 'drill', '--yes', '--db', db, '--session-dir', dir], { cwd: root, env, reject: false });
        expect(fresh.exitCode, fresh.stderr).toBe(0);
      } else if (!events.some((e) => e.type === 'session-ended')) {
        if (run % 4 === 1) {
          // Kill the resume too, then resume again.
          const more = journalLines(dir) + 1 + Math.floor(random() * 12);
          await killedAfter(['resume', dir, '--yes', '--rerun-interrupted', '--db', db, '--json'], dir, more);
          for (const id of inFlight(journalOf(dir))) flying.add(id);
        }
        const resumed = await execa('node', [cli, 'resume', dir, '--yes', '--rerun-interrupted', '--db', db, '--json'], { cwd: root, env, reject: false });
        // The killed resume may have got to the end itself.
        if (!/already completed/.test(String(resumed.stderr))) expect(resumed.exitCode, `${summary.at(-1)}\n${resumed.stderr}`).toBe(0);
      }

      events = journalOf(dir);
      const finished = new Map<string, number>();
      const startedCount = new Map<string, number>();
      for (const e of events) {
        if (e.type === 'statement-finished') finished.set(e.statement, (finished.get(e.statement) ?? 0) + 1);
        if (e.type === 'statement-started') startedCount.set(e.statement, (startedCount.get(e.statement) ?? 0) + 1);
      }
      const report = buildReport(derive(events));
      expect(report.session.status).toBe('completed');
      expect(report.statements).toHaveLength(13);
      for (const s of report.statements) {
        expect(s.status, `${summary.at(-1)}: ${s.id}`).toBe('succeeded');
        expect(finished.get(s.id), `${s.id} finished once`).toBe(1);
        // Completed before the kill: never started again.
        if (doneAtKill.has(s.id)) expect(startedCount.get(s.id), `${s.id} re-run after it had completed`).toBe(1);
      }
      const md = renderReport(derive(events), 'md');
      for (const s of report.statements) expect(md.split(`**Line ${s.line}** (`).length - 1).toBe(1);

      const rows = await query<{ step: string; n: string }>(db, 'SELECT step, count(*)::text AS n FROM drill_log GROUP BY step');
      const counts = new Map(rows.map((r) => [r.step, Number(r.n)]));
      const flyingLabels = new Set(
        events.flatMap((e) => (e.type === 'statement-started' && flying.has(e.statement) ? [/'(s\d\d)'/.exec(e.text)?.[1]] : [])),
      );
      for (const label of LABELS) {
        const n = counts.get(label) ?? 0;
        if (flyingLabels.has(label)) expect([1, 2], `${summary.at(-1)}: ${label}`).toContain(n);
        else expect(n, `${summary.at(-1)}: ${label} must be logged exactly once`).toBe(1);
      }
    }
    console.log(`CRASH_SEED=${SEED}\n${summary.join('\n')}`);
  }, 180_000);
});
