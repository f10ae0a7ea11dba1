// binding_hostile_as_data, binding_bind: the hostile-value corpus (bench/lib/hostile-values.ts) bound
// in every context of bench/lib/binding-contexts.ts (and as an identifier) and executed for real on the bench server (SQL through
// the SQL executor with standard_conforming_strings on and off; shell through real bash; SQL handed to
// the real psql by -c, heredoc, pipe and here-string, both settings). A binding counts as data when the
// value reads back exactly, the victim tables are intact and the marker file was never created; the
// figure is the share of bindings that did (the tests require all). `binding_bind` is the time to bind
// one value into one SQL statement (median round over the SQL contexts, per binding). The counts per
// context are the figure's detail, printed under the table.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Statement } from '../../src/runbook/model.js';
import { bindStatement } from '../../src/session/bind.js';
import { HOSTILE, withMarker } from '../lib/hostile-values.js';
import { SHELL_CONTEXTS, SINK_CONTEXTS, SQL_CONTEXTS, psqlContexts, truncate63 } from '../lib/binding-contexts.js';
import { executors, request, targetFrom } from './exec-setup.js';
import { median, nowMs, probe, probeArgs, removeDir, tempDir } from './common.js';

const args = probeArgs<{ url: string }>();

await probe(args.figures, async () => {
  await ensureParsers();
  const dir = tempDir('binding');
  const marker = join(dir, 'MARKER');
  const values = HOSTILE.map((h) => ({ ...h, value: withMarker(h.value, marker) }));
  const admin = new pg.Client({ connectionString: args.url });
  await admin.connect();
  const dbName = `rb_bench_binding_${process.pid}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(args.url);
  url.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: url.toString() });
  const target = await targetFrom(url.toString());
  const registry = executors(target);
  const rows: string[] = [];
  let total = 0;
  let asData = 0;
  try {
    await client.connect();
    await client.query("CREATE TABLE victim (name text); INSERT INTO victim VALUES ('alive'); CREATE TABLE victim2 (id int); INSERT INTO victim2 VALUES (1); CREATE TABLE sink (n serial, v text)");
    const intact = async () =>
      (await client.query('SELECT name FROM victim')).rows.map((r) => r.name).join() === 'alive' &&
      (await client.query('SELECT count(*)::int AS n FROM victim2')).rows[0].n === 1 &&
      !existsSync(marker);
    const statementOf = (lang: 'sql' | 'bash', text: string): Statement => {
      const md = ['# T', '', '## P', '', '### 1. S', '', '```' + lang, text, '```', ''].join('\n');
      return parseRunbook(md, join(dir, 't.md')).procedures[0]!.steps[0]!.blocks[0]!.statements[0]!;
    };
    const run = async (statement: Statement, vals: Record<string, string>, env: Record<string, string> = {}) => {
      const bound = bindStatement(statement, vals);
      return registry[statement.kind as 'sql'].run({ ...request(statement.kind as 'sql', bound.text, dir), env: { ...bound.env, ...env } });
    };
    const count = async (name: string, ok: boolean[]) => {
      const safe = await intact();
      const good = safe ? ok.filter(Boolean).length : 0;
      total += ok.length;
      asData += good;
      rows.push(`| ${name} | ${ok.length} | ${good} |`);
    };
    const bindTimes: number[] = [];
    for (const scs of ['on', 'off']) {
      await registry.sql.run(request('sql', `SET standard_conforming_strings = ${scs}`, dir));
      for (const c of SQL_CONTEXTS) {
        const statement = statementOf('sql', c.sql);
        const ok: boolean[] = [];
        const start = nowMs();
        for (const { value } of values) bindStatement(statement, { v: value });
        bindTimes.push((nowMs() - start) / values.length);
        for (const { value } of values) {
          const r = await run(statement, { v: value });
          ok.push(r.status === 'succeeded' && r.rows?.[0]?.[0] === c.expect(value));
        }
        await count(`SQL, scs ${scs}: ${c.name}`, ok);
      }
      for (const c of SINK_CONTEXTS) {
        const statement = statementOf('sql', c.sql);
        const ok: boolean[] = [];
        for (const { value } of values) {
          await client.query('TRUNCATE sink');
          const r = await run(statement, { v: value });
          const got = (await client.query('SELECT v FROM sink')).rows.map((x) => x.v);
          ok.push(r.status === 'succeeded' && got.length === 1 && got[0] === c.expect(value));
        }
        await count(`SQL, scs ${scs}: ${c.name}`, ok);
      }
      // Identifiers: the column is named exactly the value (PostgreSQL keeps 63 bytes of it).
      for (const [name, sql, named] of [
        ['identifier', 'SELECT 1 AS [column_name]', (v: string) => v],
        ['inside a quoted identifier', 'SELECT 1 AS "col [column_name]"', (v: string) => `col ${v}`],
      ] as const) {
        const statement = statementOf('sql', sql);
        const ok: boolean[] = [];
        for (const { value } of values.filter((v) => v.value !== '')) {
          const r = await run(statement, { column_name: value });
          ok.push(r.status === 'succeeded' && r.columns?.[0]?.name === truncate63(named(value)));
        }
        await count(`SQL, scs ${scs}: ${name}`, ok);
      }
      const all = Object.fromEntries(values.map((v, i) => [`v${i}`, v.value]));
      for (const c of psqlContexts(values.length)) {
        await client.query('TRUNCATE sink');
        const r = await run(statementOf('bash', c.text), all, { PGOPTIONS: `-c standard_conforming_strings=${scs}` });
        const got = (await client.query('SELECT v FROM sink ORDER BY n')).rows.map((x) => x.v);
        await count(`psql, scs ${scs}: ${c.name}`, values.map(({ value }, i) => r.status === 'succeeded' && got[i] === c.expect(value)));
      }
      await registry.sql.run(request('sql', 'RESET standard_conforming_strings', dir));
    }
    const all = Object.fromEntries(values.map((v, i) => [`v${i}`, v.value]));
    for (const [k, c] of SHELL_CONTEXTS.entries()) {
      const out = join(dir, `out${k}`);
      const r = await run(statementOf('bash', values.map((_, i) => c.text(i)).join('\n')), all, { OUT: out });
      const read = (i: number) => (existsSync(`${out}.${i}`) ? readFileSync(`${out}.${i}`, 'utf8') : undefined);
      await count(`shell: ${c.name}`, values.map(({ value }, i) => r.status === 'succeeded' && read(i) === c.expect(value)));
    }
    const detail = [
      `Hostile-value corpus: ${values.length} values bound in ${rows.length} contexts, ${total} bindings executed, ${asData} arrived as data (victims intact, no marker)`,
      '| context | bindings | as data |',
      '|---|---|---|',
      ...rows,
    ].join('\n');
    return {
      binding_hostile_as_data: { value: (100 * asData) / total, detail },
      binding_bind: { value: median(bindTimes) },
    };
  } finally {
    await registry.close();
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    removeDir(dir);
  }
});
