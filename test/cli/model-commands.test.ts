// list, show, graph and check through the built binary (dist/cli.js), as users run them, including
// the public `list --json` contract (README) and every kind of bad input: one line, no stack trace.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BUNDLED = 'runbooks/database-operations.md';
let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const text = (value: unknown) => String(value ?? '');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-cli-'));
});

describe('runbook list', () => {
  it('prints every procedure with step and block counts and highest risk', async () => {
    const result = await runCli(['list', BUNDLED], { env: { NO_COLOR: '1' } });
    expect(result.exitCode).toBe(0);
    const out = text(result.stdout);
    expect(out).toMatch(/^database-down +Database Down +Emergency Procedures +3 +2 +\[read\]$/m);
    expect(out).toMatch(/^quick-reference-commands +Quick Reference Commands +1 +1 +\[DESTRUCTIVE\]$/m);
    expect(out).not.toContain('\x1b[');
  });

  it('--json keeps the documented contract shape', async () => {
    const result = await runCli(['list', BUNDLED, '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(text(result.stdout));
    expect(typeof json.title).toBe('string');
    expect(json.procedures).toHaveLength(23);
    for (const procedure of json.procedures) {
      expect(procedure).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), line: expect.any(Number), path: expect.any(Array), steps: expect.any(Array) }));
      for (const step of procedure.steps) {
        expect(step).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), line: expect.any(Number), manual: expect.any(Array), blocks: expect.any(Array) }));
        for (const item of step.manual) expect(typeof item).toBe('string');
        for (const block of step.blocks) {
          expect(block).toEqual(expect.objectContaining({ id: expect.any(String), lang: expect.any(String), line: expect.any(Number), statements: expect.any(Array), placeholders: expect.any(Array) }));
          for (const s of block.statements) {
            expect(s).toEqual(expect.objectContaining({ text: expect.any(String), line: expect.any(Number) }));
            expect(['sql', 'psql-meta', 'shell', 'note']).toContain(s.kind);
            expect(['read', 'write', 'destructive']).toContain(s.risk);
          }
          for (const p of block.placeholders) {
            expect(typeof p.name).toBe('string');
            expect(['shell', 'sql-literal', 'sql-identifier', 'sql-fragment']).toContain(p.context);
          }
        }
      }
    }
    const down = json.procedures.find((p: { id: string }) => p.id === 'database-down');
    expect(down.path).toEqual(['Emergency Procedures']);
    expect(down.steps[2].manual).toEqual([
      'Contact Supabase support if platform issue',
      'Terminate blocking connections if needed',
      'Initiate failover if primary is unrecoverable',
    ]);
    expect(down.steps[1].blocks[0].statements[0]).toMatchObject({ text: "SELECT * FROM pg_stat_activity WHERE state = 'active';", line: 100, kind: 'sql', risk: 'read' });
  });
});

describe('runbook show', () => {
  it('shows a procedure named by title, emoji ignored', async () => {
    const result = await runCli(['show', BUNDLED, 'database down'], { env: { NO_COLOR: '1' } });
    expect(result.exitCode).toBe(0);
    const out = text(result.stdout);
    expect(out).toContain('Step 3. Recovery Steps');
    expect(out).toContain('[ ] Initiate failover if primary is unrecoverable  (if primary is unrecoverable)');
    expect(out).toContain("1. If accessible, check for locks [read] line 100");
    expect(out).toContain('Placeholders [host] shell');
  });

  it('highlights SQL only when colors are forced, and lists candidates for an ambiguous name', async () => {
    const colored = await runCli(['show', BUNDLED, 'quick-reference-commands'], { env: { FORCE_COLOR: '1' } });
    expect(text(colored.stdout)).toContain('\x1b[');
    expect(text(colored.stdout)).toContain('menu: pick any statement');
    const ambiguous = await runCli(['show', BUNDLED, 'issue']);
    expect(ambiguous.exitCode).toBe(2);
    expect(text(ambiguous.stderr).trim().split('\n')).toHaveLength(1);
    expect(text(ambiguous.stderr)).toContain('matches 4 procedures');
  });

  it('--json gives the procedure model', async () => {
    const result = await runCli(['show', BUNDLED, 'Data Corruption', '--json']);
    const json = JSON.parse(text(result.stdout));
    expect(json.procedure.id).toBe('data-corruption');
    expect(json.procedure.steps[0].blocks[0].statements[0]).toMatchObject({ risk: 'destructive', riskReasons: ['REVOKE'] });
  });
});

describe('runbook graph', () => {
  it('prints mermaid, dot and json', async () => {
    const mermaid = await runCli(['graph', BUNDLED]);
    expect(text(mermaid.stdout)).toMatch(/^flowchart TD/);
    expect(text(mermaid.stdout)).toContain('n_database_down_3 -.->|"if primary is unrecoverable"| n_database_down_3_m3');
    const dot = await runCli(['graph', BUNDLED, '--format', 'dot']);
    expect(text(dot.stdout)).toContain('"database-down/1" -> "database-down/2";');
    const json = JSON.parse(text((await runCli(['graph', BUNDLED, '--format', 'json'])).stdout));
    expect(json.edges).toContainEqual(expect.objectContaining({ kind: 'next', from: 'database-down/1', to: 'database-down/2' }));
    const bad = await runCli(['graph', BUNDLED, '--format', 'svg']);
    expect(bad.exitCode).toBe(2);
  });
});

describe('runbook check', () => {
  it('passes the bundled runbook with warnings only', async () => {
    const result = await runCli(['check', BUNDLED]);
    expect(result.exitCode).toBe(0);
    // Found by text, not line: the bundled runbook may gain marked additions above it.
    const line = readFileSync(BUNDLED, 'utf8').split('\n').findIndex((l) => l.includes('REVOKE INSERT, UPDATE, DELETE')) + 1;
    expect(text(result.stdout)).toMatch(new RegExp(`^runbooks/database-operations\\.md:${line}:4: warning destructive statement \\(REVOKE\\) .* \\[destructive-no-confirm\\]$`, 'm'));
  });

  it('reports errors with file positions and exits 1, bash syntax included', async () => {
    const path = file(
      'broken.md',
      '# Broken\n\n## Ops\n\n### Script\n```bash\nif true; then\n  echo hi\n```\n\n### Query\n1. **Run:**\n   ```sql\n   SELECT 1;\n   SELEC 2;\n   ```\n\n### Open\n```sql\nSELECT 3;\n',
    );
    const result = await runCli(['check', path, '--json']);
    expect(result.exitCode).toBe(1);
    const rules = JSON.parse(text(result.stdout)).files[0].diagnostics.map((d: { line: number; column: number; ruleId: string }) => `${d.line}:${d.column} ${d.ruleId}`);
    expect(rules).toEqual(expect.arrayContaining(['15:4 sql-syntax', '19:1 fence-unclosed']));
    expect(rules.filter((r: string) => r.endsWith('bash-syntax'))).toEqual(['7:1 bash-syntax']);
  });

  it('finds bash syntax errors through the grammar: one diagnostic per error, no bash process needed', async () => {
    const path = file(
      'shell.md',
      '# Shell\n\n## Ops\n\n### Broken\n```bash\necho ok\necho "unclosed\n```\n\n### Two\n```sh\nls |\nfi\n```\n\n### Fine\n```bash\ncat <<EOF | psql\nSELECT 1;\nEOF\n[ -f x ] && echo $(( 1 + 2 ))\n```\n',
    );
    // Only node on PATH: a `bash -n` would be missing; the grammar needs none.
    const bin = mkdtempSync(join(tmpdir(), 'runbook-node-only-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = await runCli(['check', path], { env: { PATH: bin } });
    expect(result.exitCode).toBe(1);
    const lines = text(result.stdout).split('\n').filter((l) => l.includes('bash-syntax'));
    expect(lines).toEqual([
      expect.stringMatching(/shell\.md:8:6: error bash: unclosed quote " \[bash-syntax\]$/),
      expect.stringMatching(/shell\.md:14:1: error bash: unexpected "fi" \[bash-syntax\]$/),
    ]);
  });
});

describe('bad input: one clear line, the right exit code, no stack trace', () => {
  const expectOneLine = (result: { exitCode?: number; stderr?: unknown }, code: number, pattern: RegExp) => {
    expect(result.exitCode).toBe(code);
    const err = text(result.stderr).trim();
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(pattern);
    expect(err).not.toMatch(/\n\s+at |internal error/);
  };

  it('missing file, directory, empty file', async () => {
    expectOneLine(await runCli(['list', join(dir, 'nope.md')]), 2, /nope\.md: no such file/);
    mkdirSync(join(dir, 'folder.md'), { recursive: true });
    expectOneLine(await runCli(['list', join(dir, 'folder.md')]), 2, /is a directory/);
    expectOneLine(await runCli(['list', file('empty.md', '')]), 2, /empty\.md: is empty/);
    expectOneLine(await runCli(['check', file('blank.md', '\n  \n')]), 2, /is empty/);
  });

  it('non-UTF-8 bytes name the line', async () => {
    const path = file('latin1.md', Buffer.concat([Buffer.from('# T\n\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expectOneLine(await runCli(['list', path]), 2, /latin1\.md:3: is not valid UTF-8 \(byte 0xe9/);
    expectOneLine(await runCli(['list', file('bin.md', Buffer.from([0x23, 0x20, 0x00, 0x01]))]), 2, /NUL byte/);
  });

  it('a 10 MB file is refused by its size, not modelled', async () => {
    const path = file('huge.md', `# Huge\n\n${'x'.repeat(10 * 1024 * 1024)}\n`);
    expectOneLine(await runCli(['list', path]), 2, /huge\.md: file is 10\.0 MB, larger than the 4\.0 MB/);
  });

  it('BOM, CRLF, tabs and malformed Markdown are modelled, not refused', async () => {
    const messy = '\uFEFF# Messy\r\n\r\n## Ops\r\n\r\n### Tabbed\r\n1.\t**Run:**\r\n\t```sql\r\n\tSELECT 1;\r\n\t```\r\n\r\n### Broken\r\n> ```sql\r\n> SELECT 2;\r\n\r\n<div>\r\n| a |\r\n';
    const path = file('messy.md', messy);
    const list = await runCli(['list', path, '--json']);
    expect(list.exitCode).toBe(0);
    const json = JSON.parse(text(list.stdout));
    expect(json.title).toBe('Messy');
    expect(json.procedures.map((p: { id: string }) => p.id)).toEqual(['tabbed', 'broken']);
    const check = await runCli(['check', path]);
    expect(check.exitCode).toBe(1);
    expect(text(check.stdout)).toMatch(/messy\.md:12:3: error code fence ``` is never closed/);
    expect(text(check.stderr)).toBe('');
  });

  it('usage errors', async () => {
    expectOneLine(await runCli(['show', BUNDLED]), 2, /expected FILE PROCEDURE/);
    expectOneLine(await runCli(['show', BUNDLED, 'no such thing']), 2, /no procedure "no such thing"; procedures: /);
    expectOneLine(await runCli(['list', BUNDLED, '--bogus']), 2, /Unknown option '--bogus'/);
    const help = await runCli(['check', '--help']);
    expect(text(help.stdout)).toContain('Usage: runbook check FILE...');
  });
});
