// Errors every layer may throw and every caller may recognise by type (never by matching a message).
// Bad input is reported as one clear line and a documented exit code, never a stack trace: main.ts
// prints a UserError's message alone. The exit codes are the CLI's contract (README "Exit codes"); the
// layers below only choose which one a problem deserves.

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

export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | number;

/** Something the user can fix: printed as one line, with its exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A session folder that already holds a journal: a new session must not write into it. */
export class SessionExists extends UserError {
  constructor(readonly dir: string) {
    super(`${dir} already holds a session (continue it with \`runbook resume ${dir}\`)`, EXIT.usage);
    this.name = 'SessionExists';
  }
}

/** A session another process is writing (its lock is held by a live process): one writer at a time. */
export class SessionBusy extends UserError {
  constructor(
    readonly dir: string,
    readonly holder: string,
  ) {
    super(`session ${dir} is in use by ${holder}; one process writes a session at a time`, EXIT.usage);
    this.name = 'SessionBusy';
  }
}

/** A journal written by a newer `runbook` than this one: its events may mean what this build cannot know. */
export class JournalTooNew extends UserError {
  constructor(
    readonly path: string,
    readonly format: number,
    readonly supported: number,
  ) {
    super(`${path}: journal format ${format} is newer than this runbook reads (up to ${supported}); use a newer runbook`, EXIT.usage);
    this.name = 'JournalTooNew';
  }
}

/** What a file-system error code means, in words for a one-line message. */
export function describeFsCode(code: string | undefined): string | undefined {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of this path is a file, not a directory';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EEXIST':
      return 'already exists';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return undefined;
  }
}

/**
 * A file-system error (a bad path given on the command line, a folder that cannot be written) as one
 * line naming the path, exit 2; undefined for anything else. The last net under every command: a bad
 * path is never an "internal error".
 */
export function pathError(error: unknown): UserError | undefined {
  const e = error as NodeJS.ErrnoException;
  const why = describeFsCode(e?.code);
  if (!why || typeof e.path !== 'string') return undefined;
  return new UserError(`${e.path}: ${why}`, EXIT.usage);
}
