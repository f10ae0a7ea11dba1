// Where files and shell statements resolve, as the README says: `\i` against the working directory the
// operator started runbook in, `\ir` against the runbook's own folder (named relative to that working
// directory, the case that resolved to rb2/rb2/fix.sql), shell statements run in the working directory.
// Decoys sit where a wrong resolution would look, so a wrong answer shows as the wrong row, not a miss.

import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { execa } from 'execa';
import { createTestDatabase } from '../helpers/db.js';
import { CLI } from '../helpers/cli.js';

let db: string;
let work: string;

beforeAll(async () => {
  db = await createTestDatabase('rb_paths');
  work = realpathSync(mkdtempSync(join(tmpdir(), 'rb-paths-')));
  mkdirSync(join(work, 'rb2', 'sql'), { recursive: true });
  mkdirSync(join(work, 'sql'), { recursive: true });
  writeFileSync(join(work, 'rb2', 'runbook.md'), [
    '# Paths', '', '## Paths', '', '### Includes', '',
    '1. **Relative to the runbook:**', '   ```sql', '   \\ir fix.sql', '   ```', '',
    '2. **Relative to the working directory:**', '   ```sql', '   \\i sql/setup.sql', '   ```', '',
    '3. **Where shell runs:**', '   ```bash', '   pwd', '   ```', '',
  ].join('\n'));
  writeFileSync(join(work, 'rb2', 'fix.sql'), "SELECT 'runbook folder' AS fix;\n");
  writeFileSync(join(work, 'fix.sql'), "SELECT 'working directory (wrong)' AS fix;\n");
  writeFileSync(join(work, 'sql', 'setup.sql'), "SELECT 'working directory' AS setup;\n");
  writeFileSync(join(work, 'rb2', 'sql', 'setup.sql'), "SELECT 'runbook folder (wrong)' AS setup;\n");
});

it('\\ir resolves against the runbook folder, \\i and shell statements against the working directory', async () => {
  const r = await execa('node', [CLI, 'exec', 'rb2/runbook.md', 'includes', '--yes', '--db', db, '--json'], {
    cwd: work, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' },
  });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  const lines = String(r.stdout).trim().split('\n').map((l) => JSON.parse(l) as { text: string; rows?: string[][]; stdoutTail?: string });
  expect(lines.map((l) => l.rows ?? l.stdoutTail?.trim())).toEqual([[['runbook folder']], [['working directory']], work]);
});
