// What `run` and `exec` call before anything runs: resolve the target (starting the embedded server when
// nothing else is named), prove it answers, and hand back a release() that stops the embedded server if
// this process started it. Errors are one-line UserErrors with the database exit code; with
// `tolerateUnreachable` (exec and resume: procedures for outages must run during outages) a named target
// that does not answer is returned with the reason in `unreachable` instead.

import { UserError, EXIT } from '../errors.js';
import { checkTarget } from './connect.js';
import { openEmbedded, type EmbeddedOptions } from './embedded.js';
import { resolveTarget } from './resolve.js';
import { describeTarget, type Target, type TargetDescription } from './target.js';

export interface OpenTargetOptions {
  db?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?: (message: string) => void;
  onWarning?: (message: string) => void;
  embedded?: EmbeddedOptions;
  /** Prove the target answers before returning (default). `--dry-run` and the UI skip it. */
  check?: boolean;
  /**
   * A named target that fails the check is returned with `unreachable` set instead of thrown. The embedded
   * database is never tolerated: when it does not answer after starting, nothing useful can run.
   */
  tolerateUnreachable?: boolean;
}

export interface OpenTarget {
  target: Target;
  description: TargetDescription;
  /** True when this process started the embedded server (release() then stops it). */
  startedEmbedded: boolean;
  /** Why the check failed (one line, `cannot connect to host:port (ECONNREFUSED)`), with `tolerateUnreachable`. */
  unreachable?: string;
  release(): Promise<void>;
}

export async function openTarget(options: OpenTargetOptions = {}): Promise<OpenTarget> {
  let release = async () => {};
  let startedEmbedded = false;
  const target = await resolveTarget({
    db: options.db,
    env: options.env,
    onWarning: options.onWarning,
    embedded: async () => {
      options.onProgress?.('No database given (--db, DATABASE_URL, PG*): using the embedded demo database');
      const handle = await openEmbedded({ env: options.env, onProgress: options.onProgress, ...options.embedded });
      release = handle.release;
      startedEmbedded = handle.startedHere;
      return handle.target;
    },
  });
  let unreachable: string | undefined;
  if (options.check ?? true) {
    try {
      await checkTarget(target);
    } catch (caught) {
      const error = unreachableError(target, caught);
      if (!options.tolerateUnreachable || target.embedded) {
        await release();
        throw error;
      }
      unreachable = error.message;
    }
  }
  return { target, description: describeTarget(target), startedEmbedded, ...(unreachable ? { unreachable } : {}), release: () => release() };
}

/** Why the target does not answer, in one line; undefined when it does (the UI checks once the session is open). */
export async function whyUnreachable(target: Target): Promise<string | undefined> {
  try {
    await checkTarget(target);
    return undefined;
  } catch (caught) {
    return unreachableError(target, caught).message;
  }
}

function unreachableError(target: Target, caught: unknown): UserError {
  return caught instanceof UserError ? caught : new UserError(`cannot connect to ${describeTarget(target).url}: ${(caught as Error).message.split('\n')[0]}`, EXIT.database);
}
