// Target resolution: --db, then DATABASE_URL, then PG* variables (with ~/.pgpass and sslmode), then the
// embedded database; and what may be shown of a target (never the password).

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionUrl, resolveTarget } from '../../src/database/resolve.js';
import { lookupPgpass, parsePgpassLine, pgpassPasswords } from '../../src/database/pgpass.js';
import { sslOption } from '../../src/database/connect.js';
import { describeTarget, type Target } from '../../src/database/target.js';

const embeddedTarget: Target = {
  source: 'embedded', host: '127.0.0.1', port: 5999, database: 'showtrack', user: 'postgres', password: 'pw',
  connectionString: 'postgresql://postgres:pw@127.0.0.1:5999/showtrack', embedded: true,
};
const embedded = async () => embeddedTarget;
const home = () => mkdtempSync(join(tmpdir(), 'rb-home-'));

describe('resolveTarget order', () => {
  it('prefers --db over DATABASE_URL over PG* over embedded', async () => {
    const env = { DATABASE_URL: 'postgres://a@envhost:5433/envdb', PGHOST: 'pghost', HOME: home() };
    expect((await resolveTarget({ db: 'postgres://u:p@flaghost:6000/flagdb', env, embedded })).source).toBe('flag');
    expect(await resolveTarget({ env, embedded })).toMatchObject({ source: 'DATABASE_URL', host: 'envhost', port: 5433, database: 'envdb', user: 'a' });
    expect(await resolveTarget({ env: { PGHOST: 'pghost', HOME: home() }, embedded })).toMatchObject({ source: 'PG-env', host: 'pghost' });
    expect(await resolveTarget({ env: { HOME: home() }, embedded })).toBe(embeddedTarget);
  });

  it('takes PG* variables only when one of PGHOST, PGPORT, PGUSER, PGDATABASE is set', async () => {
    const h = home();
    expect((await resolveTarget({ env: { PGPASSWORD: 'x', PGSSLMODE: 'require', HOME: h }, embedded })).source).toBe('embedded');
    const t = await resolveTarget({ env: { PGDATABASE: 'ops', PGUSER: 'alice', PGPORT: '6432', PGPASSWORD: 'pw', PGSSLMODE: 'require', HOME: h }, embedded });
    expect(t).toMatchObject({ source: 'PG-env', host: 'localhost', port: 6432, user: 'alice', database: 'ops', password: 'pw', sslmode: 'require' });
    expect(t.connectionString).toBe('postgresql://alice:pw@localhost:6432/ops?sslmode=require');
  });

  it('fills what a URL leaves out from PG* variables, as libpq does, and parses key=value strings', async () => {
    const t = await resolveTarget({ db: 'postgres:///only_db', env: { PGHOST: 'h', PGUSER: 'u', HOME: home() }, embedded });
    expect(t).toMatchObject({ host: 'h', user: 'u', database: 'only_db', port: 5432 });
    const k = await resolveTarget({ db: "host=kv port=7000 dbname='my db' user=bob password='p w' sslmode=disable", env: { HOME: home() }, embedded });
    expect(k).toMatchObject({ host: 'kv', port: 7000, database: 'my db', user: 'bob', password: 'p w', sslmode: 'disable' });
  });

  it('decodes URL escapes and socket hosts', async () => {
    const t = await resolveTarget({ db: 'postgresql://us%40er:p%3Aw%2F@%2Fvar%2Frun%2Fpostgresql:5432/db?sslmode=verify-full', env: {}, embedded });
    expect(t).toMatchObject({ host: '/var/run/postgresql', user: 'us@er', password: 'p:w/', sslmode: 'verify-full' });
    expect(connectionUrl(t)).toBe('postgresql://us%40er:p%3Aw%2F@:5432/db?host=%2Fvar%2Frun%2Fpostgresql&sslmode=verify-full');
  });

  it('rejects malformed input with one line', async () => {
    await expect(resolveTarget({ db: 'mysql://x', env: {}, embedded })).rejects.toThrow(/not a PostgreSQL connection string/);
    await expect(resolveTarget({ db: 'postgres://h:99999/db', env: {}, embedded })).rejects.toThrow();
    await expect(resolveTarget({ db: 'postgres://h/db?sslmode=sometimes', env: {}, embedded })).rejects.toThrow(/invalid sslmode/);
  });

  it('never shows the password', async () => {
    const t = await resolveTarget({ db: 'postgres://u:hunter2@h:5432/d', env: {}, embedded });
    expect(JSON.stringify(describeTarget(t))).not.toContain('hunter2');
    expect(describeTarget(t).url).toBe('postgres://u@h:5432/d');
  });
});

describe('.pgpass', () => {
  it('parses escapes and wildcards, first match wins', () => {
    expect(parsePgpassLine('h\\:x:5432:db:u:pa\\:ss\\\\')).toEqual(['h:x', '5432', 'db', 'u', 'pa:ss\\']);
    const file = '# comment\nother:*:*:*:nope\nh:5432:db:u:first\n*:*:*:u:wild\n';
    expect(lookupPgpass(file, { host: 'h', port: 5432, database: 'db', user: 'u' })).toBe('first');
    expect(lookupPgpass(file, { host: 'x', port: 1, database: 'y', user: 'u' })).toBe('wild');
    expect(lookupPgpass(file, { host: 'x', port: 1, database: 'y', user: 'v' })).toBeUndefined();
    expect(lookupPgpass('localhost:*:*:*:sock\n', { host: '/tmp', port: 5432, database: 'd', user: 'u' })).toBe('sock');
  });

  it('escapes as libpq: a backslash takes the next character, the password is the rest of the line', () => {
    // An escaped backslash before a colon: the colon separates.
    expect(parsePgpassLine('h\\\\:5432:db:u:pw')).toEqual(['h\\', '5432', 'db', 'u', 'pw']);
    // Colons in the password need no escape; escaped ones lose their backslash.
    expect(parsePgpassLine('h:5432:db:u:a:b\\:c')).toEqual(['h', '5432', 'db', 'u', 'a:b:c']);
    // Any escaped character stands for itself; a trailing lone backslash is kept.
    expect(parsePgpassLine('h:5432:db:u:\\x\\')).toEqual(['h', '5432', 'db', 'u', 'x\\']);
    // Comments, blank lines and lines with fewer than five fields are no entries.
    for (const line of ['# h:5432:db:u:pw', '', 'h:5432:db:u']) expect(parsePgpassLine(line)).toBeUndefined();
    // A wildcard only when the whole field is `*`; an escaped `\*` is the character.
    expect(lookupPgpass('\\*:*:*:*:star\n', { host: 'x', port: 1, database: 'y', user: 'u' })).toBeUndefined();
    expect(lookupPgpass('\\*:*:*:*:star\n', { host: '*', port: 1, database: 'y', user: 'u' })).toBe('star');
  });

  it('gives redaction every password, read with the same rules, whatever the file mode', () => {
    const file = join(home(), 'pgpass-all');
    writeFileSync(file, '# c\nh:5432:db:u:a\\:b\nother:*:*:*:pa:ss\n\nshort:line\n', { mode: 0o644 });
    expect(pgpassPasswords({ PGPASSFILE: file })).toEqual(['a:b', 'pa:ss']);
    expect(pgpassPasswords({ PGPASSFILE: join(home(), 'missing') })).toEqual([]);
  });

  it('is read from HOME or PGPASSFILE, only when mode 0600, and only when no password was given', async () => {
    const h = home();
    const file = join(h, '.pgpass');
    writeFileSync(file, 'dbhost:5432:ops:alice:from\\:pgpass\n');
    chmodSync(file, 0o600);
    const env = { HOME: h, PGHOST: 'dbhost', PGUSER: 'alice', PGDATABASE: 'ops' };
    expect((await resolveTarget({ env, embedded })).password).toBe('from:pgpass');
    expect((await resolveTarget({ env: { ...env, PGPASSWORD: 'explicit' }, embedded })).password).toBe('explicit');
    expect((await resolveTarget({ db: 'postgres://alice:url@dbhost/ops', env, embedded })).password).toBe('url');

    const other = join(home(), 'custom-pass');
    writeFileSync(other, '*:*:*:*:custom\n', { mode: 0o600 });
    expect((await resolveTarget({ env: { ...env, PGPASSFILE: other }, embedded })).password).toBe('custom');

    chmodSync(file, 0o644);
    const warnings: string[] = [];
    const t = await resolveTarget({ env, embedded, onWarning: (m) => warnings.push(m) });
    expect(t.password).toBeUndefined();
    expect(warnings[0]).toMatch(/group or world access.*ignored/);
  });
});

describe('sslmode', () => {
  it('maps libpq modes onto pg ssl options', () => {
    expect(sslOption('disable', {})).toBe(false);
    expect(sslOption('allow', {})).toBe(false);
    expect(sslOption('require', {})).toEqual({ rejectUnauthorized: false });
    expect(sslOption('prefer', {})).toEqual({ rejectUnauthorized: false });
    expect(sslOption('verify-full', {})).toEqual({ rejectUnauthorized: true });
    const verifyCa = sslOption('verify-ca', {}) as { rejectUnauthorized: boolean; checkServerIdentity: () => unknown };
    expect(verifyCa.rejectUnauthorized).toBe(true);
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });
});
