// Commands versus output (issue 13, items 1 and 2): in terminal transcripts only what follows a prompt
// is typed, the rest is kept as the statement's expected output; output blocks are never run; a fence
// without a language gets one inferred, and `check` says so.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSqlParser } from '../../src/runbook/sql-parser.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { findProcedure } from '../../src/runbook/find.js';
import type { Block, Runbook } from '../../src/runbook/model.js';

const load = (name: string): Runbook =>
  parseRunbook(readFileSync(new URL(`../fixtures/${name}/input.md`, import.meta.url), 'utf8'), `${name}.md`);
const typed = (block: Block) => block.statements.map((s) => [s.kind, s.text, s.output]);

let transcripts: Runbook;
let inferred: Runbook;

beforeAll(async () => {
  await ensureSqlParser();
  transcripts = load('transcripts');
  inferred = load('inferred-languages');
});

describe('transcripts', () => {
  it('strips every kind of shell prompt and keeps what was printed as expected output', () => {
    const [block] = findProcedure(transcripts, 'from the workstation').steps[0]!.blocks;
    expect(typed(block!)).toEqual([
      ['shell', 'ssh db-2.internal', 'Welcome to db-2'],
      ['shell', 'systemctl status postgresql --no-pager', '● postgresql.service - PostgreSQL database server\n   Active: active (running) since Mon 2024-03-04 10:00:01 UTC'],
      ['note', '# the data directory lives on its own disk', undefined],
      ['shell', 'df -h /var/lib/pgsql \\\n  | tail -1', '/dev/sdb1  500G  310G  190G  62% /var/lib/pgsql'],
    ]);
    const [node, other] = findProcedure(transcripts, 'on the node').steps.map((s) => s.blocks[0]!);
    expect(typed(node!)).toEqual([
      ['shell', 'sudo -u postgres psql -d appdb < /tmp/checks.sql', 'ok'],
      ['shell', 'pg_isready -h localhost', 'localhost:5432 - accepting connections'],
    ]);
    // `❯ ` prompts, and `# ` as a root prompt in a terminal block.
    expect(typed(other!).map(([kind, text]) => [kind, text])).toEqual([
      ['shell', "psql -X -c 'select 1' appdb"],
      ['shell', 'systemctl reload postgresql'],
    ]);
  });

  it('reads psql transcripts as psql does: statements after the prompts, continued with or without `-#`', () => {
    const [block] = findProcedure(transcripts, 'compare the tables').steps[0]!.blocks;
    expect(typed(block!)).toEqual([
      ['psql-meta', '\\x', 'Expanded display is on.'],
      ['sql', 'select relname,\n       n_live_tup\nfrom pg_stat_user_tables\norder by n_live_tup desc limit 3;', '-[ RECORD 1 ]---------\nrelname    | orders\nn_live_tup | 120034'],
      ['sql', "select count(*)\n  from orders\n where created_at > now() - interval '1 day';", ' count\n-------\n  4211\n(1 row)'],
    ]);
    expect(block!.statements[1]).toMatchObject({ line: 41, column: 9, risk: 'read' });
  });

  it('leaves what is typed inside an interactive session to that session', () => {
    const [block] = findProcedure(transcripts, 'in a psql session').steps[0]!.blocks;
    expect(block!.statements.map((s) => s.text)).toEqual(['sudo -u postgres psql appdb']);
    expect(block!.statements[0]!.output).toContain('appdb=# select pg_is_in_recovery();');
  });

  it('traps: a script keeps its redirections, $?, subscripts and tests; output that reads like a command stays output', () => {
    const [script, ps] = findProcedure(transcripts, 'traps').steps.map((s) => s.blocks[0]!);
    expect(script!.statements).toHaveLength(1);
    expect(script!.statements[0]).toMatchObject({ kind: 'shell', placeholders: [] });
    expect(script!.statements[0]!.text).toContain('pg_restore -d appdb < /backups/appdb.dump');
    expect(script!.statements[0]!.text).toContain('echo "exit status: $?"');
    expect(typed(ps!)).toEqual([['shell', 'ps -eo user,pid,cmd | grep patroni', 'postgres  4242 /usr/bin/python3 /usr/bin/patroni /etc/patroni.yml\nkill 4242 would stop it']]);
  });
});

describe('output blocks and inferred languages', () => {
  it('infers shell, SQL, SQL with its result, a command with its output, and output', () => {
    const blocks = findProcedure(inferred, 'bare fences').steps.map((s) => s.blocks[0]!);
    expect(blocks.map((b) => [b.lang, b.inferred, b.output ?? false, b.statements.filter((s) => s.kind !== 'note').map((s) => s.text)])).toEqual([
      ['console', '', false, ['sudo gitlab-patronictl list']],
      ['sql', '', false, ['SELECT slot_name, active FROM pg_replication_slots;']],
      ['sql', '', false, ['select client_addr, replay_lag from pg_stat_replication;']],
      ['console', '', false, ['kubectl get pods -n db']],
      ['output', '', true, []],
      ['console', 'no-highlight', false, ['pg_dump --format=custom appdb > appdb.dump']],
    ]);
    expect(blocks[2]!.statements[0]!.output).toBe(' client_addr | replay_lag\n-------------+------------\n 10.0.0.12   | 00:00:01\n(1 row)');
  });

  it('reads Pandoc attributes, and never runs output announced by its language, the sentence before, or its look', () => {
    const blocks = findProcedure(inferred, 'written another way').steps.flatMap((s) => s.blocks);
    expect(blocks.map((b) => [b.lang, b.output ?? false])).toEqual([
      ['bash', false],
      ['text', true],
      ['shell', false],
      ['shell', true],
      ['sh', true],
      ['bash', true],
      ['console', false],
      ['console', true],
    ]);
    expect(blocks[0]!.statements[0]!.text).toBe('sudo systemctl restart patroni');
    expect(blocks[6]!.statements.map((s) => [s.text, s.output])).toEqual([['kubectl logs deploy/operator | tail -2', '1 controller.go:42] reconciling cluster main\n1 controller.go:57] cluster main is healthy']]);
  });

  it('keeps a quoted argument or a here-document that goes over several lines in its command, and a shell program in a SQL block shell', () => {
    const blocks = findProcedure(transcripts, 'quoted over several lines').steps.flatMap((s) => s.blocks);
    expect(blocks.map(typed)).toEqual([
      [['shell', 'sudo -u postgres psql -qc "select count(*)\n  from pg_stat_activity\n  where state <> \'idle\'"', ' count\n-------\n     4\n(1 row)']],
      [['shell', 'sudo -u postgres psql -qc "select datname\n   from pg_database"', '  datname\n-----------\n appdb']],
      [['shell', 'gitlab-psql -c "select pg_is_in_recovery();"', undefined]],
      // A quote that never closes is the author's typo: what follows stays output.
      [['shell', 'echo "replica is ready', 'replica is ready']],
      // A here-document is part of its command up to its terminator, not output.
      [
        ['shell', 'cat <<EOF > /etc/pgbouncer/extra.ini\nappdb = host=10.0.0.12 port=5432\npool_mode = transaction\nEOF', undefined],
        ['shell', 'systemctl reload pgbouncer', undefined],
      ],
    ]);
  });

  it('runs a declared shell command that a sentence only describes, keeps announced output as output and a usage synopsis unrun', () => {
    const blocks = findProcedure(inferred, 'said before the command').steps.flatMap((s) => s.blocks);
    expect(blocks.map((b) => [b.lang, b.output ?? false, b.statements.filter((s) => s.kind === 'shell').map((s) => s.text)])).toEqual([
      ['sh', false, ['pg_dump --table=orders appdb > orders.sql']],
      ['sh', false, ['tar -xzf orders-2024.tar.gz']],
      ['sh', true, []],
      ['sh', true, []],
      // "Usage:" introduces the command's syntax: shown, never run, and no fill-ins in it.
      ['sh', false, []],
    ]);
    expect(blocks[4]!.statements.map((s) => s.kind)).toEqual(['note']);
    expect(blocks[4]!.placeholders).toEqual([]);
  });

  it('check suggests writing down an inferred language, saying how the block was read', () => {
    const messages = inferred.diagnostics.filter((d) => d.ruleId === 'fence-no-lang').map((d) => [d.line, d.message]);
    expect(messages).toContainEqual([7, 'fenced code block without a language: read as shell (its lines are commands, the rest their output); write ```bash (or ```console for a transcript) to say so']);
    expect(messages).toContainEqual([13, "fenced code block without a language: read as SQL (PostgreSQL's parser accepts it); write ```sql to say so"]);
    expect(messages).toContainEqual([38, 'fenced code block without a language: read as output, not run; write ```text (or the language it is in) to say so']);
    expect(messages).toContainEqual([42, 'fenced code block in no-highlight: read as shell (its lines are commands, the rest their output); write ```bash (or ```console for a transcript) to say so']);
  });
});
