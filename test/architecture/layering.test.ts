// The rooms of src/ (README "Layout") are enforced by dependency-cruiser (.dependency-cruiser.cjs, run in
// CI as `npm run lint:deps`). These tests prove the check is real: the tree passes, and an import that
// breaks a rule, written into a scratch copy of the layout, fails it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const depcruise = join(ROOT, 'node_modules', '.bin', 'depcruise');
const config = join(ROOT, '.dependency-cruiser.cjs');

/** depcruise over `dirs` of a scratch tree holding `files`; returns its exit status and output. */
function cruiseScratch(files: Record<string, string>, dirs: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'rb-layering-'));
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(ROOT, 'tsconfig.json')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync(depcruise, [...dirs, '--config', config], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the layering check', () => {
  it('finds no violation in the tree', () => {
    const out = execFileSync(depcruise, ['src', 'bench', '--config', config], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('no dependency violations found');
  });

  it.each([
    ['runbook-is-pure', 'src/runbook/model.ts', "import '../session/engine.js';\n", 'src/session/engine.ts'],
    ['drill-is-pure', 'src/drill/verdict.ts', "import '../database/drill-fault.js';\n", 'src/database/drill-fault.ts'],
    ['engine-knows-no-outputs', 'src/session/engine.ts', "import '../report/render.js';\n", 'src/report/render.ts'],
    ['executors-and-database-below-the-engine', 'src/database/open.ts', "import '../cli/main.js';\n", 'src/cli/main.ts'],
    ['report-knows-no-front-ends', 'src/report/data.ts', "import '../ui/App.js';\n", 'src/ui/App.ts'],
    ['ui-knows-no-cli', 'src/ui/App.ts', "import '../cli/main.js';\n", 'src/cli/main.ts'],
    ['product-never-imports-tests', 'src/cli/main.ts', "import '../../test/helpers/db.js';\n", 'test/helpers/db.ts'],
  ])('fails on an import that breaks %s', (rule, from, text, to) => {
    const result = cruiseScratch({ [from]: text, [to]: 'export {};\n' }, ['src']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(rule);
  });

  it('fails on a circle, type-only imports included', () => {
    const result = cruiseScratch(
      {
        'src/cli/main.ts': "import type { Command } from './commands/list.js';\nexport type X = Command;\n",
        'src/cli/commands/list.ts': "import type { X } from '../main.js';\nexport interface Command { x?: X }\n",
      },
      ['src'],
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-circular');
  });
});

describe('the session engine', () => {
  it('never touches the process: exit codes, signals and output are the CLI\'s', () => {
    const files = readdirSync(join(ROOT, 'src', 'session'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const offending = files.filter((f) => /\bprocess\.(exit|exitCode|on|once|off|removeListener|stdout|stderr|stdin|kill)\b/.test(readFileSync(join(ROOT, 'src', 'session', f), 'utf8')));
    expect(offending).toEqual([]);
  });
});
