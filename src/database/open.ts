// What `run` and `exec` call before anything runs: resolve the target (starting the embedded server when
// nothing else is named), prove it answers, and hand back a release() that stops the embedded server if
// this process started it. Errors are one-line UserErrors with the database exit code.

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
      const handle = await openEmbedded({ env: options.env, onProgress: options.onProgress, ...options.embedded });
      release = handle.release;
      startedEmbedded = handle.startedHere;
      return handle.target;
    },
  });
  try {
    await checkTarget(target);
  } catch (error) {
    await release();
    throw error;
  }
  return { target, description: describeTarget(target), startedEmbedded, release: () => release() };
}
