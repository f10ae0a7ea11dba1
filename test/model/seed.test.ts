// The seed runbook, unannotated, exactly as the issue describes it: the acceptance test of the model.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { findProcedure, ProcedureNotFound } from '../../src/runbook/find.js';
import type { Block, Runbook, Statement } from '../../src/runbook/model.js';

const SEED = new URL('../fixtures/seed/database-operations-runbook.md', import.meta.url);
const BUNDLED = new URL('../../runbooks/database-operations.md', import.meta.url);
let seed: Runbook;
let bundled: Runbook;

const blocksOf = (runbook: Runbook): Block[] => runbook.procedures.flatMap((p) => p.steps.flatMap((s) => s.blocks));
const statementsOf = (runbook: Runbook): Statement[] => blocksOf(runbook).flatMap((b) => b.statements);

beforeAll(async () => {
  await ensureParsers();
  seed = parseRunbook(readFileSync(SEED, 'utf8'), 'seed.md');
  bundled = parseRunbook(readFileSync(BUNDLED, 'utf8'), 'runbooks/database-operations.md');
});

describe('the seed runbook', () => {
  it('has 29 code blocks: 27 sql and 2 bash', () => {
    const blocks = blocksOf(seed);
    expect(blocks).toHaveLength(29);
    expect(blocks.filter((b) => b.lang === 'sql')).toHaveLength(27);
    expect(blocks.filter((b) => b.lang === 'bash')).toHaveLength(2);
    expect(seed.title).toBe('Database Operations Runbook');
  });

  it('models Database Down as three steps, the last a checklist with conditions', () => {
    const down = findProcedure(seed, 'database down');
    expect(down).toMatchObject({ id: 'database-down', section: 'Emergency Procedures', path: ['Emergency Procedures'] });
    expect(down.steps.map((s) => s.title)).toEqual(['Immediate Actions', 'Diagnostics', 'Recovery Steps']);
    expect(down.steps[2]!.manual.map((m) => [m.text, m.condition])).toEqual([
      ['Contact Supabase support if platform issue', 'if platform issue'],
      ['Terminate blocking connections if needed', 'if needed'],
      ['Initiate failover if primary is unrecoverable', 'if primary is unrecoverable'],
    ]);
    expect(seed.edges).toContainEqual(expect.objectContaining({ kind: 'branch', from: 'database-down/3', to: 'database-down/3/m3', label: 'if primary is unrecoverable' }));
    expect(seed.edges).toContainEqual(expect.objectContaining({ kind: 'next', from: 'database-down/1', to: 'database-down/2' }));
  });

  it('splits Quick Reference into 8 described statements and marks it a menu', () => {
    const block = findProcedure(seed, 'Quick Reference Commands').steps[0]!.blocks[0]!;
    expect(block.menu).toBe(true);
    expect(block.statements.map((s) => s.description)).toEqual([
      'Show database size',
      'Active connections',
      'Kill specific PID',
      'Force schema reload (Supabase)',
      'Emergency maintenance mode',
      'Exit maintenance mode',
      'Check for locks',
      'Table sizes',
    ]);
    expect(block.statements.every((s) => s.kind === 'sql')).toBe(true);
    // File positions: the first statement is on the line after its comment.
    expect(block.statements[0]).toMatchObject({ line: 447, column: 1 });
    expect(findProcedure(seed, 'backup procedures').steps[0]!.blocks[0]!.menu).toBe(false);
  });

  it('classifies REVOKE and pg_terminate_backend as destructive, pg_stat_activity reads as read', () => {
    const statements = statementsOf(seed);
    const revokes = statements.filter((s) => /^REVOKE/.test(s.text));
    const terminates = statements.filter((s) => s.text.includes('pg_terminate_backend'));
    expect(revokes).toHaveLength(2);
    expect(terminates).toHaveLength(4);
    for (const s of [...revokes, ...terminates]) expect(s.risk).toBe('destructive');
    const active = statements.find((s) => s.text === "SELECT * FROM pg_stat_activity WHERE state = 'active';");
    expect(active).toMatchObject({ risk: 'read', kind: 'sql', line: 100, column: 4 });
  });

  it('reads a manual procedure, contacts, thresholds and the report template', () => {
    const refused = findProcedure(seed, 'Issue: Connection Refused');
    expect(refused.steps.map((s) => s.title)).toEqual([
      'Check Supabase dashboard status',
      'Verify connection string',
      'Check IP allowlist in Supabase settings',
      'Contact Supabase support if persistent',
    ]);
    expect(refused.steps.every((s) => s.blocks.length === 0 && s.manual.length === 1)).toBe(true);
    expect(seed.contacts?.rows).toHaveLength(4);
    expect(seed.thresholds[0]?.heading).toBe('Alert Thresholds');
    expect(seed.reportTemplate?.sections.map((s) => s.heading)).toEqual(['Incident Details', 'Timeline', 'Lessons Learned', 'Prevention Measures']);
    expect(seed.reportTemplate?.sections[0]!.fields.map((f) => f.label)).toEqual(['Date/Time', 'Duration', 'Impact', 'Root Cause']);
    expect(seed.procedures.some((p) => /template|contents/i.test(p.title))).toBe(false);
  });

  it('finds procedures by title, emoji-free title, slug or prefix, and explains misses', () => {
    expect(findProcedure(seed, '🚨 Database Down').id).toBe('database-down');
    expect(findProcedure(seed, 'DATABASE-DOWN').id).toBe('database-down');
    expect(findProcedure(seed, 'high load').id).toBe('high-load-emergency');
    expect(() => findProcedure(seed, 'issue')).toThrow(ProcedureNotFound);
    expect(() => findProcedure(seed, 'issue')).toThrow(/matches 4 procedures/);
    expect(() => findProcedure(seed, 'nope')).toThrow(/no procedure "nope"; procedures: morning-health-check-9-am/);
  });

  it('gives the annotated copy the same shape, with placeholders where the seed has examples', () => {
    expect(blocksOf(bundled)).toHaveLength(29);
    expect(bundled.procedures.map((p) => p.id)).toEqual(seed.procedures.map((p) => p.id));
    const names = blocksOf(bundled).flatMap((b) => b.placeholders.map((p) => `${p.name}:${p.context}`));
    expect(names).toEqual(expect.arrayContaining(['pid:sql-literal', 'host:shell', 'paste_slow_query_here:sql-fragment']));
    expect(bundled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

// The fixture is the user's runbook byte for byte. The original lives outside the repository (a user's
// clone has none), so the comparison runs only when RUNBOOK_SEED_ORIGINAL names it (.ci/run sets it when
// the original is beside the checkout).
const ORIGINAL = process.env.RUNBOOK_SEED_ORIGINAL;
describe.runIf(ORIGINAL !== undefined && existsSync(ORIGINAL))('the seed fixture', () => {
  it("is byte-identical to the user's runbook", () => {
    expect(readFileSync(SEED).equals(readFileSync(ORIGINAL!))).toBe(true);
  });
});
