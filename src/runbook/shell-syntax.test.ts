import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from './parsers.js';
import { parseShell, type ShellCommand } from './shell-syntax.js';

beforeAll(async () => {
  await ensureParsers();
});

const words = (c: ShellCommand | undefined) => c?.words.map((w) => w.value);

describe('parseShell: commands and words', () => {
  it('reads every command of a list, pipeline, subshell, group and substitution, in order', () => {
    const script = parseShell('a | b && (c; { d; }) || echo "$(e)" `f` <(g)');
    expect(script.commands.map((c) => [c.words[0]?.value, c.context])).toEqual([
      ['a', 'script'], ['b', 'script'], ['c', 'subshell'], ['d', 'group'], ['echo', 'script'],
      ['e', 'substitution'], ['f', 'substitution'], ['g', 'process-substitution'],
    ]);
    expect(script.commands.map((c) => c.separator)).toEqual(['|', '&&', ';', ';', undefined, undefined, undefined, undefined]);
    expect(script.errors).toEqual([]);
  });

  it('removes quotes, keeps offsets, and marks words holding expansions', () => {
    const text = `psql -c "SELECT '\\$x' FROM t" 'single' $'a\\tb' pre"mid"'x'$VAR`;
    const [psql] = parseShell(text).commands;
    expect(words(psql)).toEqual(['psql', '-c', "SELECT '$x' FROM t", 'single', 'a\tb', 'premidx$VAR']);
    expect(psql!.words.map((w) => w.quoting)).toEqual(['none', 'none', 'double', 'single', 'ansi-c', 'mixed']);
    expect(psql!.words.map((w) => w.literal)).toEqual([true, true, true, true, true, false]);
    for (const w of psql!.words) expect(text.slice(w.start, w.end)).toBe(w.raw);
  });

  it('reads assignments, declarations, tests, loops, functions and case branches', () => {
    const script = parseShell('PGHOST=db psql; export A=1; x=$(date); [ -f x ]; for i in 1 2; do kill $i; done; f() { rm a; }; case $x in a) stop;; esac');
    expect(script.commands.map((c) => [words(c)?.join(' '), c.assignments.map((a) => a.name).join(), c.context])).toEqual([
      ['psql', 'PGHOST', 'script'],
      ['export A=1', '', 'script'],
      ['', 'x', 'script'],
      ['date', '', 'substitution'],
      ['[ -f x', '', 'script'],
      ['kill $i', '', 'loop'],
      ['rm a', '', 'group'],
      ['stop', '', 'branch'],
    ]);
  });
});

describe('parseShell: input and output', () => {
  it('records redirects with their descriptors and targets', () => {
    const [c] = parseShell('pg_dump db > /tmp/x 2>&1 >> log < in').commands;
    expect(c!.redirects.map((r) => [r.op, r.fd, r.target?.value])).toEqual([
      ['>', undefined, '/tmp/x'], ['>&', 2, '1'], ['>>', undefined, 'log'], ['<', undefined, 'in'],
    ]);
  });

  it('gives a heredoc its body, quoting and tab stripping, and pipes it on', () => {
    const text = "cat <<'EOF' | psql -X && echo ok\nDROP TABLE y;\nEOF\npsql <<-SQL\n\tDELETE FROM $T;\n\tSQL";
    const [cat, psql, echo, second] = parseShell(text).commands;
    expect(cat!.redirects[0]!.heredoc).toMatchObject({ delimiter: 'EOF', quoted: true, stripTabs: false, body: 'DROP TABLE y;\n' });
    expect(text.slice(cat!.redirects[0]!.heredoc!.bodyStart)).toMatch(/^DROP TABLE y;/);
    expect(psql!.stdinFrom).toBe(cat!.id);
    expect(words(echo)).toEqual(['echo', 'ok']);
    expect(echo!.stdinFrom).toBeUndefined();
    expect(second!.redirects[0]!.heredoc).toMatchObject({ quoted: false, stripTabs: true, body: 'DELETE FROM $T;\n' });
  });

  it('links each pipeline stage to the one before', () => {
    const script = parseShell('a | b | c; d');
    expect(script.commands.map((c) => c.stdinFrom)).toEqual([undefined, 0, 1, undefined]);
  });

  it('keeps the `-` the grammar drops before a heredoc', () => {
    expect(words(parseShell('psql -f - <<EOF\nSELECT 1;\nEOF').commands[0])).toEqual(['psql', '-f', '-']);
  });

  it('reads commands inside unquoted heredoc bodies, not quoted ones', () => {
    expect(parseShell('cat <<EOF\n$(rm x)\nEOF').commands.map((c) => c.words[0]?.value)).toEqual(['cat', 'rm']);
    expect(parseShell("cat <<'EOF'\n$(rm x)\nEOF").commands.map((c) => c.words[0]?.value)).toEqual(['cat']);
  });
});

describe('parseShell: syntax errors', () => {
  it.each([
    ["echo 'unterminated ; if then fi", 1, 6, "unclosed quote '"],
    ['if true; then\n  echo hi', 1, 1, '"if" is never closed: expected "fi" before the end'],
    ['echo $(rm -rf x', 1, 16, 'expected ")"'],
    ['ls |\nfi', 2, 1, 'unexpected "fi"'],
    ['echo )', 1, 6, 'unexpected ")"'],
    ['foo && ', 1, 7, 'expected a command'],
    ["x='a", 1, 3, "unclosed quote '"],
    ['echo ok\necho "oops', 2, 6, 'unclosed quote "'],
    ['echo `ls', 1, 6, 'unclosed backquote `'],
    ['kubectl get cluster -n <NAMESPACE> <CLUSTER>', 1, 36, 'unexpected "<"'],
  ])('%j -> %i:%i %s', (text, line, column, message) => {
    const { errors } = parseShell(text);
    expect(errors).toEqual([{ offset: expect.any(Number), line, column, message }]);
  });

  it('still yields the commands it could read', () => {
    const script = parseShell('rm -rf /tmp/x\necho "oops');
    expect(script.commands[0]!.words.map((w) => w.value)).toEqual(['rm', '-rf', '/tmp/x']);
    expect(script.errors).toHaveLength(1);
  });

  it('never throws and keeps offsets inside the text (property)', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.constantFrom('echo ', 'if ', 'then ', 'fi', '|', '&&', ';', "'", '"', '$(', ')', '`', '<<EOF\n', 'EOF\n', '\n', '\\', '{', '}', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const script = parseShell(text);
        for (const c of script.commands) for (const w of c.words) expect(text.slice(w.start, w.end)).toBe(w.raw);
        for (const e of script.errors) expect(e.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what psql is given (shell-input.ts, shell-psql.ts)', () => {
  it('reads -c SQL with the word that holds it, and what standard input carries', async () => {
    const { readPsqlArgs } = await import('./shell-psql.js');
    const { stdinOf } = await import('./shell-input.js');
    const text = `sudo -u postgres psql -X -d app -Atc "DELETE FROM t WHERE id = '[id]'"; echo 'DROP TABLE x;' | psql; psql <<'SQL'\nSELECT 1;\nSQL\ncat f.sql | psql`;
    const script = parseShell(text);
    const psqls = script.commands.filter((c) => c.words.some((w) => w.value === 'psql'));
    const args = (c: ShellCommand) => c.words.slice(c.words.findIndex((w) => w.value === 'psql') + 1);

    const first = readPsqlArgs(args(psqls[0]!));
    expect(first.commands.map((c) => c.text)).toEqual(["DELETE FROM t WHERE id = '[id]'"]);
    expect(text.slice(first.commands[0]!.word.start, first.commands[0]!.word.end)).toBe(`"DELETE FROM t WHERE id = '[id]'"`);
    expect(first).toMatchObject({ database: { value: 'app' }, readsStdin: false });

    expect(stdinOf(psqls[1]!, script)).toMatchObject({ kind: 'printed', text: 'DROP TABLE x;', how: 'echo' });
    expect(stdinOf(psqls[2]!, script)).toMatchObject({ kind: 'heredoc', text: 'SELECT 1;\n', heredoc: { delimiter: 'SQL', quoted: true } });
    expect(stdinOf(psqls[3]!, script)).toMatchObject({ kind: 'program', from: 'cat f.sql' });
  });
});
