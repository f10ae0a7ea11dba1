// One run of big_shell_*: 1 GB of text on stdout through the shell executor, in a process doing nothing
// else, so its peak RSS is the executor's (bash and the producers are separate processes).

import { executors, request, targetFrom } from './exec-setup.js';
import { nowMs, probe, probeArgs, removeDir, tempDir } from './common.js';

const args = probeArgs<{ url?: string; command: string }>();

await probe(args.figures, async () => {
  // The shell executor needs a target only for the environment it passes (DATABASE_URL, PG*).
  const registry = executors(await targetFrom(args.url ?? 'postgres://bench@127.0.0.1:1/bench'));
  // Created last before `try`, so a bad URL above leaves nothing behind.
  const dir = tempDir('big-shell');
  try {
    const start = nowMs();
    const result = await registry.shell.run(request('shell', args.command, dir));
    const total = nowMs() - start;
    if (result.status !== 'succeeded') throw new Error(`executor: ${result.error?.message ?? result.status} (exit ${result.exitCode})`);
    return {
      big_shell_rss: { value: process.resourceUsage().maxRSS / 1024 },
      big_shell_total: { value: total },
    };
  } finally {
    await registry.close();
    removeDir(dir);
  }
});
