// Document structure as a reader sees it (issue 13, item 4), on fixtures written in the conventions of
// real runbooks: "Step N" and "N." headings, code-less steps, fences under numbered items, admonitions
// and tabs, site-generator markup, TOML front matter, `<h1>` titles, `{#id}` and `<a name>` anchors.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { findProcedure } from '../../src/runbook/find.js';
import type { Runbook } from '../../src/runbook/model.js';

const fixture = (name: string): Runbook =>
  parseRunbook(readFileSync(new URL(`../fixtures/${name}/input.md`, import.meta.url), 'utf8'), `${name}.md`);

beforeAll(async () => {
  await ensureParsers();
});

describe('step headings', () => {
  it('makes one procedure of "Step N" headings, with the preparation and finalize headings around them', () => {
    const runbook = fixture('step-headings');
    const drain = findProcedure(runbook, 'drain the replica');
    expect(drain.steps.map((s) => s.title)).toEqual([
      'Preparation',
      'Tell the team',
      'Stop configuration management',
      'Remove it from load balancing',
      'Decide if you will rebuild or wait',
      'Finalize',
    ]);
    // "Notes" is not a step, and no step heading is a procedure of its own.
    expect(runbook.procedures.map((p) => p.id)).toEqual(['drain-the-replica', 'rebuild']);
  });

  it('keeps a step without code as a manual step, and "Decide if" is a question, not a condition', () => {
    const drain = findProcedure(fixture('step-headings'), 'drain the replica');
    expect(drain.steps[1]!.manual.map((m) => m.text)).toEqual(['Tell the team']);
    expect(drain.steps[4]!.condition).toBeUndefined();
  });

  it('puts a sub-heading that is not numbered into its step, and numbered or optional ones in steps of their own', () => {
    const runbook = fixture('step-headings');
    const drain = findProcedure(runbook, 'drain the replica');
    expect(drain.steps[3]!.blocks.map((b) => b.lang)).toEqual(['yaml', 'bash', 'sql']);
    const rebuild = findProcedure(runbook, 'rebuild');
    expect(rebuild.steps.map((s) => s.title)).toEqual(['Take a snapshot', 'Plan', 'Apply', 'Option A: From the snapshot', 'Option B: From a base backup']);
  });

  it('reads steps at the top of a document without a title heading as the document-titled procedure', () => {
    const runbook = fixture('site-markup');
    expect(runbook.title).toBe('Rotate the Replication Password');
    expect(runbook.procedures.map((p) => [p.id, p.steps.length])).toEqual([['rotate-the-replication-password', 3]]);
    expect(runbook.procedures[0]!.intro).toContain('**Warning:**');
  });
});

describe('fences under numbered items', () => {
  it('gives a flush-left fence under a numbered item to that item, not to the next step', () => {
    const cleanup = findProcedure(fixture('item-fences'), 'cleanup');
    expect(cleanup.steps.map((s) => [s.title, s.blocks.length])).toEqual([
      ['Check for the leftover trigger', 1],
      ['If that is the case, drop it', 1],
      ['Look for the temporary schema', 1],
      ['Release stale advisory locks with pg_advisory_unlock(...).', 0],
    ]);
    expect(cleanup.steps[1]!.condition).toBe('If that is the case');
  });

  it('does not list an item as a manual action when its code follows it', () => {
    const drain = findProcedure(fixture('step-headings'), 'drain the replica');
    expect(drain.steps[3]!.manual.map((m) => m.text)).toEqual(['Watch the connections go away']);
  });
});

describe('containers and site markup', () => {
  it('keeps code written inside admonitions, tabs and docusaurus blocks, at its file position', () => {
    const runbook = fixture('containers');
    expect(runbook.title).toBe('Upgrade the Cluster');
    const install = findProcedure(runbook, 'install the new packages');
    expect(install.steps[0]!.blocks.map((b) => [b.line, b.column, b.statements[0]!.text])).toEqual([
      [19, 9, 'apt install postgresql-17'],
      [25, 9, 'yum install postgresql17-server'],
    ]);
    expect(findProcedure(runbook, 'upgrade the cluster').steps[0]!.blocks[0]!.statements[0]).toMatchObject({ text: 'pg_dumpall > /backup/all.sql', line: 10, column: 5 });
  });

  it('gives code inside an admonition the condition its text opens with', () => {
    const blocks = findProcedure(fixture('containers'), 'run the migration').steps.flatMap((s) => s.blocks);
    expect(blocks.map((b) => [b.statements[0]!.text, b.condition])).toEqual([
      ['sudo -u app ./migrate.sh', undefined],
      ['sudo -u app PYTHON=/usr/bin/python3.12 ./migrate.sh', 'If the default Python is older than 3.11'],
      ['sudo -u app ./migrate.sh --list', undefined],
    ]);
  });

  it('shows admonition and tab openers as labels and drops shortcodes and attribute lines from prose', () => {
    const runbook = fixture('containers');
    const preamble = findProcedure(runbook, 'upgrade the cluster').steps[0]!.prose;
    expect(preamble).toBe('Run everything as root.\n\n**Important: Back up first**\nA major upgrade cannot be rolled back.');
    const markup = fixture('site-markup').procedures[0]!;
    expect(markup.steps[0]!.prose).toBe('Read the [rollout guide](guides/rollout.md) for PG pgVersion.');
    expect(markup.steps[1]!.prose).toBe('**Info:**\nEach standby reads `primary_conninfo` on reload.');
  });

  it('uses {#id} as the anchor, keeps the GitHub slug and <a name> as aliases, and reads TOML front matter', () => {
    const runbook = fixture('site-markup');
    expect(runbook.frontmatter).toMatchObject({ title: 'Rotate the Replication Password', weight: 20, tags: ['postgres', 'security'] });
    expect(runbook.anchors).toEqual(expect.arrayContaining(['set-password', 'verify', 'checks', 'step-3-verify-replication']));
    expect(runbook.diagnostics.filter((d) => d.ruleId === 'link-missing-anchor')).toEqual([]);
  });

  it('reads TOML between +++ and reports bad TOML with its line', () => {
    const ok = parseRunbook('+++\ntitle = "Hugo page"\n# comment\n+++\n\n## Run\n\n```sql\nselect 1;\n```\n', 'a.md');
    expect(ok.title).toBe('Hugo page');
    const bad = parseRunbook('---\ntitle = "x"\nweight = \n---\n\n# T\n', 'b.md');
    expect(bad.diagnostics).toContainEqual(expect.objectContaining({ line: 3, ruleId: 'frontmatter-toml', severity: 'error' }));
  });
});
