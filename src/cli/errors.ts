// Bad input is reported as one clear line and a non-zero exit, never a stack trace. Commands throw
// UserError for anything the user can fix; main.ts prints its message alone.

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Exit codes, as documented in the README. */
export const EXIT = {
  ok: 0,
  /** Diagnostics with errors, a failed statement, or a procedure that did not complete. */
  failure: 1,
  /** Bad usage or input: unknown command, missing file, missing parameter, no TTY. */
  usage: 2,
  /** The database could not be reached or started. */
  database: 3,
  /** Interrupted by the operator (Ctrl-C). */
  interrupted: 130,
} as const;
