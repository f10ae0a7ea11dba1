// One run of big_result_*: a 1,000,000-row SELECT through the SQL executor in a process doing nothing
// else, so its peak RSS is the executor's. First rows = the first `rows` or `data` output event.

import { executors, request, targetFrom } from './exec-setup.js';
import { nowMs, probe, probeArgs, removeDir, tempDir } from './common.js';

const args = probeArgs<{ url: string; query: string }>();

await probe(args.figures, async () => {
  const registry = executors(await targetFrom(args.url));
  // Created last before `try`, so a bad URL above leaves nothing behind.
  const dir = tempDir('big-result');
  try {
    let first: number | undefined;
    const start = nowMs();
    const result = await registry.sql.run(request('sql', args.query, dir), {
      onOutput: (event) => {
        if (first === undefined && (event.type === 'rows' || event.type === 'data')) first = nowMs() - start;
      },
    });
    const total = nowMs() - start;
    if (result.status !== 'succeeded') throw new Error(`executor: ${result.error?.message ?? result.status}`);
    if (result.rowCount !== 1_000_000) throw new Error(`expected 1000000 rows, got ${result.rowCount}`);
    // maxRSS is the process's peak resident set, in KiB.
    const rss = process.resourceUsage().maxRSS / 1024;
    return {
      big_result_first_rows: first === undefined ? { unavailable: 'the executor reported no rows before it finished' } : { value: first },
      big_result_rss: { value: rss },
      big_result_total: { value: total },
    };
  } finally {
    await registry.close();
    removeDir(dir);
  }
});
