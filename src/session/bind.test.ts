// bindStatement's text, display, env, missing and fragments for each placeholder context.

import { describe, expect, it } from 'vitest';
import type { PlaceholderUse, Statement } from '../runbook/model.js';
import { bindStatement, envName, escapeLiteral } from './bind.js';

function statement(kind: Statement['kind'], text: string, placeholders: Omit<PlaceholderUse, 'offset'>[]): Statement {
  let from = 0;
  const uses = placeholders.map((p) => {
    const offset = text.indexOf(p.token, from);
    from = offset + p.token.length;
    return { ...p, offset };
  });
  return { id: 'p/1/b1/1', index: 1, text, line: 3, column: 1, endLine: 3, kind, risk: 'read', riskReasons: [], placeholders: uses };
}

describe('bindStatement', () => {
  it('quotes literals and identifiers, masks secrets in the display only', () => {
    const s = statement('sql', "ALTER ROLE [role_name] PASSWORD '[new_password]'", [
      { name: 'role_name', context: 'sql-identifier', token: '[role_name]' },
      { name: 'new_password', context: 'sql-literal', token: "'[new_password]'" },
    ]);
    const b = bindStatement(s, { role_name: 'App"User', new_password: "p'w" }, { secret: new Set(['new_password']) });
    expect(b.text).toBe(`ALTER ROLE "App""User" PASSWORD 'p''w'`);
    expect(b.display).toBe(`ALTER ROLE "App""User" PASSWORD '****'`);
    expect(b.missing).toEqual([]);
  });

  it('uses E-strings for backslashes, as pg escapeLiteral does', () => {
    expect(escapeLiteral("a\\b'c")).toBe(" E'a\\\\b''c'");
  });

  it('reports missing values and leaves their tokens', () => {
    const s = statement('sql', 'SELECT pg_cancel_backend([pid])', [{ name: 'pid', context: 'sql-literal', token: '[pid]' }]);
    expect(bindStatement(s, {})).toMatchObject({ text: 'SELECT pg_cancel_backend([pid])', missing: ['pid'] });
  });

  it('passes shell values as RB_ variables quoted for where they stand', () => {
    const s = statement('shell', `pg_dump -h [host] -f "/b/[name].sql" -c '[name]'`, [
      { name: 'host', context: 'shell', token: '[host]' },
      { name: 'name', context: 'shell', token: '[name]' },
      { name: 'name', context: 'shell', token: '[name]' },
    ]);
    const b = bindStatement(s, { host: 'db 1', name: 'x' });
    expect(b.text).toBe(`pg_dump -h "\${RB_HOST}" -f "/b/\${RB_NAME}.sql" -c ''"\${RB_NAME}"''`);
    expect(b.env).toEqual({ RB_HOST: 'db 1', RB_NAME: 'x' });
    expect(b.display).toBe(`pg_dump -h 'db 1' -f "/b/x.sql" -c 'x'`);
    expect(envName('paste slow query here')).toBe('RB_PASTE_SLOW_QUERY_HERE');
  });

  it('pastes sql fragments raw and names them', () => {
    const s = statement('sql', 'EXPLAIN ANALYZE [paste_slow_query_here]', [{ name: 'paste_slow_query_here', context: 'sql-fragment', token: '[paste_slow_query_here]' }]);
    const b = bindStatement(s, { paste_slow_query_here: 'SELECT 1' });
    expect(b).toMatchObject({ text: 'EXPLAIN ANALYZE SELECT 1', fragments: ['paste_slow_query_here'] });
  });
});
