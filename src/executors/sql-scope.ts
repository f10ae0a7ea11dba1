// What the SQL executor sets around one statement, and takes back after it, on the session connection:
//
// - a probe (a preview's look, ExecRequest.probe) runs read-only in a transaction of its own that is
//   rolled back, or, inside the operator's open transaction, in a savepoint rolled back to: the session
//   is left exactly as it was (an error cannot abort the operator's transaction, no SET survives), and
//   its timeouts are SET LOCAL so the executor's own bookkeeping of session settings stays true;
// - a statement with a lock_timeout (DDL, ExecRequest.lockTimeoutMs) gets it for its own run only: the
//   session's value is read first and put back after (a SET made inside the operator's transaction that
//   then fails is undone by their ROLLBACK, as PostgreSQL undoes any SET).
import type pg from 'pg';

const SAVEPOINT = 'runbook_preview';

export type ProbeScope = 'transaction' | 'savepoint';

/** Opens the probe's scope; a failed transaction ('E') has no room for one. */
export async function openProbe(client: pg.Client, timeoutMs: number, lockTimeoutMs: number): Promise<ProbeScope> {
  const status = client.getTransactionStatus();
  if (status === 'E') throw new Error("the session's open transaction has failed (ROLLBACK it first)");
  const scope: ProbeScope = status === 'T' ? 'savepoint' : 'transaction';
  await client.query(scope === 'savepoint' ? `SAVEPOINT ${SAVEPOINT}` : 'BEGIN READ ONLY');
  try {
    await client.query(`${scope === 'savepoint' ? 'SET LOCAL transaction_read_only = on; ' : ''}SET LOCAL statement_timeout = ${Math.round(timeoutMs)}; SET LOCAL lock_timeout = ${Math.round(lockTimeoutMs)}`);
  } catch (error) {
    await closeProbe(client, scope).catch(() => undefined);
    throw error;
  }
  return scope;
}

export async function closeProbe(client: pg.Client, scope: ProbeScope): Promise<void> {
  await client.query(scope === 'savepoint' ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}` : 'ROLLBACK');
}

/** Sets lock_timeout for one statement; returns the value to put back (undefined: nothing was set). */
export async function setLockTimeout(client: pg.Client, ms: number): Promise<string | undefined> {
  if (client.getTransactionStatus() === 'E') return undefined;
  const before = (await client.query<{ lock_timeout: string }>('SHOW lock_timeout')).rows[0]?.lock_timeout;
  await client.query(`SET lock_timeout = ${Math.round(ms)}`);
  return before ?? '0';
}

export async function restoreLockTimeout(client: pg.Client, before: string): Promise<void> {
  if (client.getTransactionStatus() === 'E') return;
  await client.query(`SET lock_timeout = '${before.replace(/'/g, "''")}'`);
}
