// embedded_start_first: initdb + start (+ the demo database, as a user's first `runbook run` gets it)
// in a fresh directory; embedded_start_warm: start of that directory again after a stop.

import { startEmbedded, stopEmbedded } from '../../src/database/embedded.js';
import { median, nowMs, probe, probeArgs, removeDir, tempDir } from './common.js';

const args = probeArgs<{ firstRuns?: number; warmRuns?: number }>();

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await fn();
  return nowMs() - start;
}

await probe(args.figures, async (wanted) => {
  const dirs: string[] = [];
  try {
    const first: number[] = [];
    const warm: number[] = [];
    const firstRuns = wanted.has('embedded_start_first') ? (args.firstRuns ?? 3) : 0;
    // Run 0 is the warm-up (page cache of the binaries), not counted.
    for (let i = 0; i <= Math.max(firstRuns, 0); i++) {
      const dir = tempDir('embedded');
      dirs.push(dir);
      const ms = await timed(() => startEmbedded({ dir }));
      await stopEmbedded({ dir });
      if (i > 0) first.push(ms);
    }
    if (wanted.has('embedded_start_warm')) {
      const dir = dirs[0]!;
      for (let i = 0; i <= (args.warmRuns ?? 5); i++) {
        const ms = await timed(() => startEmbedded({ dir }));
        await stopEmbedded({ dir });
        if (i > 0) warm.push(ms);
      }
    }
    return {
      ...(wanted.has('embedded_start_first') ? { embedded_start_first: { value: median(first) } } : {}),
      ...(wanted.has('embedded_start_warm') ? { embedded_start_warm: { value: median(warm) } } : {}),
    };
  } finally {
    for (const dir of dirs) {
      await stopEmbedded({ dir }).catch(() => undefined);
      removeDir(dir);
    }
  }
});
