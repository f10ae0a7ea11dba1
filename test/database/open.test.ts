// openTarget: a named database is checked before use; an unreachable one is a one-line database error.

import { expect, it } from 'vitest';
import { openTarget } from '../../src/database/open.js';
import { EXIT } from '../../src/errors.js';
import { adminUrl } from '../helpers/db.js';

it('opens a named database and shows it without the password', async () => {
  const opened = await openTarget({ db: adminUrl(), env: {} });
  expect(opened.startedEmbedded).toBe(false);
  expect(opened.description.url).not.toContain('@@');
  if (opened.target.password) expect(JSON.stringify(opened.description)).not.toContain(opened.target.password);
  await opened.release();
});

it('fails in one line with the database exit code when nothing answers', async () => {
  const error = await openTarget({ db: 'postgres://u:pw@127.0.0.1:1/x', env: {} }).catch((e: { message: string; exitCode: number }) => e);
  expect(error).toMatchObject({ message: 'cannot connect to 127.0.0.1:1 (ECONNREFUSED)', exitCode: EXIT.database });
});

it('with tolerateUnreachable hands back the target and the reason instead (exec runs during outages)', async () => {
  const opened = await openTarget({ db: 'postgres://u:pw@127.0.0.1:1/x', env: {}, tolerateUnreachable: true });
  expect(opened.unreachable).toBe('cannot connect to 127.0.0.1:1 (ECONNREFUSED)');
  expect(opened.description.url).toBe('postgres://u@127.0.0.1:1/x');
  await opened.release();
});
