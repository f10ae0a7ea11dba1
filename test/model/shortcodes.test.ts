// Hugo shortcodes in code (docs-site runbooks): they are the site's markup, never part of what runs.
// A line that is only a shortcode (`{{% notice tip %}}`, `{{< /tabs >}}`) is left out of the statement;
// a statement that still holds one (`{{< param previousVersion >}}`, a value the site fills in when it
// renders the page) is a note, shown and never run, and `check` says why (site-shortcode).
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Runbook } from '../../src/runbook/model.js';

const RUNBOOK = [
  '# Retire the old cluster',
  '',
  '## Step 1: Look before you delete',
  '',
  '```console',
  '{{< hint style="info" >}}',
  '$ pg_lsclusters',
  'Ver Cluster Port Status',
  '{{< /hint >}}',
  '```',
  '',
  '```sql',
  '{{% notice warning %}}',
  'SELECT datname FROM pg_database;',
  '{{% /notice %}}',
  '```',
  '',
  '## Step 2: Delete the old data',
  '',
  '- Check the [retention policy]({{< relref "policies/retention.md" >}}) first.',
  '',
  '```bash',
  "rm -rf '/pgdata/pg{{< param previousVersion >}}'",
  '```',
  '',
  '```sql',
  "SELECT pg_drop_replication_slot('{{< param slotName >}}');",
  '```',
  '',
  '## Cut over',
  '',
  '1. Move the clients as the [cutover guide]({{< relref "guides/cutover.md" >}}) says.',
  '2. Check PG {{< param postgresVersion >}} answers:',
  '',
  '   ```bash',
  '   pg_isready -h db-new',
  '   ```',
].join('\n');

let model: Runbook;

beforeAll(async () => {
  await ensureParsers();
  model = parseRunbook(RUNBOOK, 'retire.md');
});

const statements = () => model.procedures.flatMap((p) => p.steps.flatMap((s) => s.blocks.flatMap((b) => b.statements)));

describe('Hugo shortcodes in code', () => {
  it('never reach a statement that runs', () => {
    const runnable = statements().filter((s) => s.kind !== 'note');
    expect(runnable.map((s) => [s.kind, s.text])).toEqual([
      ['shell', 'pg_lsclusters'],
      ['sql', 'SELECT datname FROM pg_database;'],
      ['shell', 'pg_isready -h db-new'],
    ]);
    for (const s of runnable) expect(s.text).not.toMatch(/\{\{[<%]/);
    expect(runnable[0]!.output).toBe('Ver Cluster Port Status');
  });

  it('make a statement standing on a site value a note, with no risk and no fill-ins, and check says why', () => {
    const [rm, drop] = statements().filter((s) => s.text.includes('{{<'));
    expect([rm!.kind, rm!.risk, rm!.placeholders]).toEqual(['note', 'read', []]);
    expect([drop!.kind, drop!.risk]).toEqual(['note', 'read']);
    const warnings = model.diagnostics.filter((d) => d.ruleId === 'site-shortcode');
    expect(warnings.map((d) => [d.line, d.severity])).toEqual([
      [23, 'warning'],
      [27, 'warning'],
    ]);
    expect(warnings[0]!.message).toContain('{{< param previousVersion >}}');
  });

  it('are read out of step titles and manual steps as the page shows them', () => {
    const steps = model.procedures.flatMap((p) => p.steps);
    expect(steps.find((s) => s.title === 'Delete the old data')!.manual.map((m) => m.text)).toEqual(['Check the retention policy first.']);
    const cutover = model.procedures.find((p) => p.title === 'Cut over')!.steps;
    expect(cutover.map((s) => [s.title, s.manual.map((m) => m.text)])).toEqual([
      ['Move the clients as the cutover guide says.', ['Move the clients as the cutover guide says.']],
      ['Check PG postgresVersion answers', []],
    ]);
  });
});
