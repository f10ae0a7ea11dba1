// The PostgreSQL the SQL figures run against: the tool's own embedded server in a throwaway directory,
// kept up while the runner needs it. Prints `BENCH_SERVER <url>`, then stops the server and removes the
// directory when its stdin closes (the runner exited or is done) or on SIGTERM.

import { startEmbedded, stopEmbedded } from '../../src/database/embedded.js';
import { reason, removeDir, tempDir } from './common.js';

const dir = tempDir('server');
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await stopEmbedded({ dir }).catch(() => undefined);
  removeDir(dir);
  process.exit(code);
}

try {
  // No demo data: the figures only need `SELECT 1` and generate_series.
  const { target } = await startEmbedded({ dir, demoData: false, database: 'postgres' });
  process.stdout.write(`BENCH_SERVER ${target.connectionString}\n`);
} catch (error) {
  process.stdout.write(`BENCH_SERVER_ERROR ${reason(error)}\n`);
  await stop(0);
}
process.stdin.on('end', () => void stop(0));
process.stdin.resume();
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
