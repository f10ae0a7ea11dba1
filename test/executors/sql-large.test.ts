// Large results: every row reaches the CSV (RFC 4180 quoting, header row), only the first 1,000 stay in
// memory, progress is reported as rows arrive, and memory stays bounded.

import { readFileSync, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { SqlExecutor } from '../../src/executors/sql.js';
import { outputDir, request, targetFor } from './helpers.js';

let sql: SqlExecutor;
const out = outputDir();

beforeAll(async () => {
  sql = new SqlExecutor(await targetFor(await createTestDatabase()));
});
afterAll(() => sql.close());

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const _ of createInterface({ input: createReadStream(file) })) n++;
  return n;
}

it('streams 100,000 wide rows to CSV with bounded memory, keeping the first 1,000', async () => {
  global.gc?.();
  const base = process.memoryUsage();
  let peak = 0;
  const counts: number[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  const r = await sql.run(request('sql', "SELECT g AS id, repeat('x', 500) AS pad FROM generate_series(1, 100000) g", { outputDir: out }), {
    onOutput: (e) => {
      if (e.type === 'rows') counts.push(e.count);
      sample();
    },
  });
  clearInterval(timer);
  expect(r.status).toBe('succeeded');
  expect(r.rowCount).toBe(100000);
  expect(r.rows).toHaveLength(1000);
  expect(r.rows![999]![0]).toBe('1000');
  expect(await countLines(r.outputFile!)).toBe(100001);
  expect(counts[0]).toBe(1);
  expect(counts).toContain(100000);
  // ~50 MB of row data went through; holding it would need far more than this.
  expect(peak).toBeLessThan(40 * 1024 * 1024);
});

it('quotes CSV fields as RFC 4180 says and tells NULL from the empty string', async () => {
  const r = await sql.run(
    request('sql', `SELECT 'a,b' AS "x", 'say "hi"' AS y, E'two\\nlines' AS z, NULL AS n, '' AS e`, { outputDir: out, csv: 'always' }),
  );
  await sql.flush();
  expect(readFileSync(r.outputFile!, 'utf8')).toBe('x,y,z,n,e\n"a,b","say ""hi""","two\nlines",,""\n');
});

it('writes a CSV for a small result only when asked, and for 1,001 rows always', async () => {
  expect((await sql.run(request('sql', 'SELECT generate_series(1, 1000) AS g', { outputDir: out }))).outputFile).toBeUndefined();
  const over = await sql.run(request('sql', 'SELECT generate_series(1, 1001) AS g', { outputDir: out }));
  expect(over.rows).toHaveLength(1000);
  expect(readFileSync(over.outputFile!, 'utf8').split('\n')).toHaveLength(1003);
});

it('writes a header-only CSV for a query with no rows', async () => {
  const r = await sql.run(request('sql', 'SELECT 1 AS a WHERE false', { outputDir: out, csv: 'always' }));
  await sql.flush();
  expect(r.rowCount).toBe(0);
  expect(r.columns).toEqual([{ name: 'a', type: 'int4' }]);
  expect(readFileSync(r.outputFile!, 'utf8')).toBe('a\n');
});

it('streams a result of few but wide rows to CSV once it outgrows 256 KB, with every row in the file', async () => {
  const small = await sql.run(request('sql', "SELECT g, repeat('y', 1000) AS pad FROM generate_series(1, 200) g", { outputDir: out }));
  expect(small.outputFile).toBeUndefined();
  const r = await sql.run(request('sql', "SELECT g, repeat('y', 1000) AS pad FROM generate_series(1, 400) g", { outputDir: out }));
  expect(r.rows).toHaveLength(400);
  const lines = readFileSync(r.outputFile!, 'utf8').split('\n');
  expect(lines).toHaveLength(402);
  expect(lines[0]).toBe('g,pad');
  expect(lines[400]).toBe(`400,${'y'.repeat(1000)}`);
});
