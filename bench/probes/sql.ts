// sql_overhead (and the executor side of sql_vs_psql): `SELECT 1` a thousand times through the SQL
// executor, against a bare pg client on the same server, in alternating rounds. Per statement, in ms.

import pg from 'pg';
import { executors, request, targetFrom } from './exec-setup.js';
import { median, nowMs, probe, probeArgs, removeDir, tempDir } from './common.js';

const args = probeArgs<{ url: string; statements?: number; rounds?: number }>();
const N = args.statements ?? 1000;
const ROUNDS = args.rounds ?? 5;

await probe(args.figures, async () => {
  const registry = executors(await targetFrom(args.url));
  const bare = new pg.Client({ connectionString: args.url });
  // Created last before `try`, so a bad URL above leaves nothing behind.
  const dir = tempDir('sql');
  try {
    await bare.connect();
    const viaExecutor = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const result = await registry.sql.run(request('sql', 'SELECT 1', dir));
        if (result.status !== 'succeeded') throw new Error(`executor: ${result.error?.message ?? result.status}`);
      }
    };
    const viaBare = async (count: number) => {
      for (let i = 0; i < count; i++) await bare.query('SELECT 1');
    };
    await viaExecutor(100);
    await viaBare(100);
    const ex: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? [viaBare, viaExecutor] : [viaExecutor, viaBare];
      for (const run of order) {
        const start = nowMs();
        await run(N);
        (run === viaExecutor ? ex : base).push((nowMs() - start) / N);
      }
    }
    const perStatement = median(ex);
    return {
      sql_overhead: { value: perStatement, baseline_value: median(base) },
      sql_vs_psql: { value: perStatement },
    };
  } finally {
    await bare.end().catch(() => undefined);
    await registry.close();
    removeDir(dir);
  }
});
