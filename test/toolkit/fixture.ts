// A fresh database with the toolkit and its demo data installed, for the toolkit's tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';
import { installToolkit, type ToolkitResult } from '../../src/database/toolkit.js';

export interface ToolkitDb {
  url: string;
  install: ToolkitResult;
  /** One connection for the file's tests; close it with `end()`. */
  client: pg.Client;
  rows<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  end(): Promise<void>;
}

export async function toolkitDatabase(prefix: string, demoData = true): Promise<ToolkitDb> {
  const url = await createTestDatabase(prefix);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const install = await installToolkit(client, { demoData });
  return {
    url,
    install,
    client,
    rows: async (sql, values) => (await client.query(sql, values)).rows,
    end: () => client.end(),
  };
}

/** Makes the statistics collector publish this backend's counters now (PostgreSQL 15+). */
export async function flushStats(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_stat_force_next_flush()');
  await client.query('SELECT pg_stat_clear_snapshot()');
}

/** The bundled runbook, and the line of its first line containing `needle` (rows name their source line). */
export const BUNDLED_TEXT = readFileSync(join(ROOT, 'runbooks/database-operations.md'), 'utf8');
export function lineOf(needle: string, text = BUNDLED_TEXT): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  if (line === 0) throw new Error(`"${needle}" is not in the runbook`);
  return line;
}
