// Journal edge cases (issue 12, defect 8): the first event creates the journal whole (never an empty
// journal.jsonl), an empty one left by an older version holds no session (exec may use the folder), an
// unreadable line before the last is damage that resume refuses without --force naming the line, and a
// whole last event that only lacks its newline is kept (the old repair cut it, and its statement ran again).

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { Journal, parseJournal, repairTail } from '../../src/session/journal.js';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI } from '../helpers/cli.js';

const LOG = join(import.meta.dirname, '../exec/runbooks/log.md');
const env = { DATABASE_URL: '', PGHOST: '' };
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rb-journal-edges-'));
});

const cli = (args: string[]) => execa('node', [CLI, ...args], { cwd: root, env, reject: false, stdin: 'ignore' });

describe('journal files', () => {
  it('a journal appears with its first event or not at all', () => {
    const dir = mkdtempSync(join(root, 'whole-'));
    const path = join(dir, 'journal.jsonl');
    const journal = new Journal(path);
    expect(existsSync(path)).toBe(false);
    journal.append({ type: 'note', text: 'first' });
    expect(readFileSync(path, 'utf8')).toMatch(/^\{"seq":1,[^\n]*"text":"first"\}\n$/);
    journal.append({ type: 'note', text: 'second' });
    journal.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(['journal.jsonl']);
  });

  it('an unreadable line before the last is damage, named by its number', () => {
    const text = ['{"seq":1,"at":"x","type":"note","text":"a"}', '{"seq":2,"at":"x","ty', '{"seq":3,"at":"x","type":"note","text":"c"}', ''].join('\n');
    const read = parseJournal(text, 'j.jsonl');
    expect(read.damaged).toEqual([2]);
    expect(read.events.map((e) => e.seq)).toEqual([1, 3]);
    expect(read.warnings.join('\n')).toContain('j.jsonl:2:');
    // A torn last line is a crash mid-write, not damage.
    expect(parseJournal('{"seq":1,"at":"x","type":"note","text":"a"}\n{"seq":2,', 'j.jsonl').damaged).toEqual([]);
  });

  it('the repair keeps a whole last event lacking its newline and cuts a torn one', () => {
    const dir = mkdtempSync(join(root, 'tail-'));
    const path = join(dir, 'journal.jsonl');
    const whole = '{"seq":1,"at":"x","type":"note","text":"a"}\n{"seq":2,"at":"x","type":"note","text":"b"}';
    writeFileSync(path, whole);
    expect(parseJournal(whole).events).toHaveLength(2);
    expect(repairTail(path)).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(`${whole}\n`);
    writeFileSync(path, '{"seq":1,"at":"x","type":"note","text":"a"}\n{"seq":2,"at":"x","ty');
    expect(repairTail(path)).toBe(21);
    expect(readFileSync(path, 'utf8')).toBe('{"seq":1,"at":"x","type":"note","text":"a"}\n');
  });
});

describe('resume and exec over journal edge cases (real binary, real server)', () => {
  let db: string;
  let full: string[];

  beforeAll(async () => {
    db = await createTestDatabase('rb_journal_edges');
    expect((await cli(['exec', LOG, 'setup', '--yes', '--db', db])).exitCode).toBe(0);
    const r = await cli(['exec', LOG, 'drill', '--yes', '--db', db, '--session-dir', 'full']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    full = readFileSync(join(root, 'full/journal.jsonl'), 'utf8').trimEnd().split('\n');
  });

  /** A session folder whose journal is the full run's up to (and with) the `n`-th statement-finished. */
  function cutAfterFinished(name: string, n: number): { dir: string; lines: string[] } {
    let seen = 0;
    const end = full.findIndex((l) => JSON.parse(l).type === 'statement-finished' && ++seen === n);
    const dir = join(root, name);
    mkdirSync(dir);
    return { dir, lines: full.slice(0, end + 1) };
  }

  const counts = async () => {
    const rows = await query<{ step: string; n: string }>(db, 'SELECT step, count(*)::text AS n FROM drill_log GROUP BY step ORDER BY step');
    return Object.fromEntries(rows.map((r) => [r.step, Number(r.n)]));
  };
  const ALL_ONCE = { s01: 1, s02: 1, s03: 1, s04: 1, s05: 1, s06: 1, s08: 1, s09: 1 };

  it('a whole last event lacking its newline is kept: its statement does not run again', async () => {
    const { dir, lines } = cutAfterFinished('no-newline', 1);
    await query(db, 'TRUNCATE drill_log');
    await query(db, "INSERT INTO drill_log (step) VALUES ('s01')");
    writeFileSync(join(dir, 'journal.jsonl'), lines.join('\n'));
    const r = await cli(['resume', dir, '--yes', '--db', db]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(await counts()).toEqual(ALL_ONCE);
    // The event stays on disk (the old repair cut it: the journal then said s01 never finished).
    const after = readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n');
    expect(after.slice(0, lines.length)).toEqual(lines);
    expect(after.slice(0, lines.length).map((l) => JSON.parse(l).seq)).toEqual(lines.map((_l, i) => i + 1));
  });

  it('resume refuses a journal with an unreadable middle line, naming it; --force resumes', async () => {
    const { dir, lines } = cutAfterFinished('damaged', 3);
    await query(db, 'TRUNCATE drill_log');
    await query(db, "INSERT INTO drill_log (step) VALUES ('s01'), ('s02')");
    const bad = lines.length - 3;
    lines[bad] = lines[bad]!.slice(0, 40) + '\u0000garbage';
    writeFileSync(join(dir, 'journal.jsonl'), `${lines.join('\n')}\n`);
    const refused = await cli(['resume', dir, '--yes', '--db', db]);
    expect(refused.exitCode).toBe(2);
    const errors = String(refused.stderr).split('\n').filter((l) => l && !l.startsWith('runbook: warning:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`damaged/journal.jsonl:${bad + 1}: the journal is damaged`);
    expect(errors[0]).toContain('--force');
    expect(await counts()).toEqual({ s01: 1, s02: 1 });
    const forced = await cli(['resume', dir, '--yes', '--force', '--rerun-interrupted', '--db', db]);
    expect(forced.exitCode, String(forced.stderr)).toBe(0);
    expect(await counts()).toMatchObject({ s03: 1, s04: 1, s09: 1 });
  });

  it('an empty journal.jsonl holds no session: resume says so, exec starts one there', async () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'journal.jsonl'), '');
    const resumed = await cli(['resume', dir, '--yes', '--db', db]);
    expect(resumed.exitCode).toBe(2);
    expect(String(resumed.stderr)).toMatch(/no session/);
    await query(db, 'TRUNCATE drill_log');
    const fresh = await cli(['exec', LOG, 'drill', '--yes', '--db', db, '--session-dir', dir]);
    expect(fresh.exitCode, String(fresh.stderr)).toBe(0);
    expect(await counts()).toEqual(ALL_ONCE);
  });
});
