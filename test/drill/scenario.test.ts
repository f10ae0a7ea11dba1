// Drill scenarios as files: the bundled ones model cleanly against the bundled runbook, and a scenario
// with a mistake says where (line) and what, never guessing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../src/drill/scenario.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { findProcedure } from '../../src/runbook/find.js';
import { ROOT } from '../helpers/cli.js';

const DIR = join(ROOT, 'runbooks', 'drills');

beforeAll(async () => {
  await ensureParsers();
});

function parsed(text: string) {
  return parseScenario(text, 'drills/x.md');
}

const ok = (text: string): Scenario => {
  const r = parsed(text);
  expect(r.problems).toEqual([]);
  return r.scenario!;
};

const MINIMAL = `---
procedure: High Load Emergency
expected: resolved
---

# Runaway queries

Queries that never end.

## Fault

\`\`\`sql
CREATE TABLE t (x int);
INSERT INTO t VALUES (1);
\`\`\`

## Symptom

\`\`\`sql
SELECT true;
\`\`\`

## Resolved

\`\`\`sql
SELECT false;
\`\`\`
`;

describe('the bundled scenarios', () => {
  it('are the eight the issue names, each for a procedure of the bundled runbook, with its expected outcome', () => {
    const runbook = parseRunbook(readFileSync(join(ROOT, 'runbooks', 'database-operations.md'), 'utf8'), 'runbooks/database-operations.md');
    const files = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();
    const scenarios = files.map((f) => {
      const r = parseScenario(readFileSync(join(DIR, f), 'utf8'), join('runbooks/drills', f));
      expect(r.problems, f).toEqual([]);
      return r.scenario!;
    });
    expect(scenarios.map((s) => [s.name, findProcedure(runbook, s.procedure).id, s.expected])).toEqual([
      ['connection-pool-exhaustion', 'connection-pool-exhaustion', 'resolved'],
      ['data-corruption', 'data-corruption', 'resolved'],
      ['database-down-blocking-lock', 'database-down', 'manual'],
      ['database-down-server-stopped', 'database-down', 'manual'],
      ['high-load-emergency', 'high-load-emergency', 'resolved'],
      ['high-table-bloat', 'issue-high-table-bloat', 'resolved'],
      ['slow-animal-queries', 'issue-slow-animal-queries', 'resolved'],
      ['suspicious-activity-response', 'suspicious-activity-response', 'resolved'],
    ]);
    const byName = new Map(scenarios.map((s) => [s.name, s]));
    expect(byName.get('database-down-server-stopped')!.serverStopped).toBe(true);
    expect(byName.get('high-load-emergency')!.params).toEqual({ minutes: '0', idle_in_transaction_minutes: '0' });
    expect(byName.get('database-down-blocking-lock')!.fault.background.map((b) => [b.name, b.count])).toEqual([['blocker', 1], ['blocked', 2]]);
    expect(byName.get('database-down-blocking-lock')!.diagnosis?.statements).toHaveLength(1);
    expect(byName.get('suspicious-activity-response')!.fault.background[0]).toMatchObject({ user: 'drill_intruder', loopEveryMs: 200 });
    expect(byName.get('data-corruption')!.parameters?.lang).toBe('sql');
  });
});

describe('a scenario file', () => {
  it('models frontmatter, title, summary, setup SQL split into statements, symptom and resolved', () => {
    const s = ok(MINIMAL);
    expect(s).toMatchObject({ name: 'x', title: 'Runaway queries', summary: 'Queries that never end.', procedure: 'High Load Emergency', procedureLine: 2, expected: 'resolved', timeLimitMs: 120_000, serverStopped: false });
    expect(s.fault.setup[0]!.statements).toEqual(['CREATE TABLE t (x int);', 'INSERT INTO t VALUES (1);']);
    expect(s.symptom).toMatchObject({ lang: 'sql', statements: ['SELECT true;'], line: 20 });
  });

  it('reads background sessions, shell checks, time limits and choices', () => {
    const text = MINIMAL.replace('expected: resolved', 'expected: manual\ntime-limit: 90s\nwhen: [debian]\nall-branches: true')
      .replace('```sql\nCREATE TABLE', '```sql {background name=sleepers count=3 user=app loop every=1s}\nSELECT pg_sleep(1);\n```\n\n```sql\nCREATE TABLE')
      .replace('```sql\nSELECT false;\n```', '```bash\npg_isready -q\n```');
    const s = ok(text);
    expect(s).toMatchObject({ expected: 'manual', timeLimitMs: 90_000, when: ['debian'], allBranches: true });
    expect(s.fault.background).toEqual([expect.objectContaining({ name: 'sleepers', count: 3, user: 'app', loopEveryMs: 1000, statements: ['SELECT pg_sleep(1);'] })]);
    expect(s.resolved).toMatchObject({ lang: 'shell', statements: ['pg_isready -q'] });
  });

  it.each([
    ['no frontmatter', MINIMAL.replace(/^---[\s\S]*?---\n/, ''), 1, /^no frontmatter/],
    ['an unknown key', MINIMAL.replace('expected: resolved', 'expected: resolved\nexpect: manual'), 4, /^unknown key "expect"/],
    ['an expected outcome that is not one', MINIMAL.replace('expected: resolved', 'expected: fixed'), 3, /^expected: resolved or manual \(not "fixed"\)/],
    ['a bad time limit', MINIMAL.replace('expected: resolved', 'expected: resolved\ntime-limit: soon'), 4, /^time-limit: a duration/],
    ['no Symptom section', MINIMAL.replace('## Symptom', '## Signs'), 1, /^no "## Symptom" section/],
    ['two blocks in Resolved', `${MINIMAL}\n\`\`\`sql\nSELECT 1;\n\`\`\`\n`, 23, /^the Resolved section needs exactly one/],
    ['two statements in a check', MINIMAL.replace('SELECT false;', 'SELECT 1; SELECT 2;'), 26, /^the Resolved query must be one statement/],
    ['a background session outside the Fault', MINIMAL.replace('```sql\nSELECT true;', '```sql {background}\nSELECT true;'), 19, /^background sessions belong to the Fault section/],
    ['a bad count', MINIMAL.replace('```sql\nCREATE TABLE', '```sql {background count=lots}\nCREATE TABLE'), 12, /^count=lots: a whole number/],
    ['an unknown attribute', MINIMAL.replace('```sql\nCREATE TABLE', '```sql {background pause=1s}\nCREATE TABLE'), 12, /^unknown attribute "pause"/],
    ['a language that does not run', MINIMAL.replace('```sql\nSELECT true;', '```python\nSELECT true;'), 19, /^```python is neither sql nor bash/],
  ])('with %s says where and what', (_what, text, line, message) => {
    const r = parsed(text);
    expect(r.scenario).toBeUndefined();
    expect(r.problems[0]).toEqual({ line, message: expect.stringMatching(message) });
  });
});
