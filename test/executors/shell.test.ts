// The shell executor: streaming order, exit codes, the target's environment, the log file and bounded
// tail, and timeout/cancel killing the whole process group (children included).

import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ShellExecutor } from '../../src/executors/shell.js';
import { TAIL_BYTES } from '../../src/executors/tail.js';
import type { Target } from '../../src/database/target.js';
import type { OutputEvent } from '../../src/executors/types.js';
import { outputDir, request } from './helpers.js';

const target: Target = {
  source: 'flag',
  host: 'db.example',
  port: 6543,
  database: 'showtrack',
  user: 'ops',
  password: 's3cret',
  connectionString: 'postgresql://ops:s3cret@db.example:6543/showtrack',
  embedded: false,
};
const shell = new ShellExecutor(target);
const out = outputDir();
const run = (text: string, overrides = {}, onOutput?: (e: OutputEvent) => void, signal?: AbortSignal) =>
  shell.run(request('shell', text, { outputDir: out, ...overrides }), { onOutput, signal });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('shell executor', () => {
  it('streams stdout and stderr in order as they happen, and logs them', async () => {
    const events: OutputEvent[] = [];
    const r = await run('echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three', {}, (e) => events.push(e));
    expect(r.status).toBe('succeeded');
    expect(events).toEqual([
      { type: 'data', stream: 'stdout', text: 'one\n' },
      { type: 'data', stream: 'stderr', text: 'two\n' },
      { type: 'data', stream: 'stdout', text: 'three\n' },
      { type: 'exit', code: 0, signal: null },
    ]);
    expect(r.stdoutTail).toBe('one\nthree\n');
    expect(r.stderrTail).toBe('two\n');
    expect(readFileSync(r.outputFile!, 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('fails on a non-zero exit with the code', async () => {
    const r = await run('echo bad >&2; exit 3');
    expect(r).toMatchObject({ status: 'failed', exitCode: 3, stderrTail: 'bad\n' });
    expect(r.error!.message).toBe('exit code 3');
  });

  it("passes the target's connection and the request's variables, never stdin", async () => {
    const r = await run('echo "$DATABASE_URL|$PGHOST|$PGPORT|$PGUSER|$PGDATABASE|$PGPASSWORD|$RB_NAME"; cat; echo end', {
      env: { RB_NAME: 'x y' },
    });
    expect(r.stdoutTail).toBe('postgresql://ops:s3cret@db.example:6543/showtrack|db.example|6543|ops|showtrack|s3cret|x y\nend\n');
  });

  it('runs in the request working directory', async () => {
    const r = await run('pwd', { cwd: out });
    expect(r.stdoutTail!.trim()).toBe(out);
  });

  it('kills the whole process group on cancel, children included', async () => {
    const controller = new AbortController();
    let child = 0;
    const pending = run('sleep 300 & echo $!; sleep 301; wait', {}, (e) => {
      if (e.type === 'data' && e.stream === 'stdout') child = Number(e.text.trim());
    }, controller.signal);
    expect(await waitFor(() => child > 0, 3000)).toBe(true);
    const t0 = performance.now();
    controller.abort();
    const r = await pending;
    expect(r.status).toBe('cancelled');
    // A bound on the behaviour, not a speed: SIGTERM ended it, well before the SIGKILL that follows after 5 s.
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(await waitFor(() => !alive(child), 2000)).toBe(true);
  });

  it('times out, killing the group; SIGKILL follows for a process that ignores SIGTERM', async () => {
    let child = 0;
    const r = await run("bash -c 'trap \"\" TERM; echo $$; sleep 300' & wait", { timeoutMs: 300 }, (e) => {
      if (e.type === 'data' && e.stream === 'stdout') child = Number(e.text.trim());
    });
    expect(r.status).toBe('timed-out');
    expect(child).toBeGreaterThan(0);
    expect(await waitFor(() => !alive(child), 7000)).toBe(true);
  }, 15_000);

  describe('a child that keeps stdout open (issue 12, defect 7)', () => {
    const cleanup: number[] = [];
    afterAll(() => {
      for (const pid of cleanup) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    });

    it('ends at its timeout although a child that left the process group holds stdout, and names it', async () => {
      const t0 = performance.now();
      const r = await run('setsid sleep 61; echo never', { timeoutMs: 1000 });
      cleanup.push(...(r.leftRunning ?? []).map((l) => l.pid));
      expect(r.status).toBe('timed-out');
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(r.leftRunning).toEqual([expect.objectContaining({ command: 'sleep 61' })]);
      expect(r.error!.message).toMatch(/^timed out after 1000 ms; process group killed; still running outside it: pid \d+ \(sleep 61\)$/);
    }, 20_000);

    it('ends when the main process exits although a background job holds stdout, and names the job', async () => {
      const t0 = performance.now();
      const r = await run('sleep 62 & echo started');
      cleanup.push(...(r.leftRunning ?? []).map((l) => l.pid));
      expect(r.status).toBe('succeeded');
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(r.stdoutTail).toBe('started\n');
      expect(r.leftRunning).toEqual([expect.objectContaining({ command: 'sleep 62' })]);
      expect(r.notices).toEqual([expect.stringMatching(/^left running after the statement ended: pid \d+ \(sleep 62\)$/)]);
    }, 20_000);

    it('keeps output that arrives shortly after the main process exited', async () => {
      const r = await run('(sleep 0.2; echo late) & echo early');
      expect(r.status).toBe('succeeded');
      expect(r.stdoutTail).toBe('early\nlate\n');
      expect(readFileSync(r.outputFile!, 'utf8')).toBe('early\nlate\n');
    });
  });

  it('keeps a bounded tail while the full output goes to the log', async () => {
    const r = await run('seq 1 200000');
    expect(r.status).toBe('succeeded');
    expect(r.stdoutTail!.length).toBeLessThanOrEqual(TAIL_BYTES);
    expect(r.stdoutTail!.trimEnd().split('\n')).toHaveLength(200);
    expect(r.stdoutTail!.endsWith('199999\n200000\n')).toBe(true);
    const log = readFileSync(r.outputFile!, 'utf8');
    expect(log.split('\n')).toHaveLength(200001);
    expect(existsSync(r.outputFile!)).toBe(true);
  });

  it('streams 200 MB of output without holding it', async () => {
    global.gc?.();
    const base = process.memoryUsage();
    let peak = 0;
    let events = 0;
    const r = await run("head -c 200000000 /dev/zero | tr '\\0' 'x' | fold -w 100", {}, () => {
      if (++events % 100 === 0) {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
      }
    });
    expect(r.status).toBe('succeeded');
    expect(peak).toBeLessThan(60 * 1024 * 1024);
  }, 30_000);
});
