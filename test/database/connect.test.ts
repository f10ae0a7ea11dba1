// Connecting: an unreachable server is one line naming host:port with the database exit code; sslmode
// prefer falls back to plain TCP when the server has no SSL; values come back as PostgreSQL's text.

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkTarget, connectClient } from '../../src/database/connect.js';
import { resolveTarget } from '../../src/database/resolve.js';
import { EXIT, UserError } from '../../src/errors.js';
import { adminUrl } from '../helpers/db.js';

const noEmbedded = () => Promise.reject(new Error('no'));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('connect', () => {
  it('reports an unreachable server as one line naming host:port, exit code database', async () => {
    const port = await closedPort();
    const target = await resolveTarget({ db: `postgres://u:secretpw@127.0.0.1:${port}/d`, env: {}, embedded: noEmbedded });
    const error = await checkTarget(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`);
    expect((error as UserError).exitCode).toBe(EXIT.database);
  });

  it('names host, user and database when the server refuses the login, never the password', async () => {
    const url = new URL(adminUrl());
    url.pathname = '/no_such_database_here';
    url.searchParams.delete('sslmode');
    const target = await resolveTarget({ db: url.toString(), env: {}, embedded: noEmbedded });
    const error = (await checkTarget(target).catch((e: unknown) => e)) as UserError;
    expect(error.message).toMatch(new RegExp(`^cannot connect to ${url.hostname}:${url.port} as \\S+, database no_such_database_here: .*does not exist`));
    if (target.password) expect(error.message).not.toContain(target.password);
  });

  it('connects with sslmode unset (prefer), falling back to plain TCP if the server has no SSL', async () => {
    const url = new URL(adminUrl());
    url.searchParams.delete('sslmode');
    const client = await connectClient(await resolveTarget({ db: url.toString(), env: {}, embedded: noEmbedded }));
    const r = await client.query('SELECT 1::int AS n, now() AS t');
    expect(typeof r.rows[0].n).toBe('string');
    expect(typeof r.rows[0].t).toBe('string');
    await client.end();
  });
});
