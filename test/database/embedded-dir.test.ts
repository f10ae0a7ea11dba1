// The default state directory is nested (~/.local/state/runbook/embedded, or /var/lib/runbook/embedded
// as root): creating it must leave its parents traversable, because as root the server runs as the
// postgres user. A regression test for `npm start` failing on a fresh machine as root.

import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startEmbedded, stopEmbedded } from '../../src/database/embedded.js';

const top = mkdtempSync(join(tmpdir(), 'rb-state-'));
chmodSync(top, 0o755);
const dir = join(top, 'state', 'runbook', 'embedded');
afterAll(async () => {
  await stopEmbedded({ dir }).catch(() => undefined);
  rmSync(top, { recursive: true, force: true });
});

it('creates a nested state directory that the server user can reach, and starts in it', async () => {
  const started = await startEmbedded({ dir });
  expect(started.created).toBe(true);
  expect(statSync(join(top, 'state')).mode & 0o777).toBe(0o755);
  expect(statSync(join(top, 'state', 'runbook')).mode & 0o777).toBe(0o755);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(await stopEmbedded({ dir })).toBe('stopped');
});
