// What `run` and `exec` call before anything runs: resolve the target (starting the embedded server when
// nothing else is named), prove it answers, and hand back a release() that stops the embedded server if
// this process started it. Errors are one-line UserErrors with the database exit code.

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
}

export interface OpenTarget {
  target: Target;
  description: TargetDescription;
  /** True when this process started the embedded server (release() then stops it). */
  startedEmbedded: boolean;
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
  if (options.check ?? true) {
    try {
      await checkTarget(target);
    } catch (error) {
      await release();
      if (error instanceof UserError) throw error;
      throw new UserError(`cannot connect to ${describeTarget(target).url}: ${(error as Error).message.split('\n')[0]}`, EXIT.database);
    }
  }
  return { target, description: describeTarget(target), startedEmbedded, release: () => release() };
}
