// journal_event: one append to a session journal, fsynced, as the engine does before the screen moves
// on. The journal lives in a temp dir on the same disk as a session folder would.

import { join } from 'node:path';
import { Journal } from '../../src/session/journal.js';
import { probe, probeArgs, removeDir, tempDir, timeMedian } from './common.js';

const args = probeArgs<{ runs?: number }>();

await probe(args.figures, async () => {
  const dir = tempDir('journal');
  const journal = new Journal(join(dir, 'journal.jsonl'));
  try {
    let i = 0;
    // A statement-finished with a small result: the most common and largest routine event.
    const value = await timeMedian(
      () =>
        journal.append({
          type: 'statement-finished',
          statement: `p/1/b1/${++i}`,
          step: 'p/1',
          line: 10 + i,
          operator: 'bench',
          status: 'succeeded',
          text: 'SELECT pid, state FROM pg_stat_activity',
          startedAt: new Date().toISOString(),
          endedAt: new Date().toISOString(),
          durationMs: 3,
          columns: [{ name: 'pid', type: 'int4' }, { name: 'state', type: 'text' }],
          rows: Array.from({ length: 5 }, (_, r) => [String(1000 + r), 'active']),
          rowCount: 5,
          command: 'SELECT 5',
        }),
      args.runs ?? 200,
      20,
    );
    return { journal_event: { value } };
  } finally {
    journal.close();
    removeDir(dir);
  }
});
