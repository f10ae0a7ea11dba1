import { describe, expect, it } from 'vitest';
import { findPlaceholders, isSecretName, placeholderName } from './placeholders.js';

const contexts = (text: string, kind: 'sql' | 'shell' | 'psql-meta' = 'sql') =>
  findPlaceholders(text, kind).map((p) => [p.name, p.context, p.token]);

describe('findPlaceholders in SQL', () => {
  it('reads the seed placeholders with their contexts and offsets', () => {
    const text = "SELECT * FROM performance.analyze_query('[query_text]');";
    expect(findPlaceholders(text, 'sql')).toEqual([
      {
        name: 'query_text',
        context: 'sql-literal',
        token: "'[query_text]'",
        offset: 40,
        syntax: 'bracket',
        spot: { layers: [], as: 'literal', start: 40, end: 54 },
      },
    ]);
    expect(contexts('EXPLAIN (ANALYZE, BUFFERS) \n[paste slow query here];')).toEqual([
      ['paste_slow_query_here', 'sql-fragment', '[paste slow query here]'],
    ]);
    expect(contexts('SELECT pg_terminate_backend([pid]);')).toEqual([['pid', 'sql-literal', '[pid]']]);
    expect(contexts('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM [suspicious_user];')).toEqual([
      ['suspicious_user', 'sql-identifier', '[suspicious_user]'],
    ]);
    expect(contexts('VACUUM (FULL, ANALYZE) [target];')).toEqual([['target', 'sql-identifier', '[target]']]);
  });

  it('offsets point at the token', () => {
    const text = "UPDATE [tbl] SET note = 'by [who] at [when]' WHERE [where clause] AND id = [id];";
    for (const p of findPlaceholders(text, 'sql')) expect(text.slice(p.offset, p.offset + p.token.length)).toBe(p.token);
    expect(findPlaceholders(text, 'sql').map((p) => [p.name, p.context, p.inString ?? false])).toEqual([
      ['tbl', 'sql-identifier', false],
      ['who', 'sql-literal', true],
      ['when', 'sql-literal', true],
      ['where_clause', 'sql-fragment', false],
      ['id', 'sql-literal', false],
    ]);
  });

  it('decides identifiers by keyword, name, or a dot', () => {
    expect(contexts('SELECT * FROM [t] JOIN [u] ON true')).toEqual([
      ['t', 'sql-identifier', '[t]'],
      ['u', 'sql-identifier', '[u]'],
    ]);
    expect(contexts('GRANT SELECT ON [obj] TO [grantee]')).toEqual([
      ['obj', 'sql-identifier', '[obj]'],
      ['grantee', 'sql-identifier', '[grantee]'],
    ]);
    expect(contexts('SELECT count(*) FROM [schema].t, s.[rel], x')).toEqual([
      ['schema', 'sql-identifier', '[schema]'],
      ['rel', 'sql-identifier', '[rel]'],
    ]);
    expect(contexts('SELECT [column_name] FROM x WHERE y = [value]')).toEqual([
      ['column_name', 'sql-identifier', '[column_name]'],
      ['value', 'sql-literal', '[value]'],
    ]);
    expect(contexts('SELECT 1 FROM t WHERE a = "[col]"')).toEqual([['col', 'sql-identifier', '"[col]"']]);
  });

  it('ignores subscripts, array constructors, regex classes, comments and malformed brackets', () => {
    const text = [
      "SELECT arr[1], x[i], (f())[k], m[a][b], ARRAY[a, b], ARRAY [c], '{1,2}'::int[],",
      "  s ~ '[a-z]+', s ~ '[[:alpha:]]', '[ x ]', '[1st]', 'tag[i]', s ~ '^[abc]', s ~ 'x([yz]+)', '$[last]' -- [in comment]",
      '/* [in /* nested */ comment] */ FROM t',
    ].join('\n');
    expect(findPlaceholders(text, 'sql')).toEqual([]);
  });

  it('survives hostile-looking text without inventing tokens', () => {
    const text = "SELECT '[x]''; DROP TABLE users; --', E'\\'[y]', $$ [z] $$, '[unterminated";
    const found = findPlaceholders(text, 'sql');
    expect(found.map((p) => [p.name, p.context, p.token])).toEqual([
      ['x', 'sql-literal', '[x]'],
      ['y', 'sql-literal', '[y]'],
      ['z', 'sql-literal', '[z]'],
    ]);
    for (const p of found) expect(text.slice(p.offset, p.offset + p.token.length)).toBe(p.token);
  });

  it('finds nothing in notes', () => {
    expect(findPlaceholders('-- [host]', 'note')).toEqual([]);
  });
});

describe('findPlaceholders in shell', () => {
  it('marks every use in shell text as shell, skipping tests, arrays and comments', () => {
    const text = [
      'psql -h [host] -U [user] -d [database] -c "SELECT \'[name]\'"',
      'if [ -f /x ] && [[ -n "$y" ]]; then echo ${arr[idx]} [msg]; fi # [not this]',
      "grep '[a-z]' file",
    ].join('\n');
    expect(contexts(text, 'shell')).toEqual([
      ['host', 'shell', '[host]'],
      ['user', 'shell', '[user]'],
      ['database', 'shell', '[database]'],
      ['name', 'shell', '[name]'],
      ['msg', 'shell', '[msg]'],
    ]);
  });

  it('treats psql meta-command arguments as shell-like words', () => {
    expect(contexts('\\i [script_path]', 'psql-meta')).toEqual([['script_path', 'shell', '[script_path]']]);
  });
});

describe('names', () => {
  it('derives names and secrecy', () => {
    expect(placeholderName('[paste slow query here]')).toBe('paste_slow_query_here');
    expect(placeholderName("'[Query_Text]'")).toBe('query_text');
    expect(placeholderName('[ A  b ]')).toBe('a_b');
    expect(isSecretName('db_password')).toBe(true);
    expect(isSecretName('API_TOKEN')).toBe(true);
    expect(isSecretName('client_secret')).toBe(true);
    expect(isSecretName('ssh_key')).toBe(true);
    expect(isSecretName('host')).toBe(false);
  });
});

describe('findPlaceholders (property)', () => {
  it('never throws and every token sits at its offset', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.constantFrom("'", '"', '$$', '--', '/*', '*/', '\n', ' ', '[a]', '[b c]', '[', ']', 'ARRAY', '(', ')', '.', 'FROM ', '#', '\\', 'E');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), fc.constantFrom('sql', 'shell', 'psql-meta', 'note'), (parts, kind) => {
        const text = parts.join('');
        for (const p of findPlaceholders(text, kind as 'sql')) {
          expect(text.slice(p.offset, p.offset + p.token.length)).toBe(p.token);
          expect(p.name).toMatch(/^[a-z0-9_]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
