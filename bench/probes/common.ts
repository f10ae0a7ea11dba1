// Shared by every probe: timing helpers and the one-line result protocol the runner reads
// (`BENCH_RESULT {json}` on stdout, so stray log lines from the code under test cannot be mistaken for it).

import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  value?: number | null;
  baseline_value?: number | null;
  /** Why the figure could not be measured. */
  unavailable?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Median wall time (ms) of `runs` calls after `warmup` unmeasured ones. */
export async function timeMedian(fn: () => unknown, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowMs();
    await fn();
    samples.push(nowMs() - start);
  }
  return median(samples);
}

/** A temp dir that a `postgres` system user can also traverse (the embedded server runs as one under root). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `runbook-bench-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function emit(results: Record<string, Measured>): void {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(results)}\n`);
}

export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

/** Runs a probe body; any throw becomes "unavailable" for every figure the probe was asked for. */
export async function probe(figures: string[], body: (wanted: Set<string>) => Promise<Record<string, Measured>>) {
  const wanted = new Set(figures);
  try {
    emit(await body(wanted));
  } catch (error) {
    emit(Object.fromEntries(figures.map((name) => [name, { unavailable: reason(error) }])));
  }
  process.exit(0);
}

/** Arguments from the runner: `node probe.mjs '<json>'`. */
export function probeArgs<T = Record<string, unknown>>(): T & { figures: string[] } {
  return JSON.parse(process.argv[2] ?? '{"figures":[]}');
}
