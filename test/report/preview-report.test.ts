// The report shows what a statement's preview predicted beside what the run did (issue 11, item 5).

import { describe, expect, it } from 'vitest';
import { statementNodes } from '../../src/report/statement-md.js';
import { root } from '../../src/report/mdast.js';
import { treeToMarkdown } from '../../src/report/markdown.js';
import type { ReportStatement } from '../../src/report/types.js';

const run = {
  run: 1,
  status: 'succeeded' as const,
  text: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction'",
  startedAt: '2026-11-29T18:00:00.000Z',
  operator: 'oncall',
  risk: 'destructive',
  command: 'SELECT 2',
  rowCount: 2,
  preview: {
    summary: 'ends 2 sessions',
    sessions: [
      { pid: 4242, user: 'app', application: 'api', state: 'idle in transaction', query: 'UPDATE animals SET name = $1' },
      { pid: 4243, user: 'app', application: 'worker', state: 'idle in transaction', query: 'SELECT 1' },
    ],
  },
};

const statement: ReportStatement = {
  id: 'p/1/b1/1', step: 'p/1', stepTitle: 'Reset', line: 12, kind: 'sql', risk: 'destructive', text: run.text, source: run.text,
  status: 'succeeded', attempts: 1, interruptedRuns: 0, runs: [run], edits: [], startedAt: run.startedAt, command: 'SELECT 2', rowCount: 2,
};

describe('the report beside a preview', () => {
  it('says what was predicted, what happened, and lists what the preview named', () => {
    const md = treeToMarkdown(root(statementNodes(statement, 'postgres://db.example/showtrack')));
    expect(md).toContain('**Predicted**: ends 2 sessions; **actual**: `SELECT 2`');
    expect(md).toContain('pid 4242 app api idle in transaction: UPDATE animals SET name = $1');
  });

  it('says so for every run of a statement run twice', () => {
    const failed = { ...run, run: 2, status: 'failed' as const, command: undefined, rowCount: undefined, error: { message: 'canceling statement due to lock timeout' } };
    const md = treeToMarkdown(root(statementNodes({ ...statement, status: 'failed', attempts: 2, runs: [run, failed] }, 'postgres://db.example/showtrack')));
    expect(md).toContain('**actual**: `SELECT 2`');
    expect(md).toContain('**actual**: `failed: canceling statement due to lock timeout`');
  });
});
