import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from './parsers.js';
import { findPlaceholders, isSecretName, maskFillIns, placeholderName } from './placeholders.js';

const contexts = (text: string, kind: 'sql' | 'shell' | 'psql-meta' = 'sql') =>
  findPlaceholders(text, kind).map((p) => [p.name, p.context, p.token]);

beforeAll(async () => {
  await ensureParsers();
});

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
      ['name', 'sql-literal', "'[name]'"],
      ['msg', 'shell', '[msg]'],
    ]);
  });

  it('records the quotes at the use, heredocs, option exposure and shell code another shell runs', () => {
    const spots = (text: string) =>
      findPlaceholders(text, 'shell').map((u) => [u.name, u.spot.as, u.spot.layers.map((l) => `${l.layer}:${'quote' in l ? l.quote : 'quoted' in l ? String(l.quoted) : 'via' in l ? l.via : ''}${'optionExposed' in l && l.optionExposed ? ':option' : ''}${'evaluatedBy' in l && l.evaluatedBy ? `:by ${l.evaluatedBy}` : ''}`)]);
    expect(spots(`rm -rf -- [dir] && ls [path] "x [y]" '[z]' $'[w]' --k=[k]`)).toEqual([
      ['dir', 'shell', ['shell-word:none']],
      ['path', 'shell', ['shell-word:none:option']],
      ['y', 'shell', ['shell-word:double']],
      ['z', 'shell', ['shell-word:single:option']],
      ['w', 'shell', ['shell-word:ansi-c:option']],
      ['k', 'shell', ['shell-word:none']],
    ]);
    expect(spots(`cat <<'EOF' > f\n[a] <NS>\nEOF\nbash -c "echo [c]"\nssh db-1 <<EOF\nrm [d]\nEOF`)).toEqual([
      ['a', 'shell', ['heredoc:true']],
      ['ns', 'shell', ['heredoc:true']],
      ['c', 'shell', ['shell-word:double:by bash -c']],
      ['d', 'shell', ['heredoc:false:by ssh']],
    ]);
    expect(spots(`psql -X <<'EOF'\nSELECT '[a]', :'b' FROM [t];\nEOF\necho "SELECT {{ c }}" | sudo -u postgres psql`)).toEqual([
      ['a', 'literal', ['heredoc:true', 'psql:heredoc']],
      ['b', 'literal', ['heredoc:true', 'psql:heredoc']],
      ['t', 'identifier', ['heredoc:true', 'psql:heredoc']],
      ['c', 'literal', ['shell-word:double', 'psql:pipe']],
    ]);
  });

  it('reads wrapped commands with the one wrapper table risk reads (watch -d takes no value)', () => {
    const spots = (text: string) => findPlaceholders(text, 'shell').map((u) => [u.name, u.spot.layers.map((l) => ('evaluatedBy' in l ? l.evaluatedBy : l.layer))]);
    expect(spots(`watch -d 'ls [dir]'`)).toEqual([['dir', ['watch']]]);
    // `-iu postgres`: -i, then -u with its value; the command is psql, so the fill-in is SQL.
    expect(contexts(`sudo -iu postgres psql -c "SELECT '[who]'"`, 'shell')).toEqual([['who', 'sql-literal', "'[who]'"]]);
  });

  it('reads a lone [section] line among settings in a heredoc that writes a file as the file, never as a fill-in', () => {
    const conf = ['cat <<EOF > /etc/barman.d/replica.conf', '[replica]', 'ssh_command = ssh postgres@[db_host]', '  [archive] ', '[paste the comment here]', 'EOF'].join('\n');
    expect(contexts(conf, 'shell')).toEqual([
      ['db_host', 'shell', '[db_host]'],
      ['paste_the_comment_here', 'shell', '[paste the comment here]'],
    ]);
    expect(contexts("sudo tee /etc/app.ini <<'EOF'\n[server]\nport = [port]\nEOF", 'shell')).toEqual([['port', 'shell', '[port]']]);
    // A heredoc another shell runs is code: a lone `[command]` there is still what to type.
    expect(contexts('ssh db-1 <<EOF\n[command]\nEOF', 'shell')).toEqual([['command', 'shell', '[command]']]);
    // A file with no `key=value` line is no configuration: a lone `[summary]` there is what to write.
    expect(contexts("cat >> notes.txt <<'EOF'\n[summary]\nEOF", 'shell')).toEqual([['summary', 'shell', '[summary]']]);
    // Outside a heredoc, a line that is only `[target]` is a fill-in too.
    expect(contexts('echo start\n[target]', 'shell')).toEqual([['target', 'shell', '[target]']]);
  });

  it('never reads < > as fill-ins where they are redirections, nor $? $1 ${arr[1]}', () => {
    expect(contexts('sort < in.txt > out.txt 2>&1; cat <<EOF\nx\nEOF\necho $? $1 ${arr[1]} [ -f x ]', 'shell')).toEqual([]);
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

describe('maskFillIns', () => {
  it('masks marked fill-ins with letters of the same length, so a shell parser reads words', () => {
    const text = 'kubectl -n <NAMESPACE> logs [pod] --since={{ since }} > out.txt 2>&1';
    const masked = maskFillIns(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).toBe('kubectl -n aaaaaaaaaaa logs aaaaa --since=aaaaaaaaaaa > out.txt 2>&1');
  });
});
