// A journal written by a newer runbook (a higher format in session-started) is refused by every reader,
// `report`, `resume` and `sessions`, in one line naming the file, with exit 2; never guessed at.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/journals/default-template/journal.jsonl');
let root: string;
let dir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rb-format-'));
  dir = join(root, '20250315T060001Z-morning-health-check');
  mkdirSync(dir);
  const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
  const started = { ...JSON.parse(lines[0]!), format: 99 };
  writeFileSync(join(dir, 'journal.jsonl'), `${[JSON.stringify(started), ...lines.slice(1)].join('\n')}\n`);
});

const refusal = /^runbook: [^\n]*20250315T060001Z-morning-health-check\/journal\.jsonl: journal format 99 is newer than this runbook reads \(up to 1\); use a newer runbook$/;

describe('a journal of a newer format', () => {
  it.each([
    ['report', ['report', 'SESSION']],
    ['resume', ['resume', 'SESSION', '--yes']],
    ['sessions', ['sessions', '--root', 'ROOT']],
  ])('%s refuses it in one line, exit 2', async (_name, args) => {
    const r = await runCli(args.map((a) => (a === 'SESSION' ? dir : a === 'ROOT' ? root : a)), { cwd: root });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(refusal);
    expect(r.exitCode).toBe(2);
  });
});
