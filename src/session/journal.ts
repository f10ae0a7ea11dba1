// The journal: one JSON object per line in `journal.jsonl`, each appended and fsynced before the engine
// moves on, so that whatever the screen showed is on disk. The first event creates the file whole (never
// an empty journal). Reading tolerates a torn last line (a power cut mid-write) by ignoring it with a
// warning, and keeps a whole last event that only lacks its newline; an unreadable line before the last
// is damage, reported with its line number (resume refuses it without --force).
// `session-started` names the journal's format version; a reader refuses a newer one (JournalTooNew)
// rather than guess what its events mean.

import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalEvent } from './types.js';
import type { Redactor } from './redact.js';
import { JournalTooNew } from '../errors.js';

/**
 * The format this build writes and reads (in `session-started`). Raise it when an event changes meaning
 * or a new one must not be skipped by older readers; journals without it are format 1.
 */
export const JOURNAL_FORMAT = 1;

/** An event as passed to append: seq and at are filled in by the journal. */
export type NewEvent = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'seq' | 'at'> : never) : never;

export class Journal {
  private fd = -1;
  private seq: number;

  /**
   * Opens an existing journal for appending (`lastSeq` continues its numbering). A journal that does not
   * exist yet is created by the first append, whole: a crash never leaves an empty journal behind.
   */
  constructor(
    readonly path: string,
    private readonly redactor?: Redactor,
    lastSeq = 0,
  ) {
    if (existsSync(path)) this.fd = openSync(path, 'a');
    this.seq = lastSeq;
  }

  append(event: NewEvent, at = new Date()): JournalEvent {
    const full = { seq: ++this.seq, at: at.toISOString(), ...event } as JournalEvent;
    const safe = this.redactor ? this.redactor.deep(full) : full;
    // writeSync may write fewer bytes than asked; writeAll loops so a line is never torn by us.
    const buffer = Buffer.from(`${JSON.stringify(safe)}\n`, 'utf8');
    if (this.fd < 0) this.fd = createWith(this.path, buffer);
    else {
      writeAll(this.fd, buffer);
      fsyncSync(this.fd);
    }
    return safe;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/**
 * Creates `path` holding `first` (the session's first event): written to a private file, fsynced, renamed
 * into place and the folder fsynced, so the journal appears with its first event or not at all. Returns
 * a descriptor open for appending.
 */
function createWith(path: string, first: Buffer): number {
  const tmp = `${path}.${process.pid}.new`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeAll(fd, first);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is atomic.
  }
  return openSync(path, 'a');
}

/** A line that is a whole event (what parseJournal keeps). */
function eventOf(line: string): JournalEvent | undefined {
  try {
    const event = JSON.parse(line) as JournalEvent;
    return typeof event === 'object' && event !== null && typeof event.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Before appending to a journal whose writer died: a last line without its newline is either a whole
 * event the crash came just after (kept: its newline is added) or torn (cut), so the next event starts on
 * a line of its own. Returns the bytes removed (0 when the file was whole or the line was kept).
 */
export function repairTail(path: string): number {
  if (!existsSync(path)) return 0;
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return 0;
  const keep = bytes.lastIndexOf(0x0a) + 1;
  if (eventOf(bytes.subarray(keep).toString('utf8'))) {
    appendFileSync(path, '\n');
    return 0;
  }
  truncateSync(path, keep);
  return bytes.length - keep;
}

export interface ReadJournal {
  events: JournalEvent[];
  warnings: string[];
  /**
   * 1-based numbers of unreadable lines before the last one: damage, not a crash mid-write (only the
   * last line can be torn by that). What they recorded is lost, so resume refuses without --force.
   */
  damaged: number[];
}

/**
 * Reads a journal file; a torn or unparsable LAST line is dropped with a warning, never thrown. A journal
 * of a newer format than JOURNAL_FORMAT throws JournalTooNew.
 */
export function readJournal(path: string): ReadJournal {
  if (!existsSync(path)) return { events: [], warnings: [`${path}: no journal`], damaged: [] };
  return parseJournal(readFileSync(path, 'utf8'), path);
}

export function parseJournal(text: string, path = 'journal.jsonl'): ReadJournal {
  const events: JournalEvent[] = [];
  const warnings: string[] = [];
  const damaged: number[] = [];
  const lines = text.split('\n');
  // A file that ends with "\n" yields a trailing empty string; one that does not ends torn (or unsynced).
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const event = eventOf(line);
    if (event) return void events.push(event);
    if (index === lines.length - 1) {
      warnings.push(`${path}:${index + 1}: torn last line ignored (the process was probably killed while writing it)`);
    } else {
      damaged.push(index + 1);
      warnings.push(`${path}:${index + 1}: unreadable line ignored (the journal is damaged: what it recorded is lost)`);
    }
  });
  checkFormat(events, path);
  return { events, warnings, damaged };
}

/** Refuses a journal this build cannot read: a format above JOURNAL_FORMAT (or not a format number at all). */
function checkFormat(events: readonly JournalEvent[], path: string): void {
  const started = events.find((e) => e.type === 'session-started');
  if (!started || started.type !== 'session-started') return;
  const format: unknown = started.format ?? 1;
  if (typeof format === 'number' && Number.isInteger(format) && format >= 1 && format <= JOURNAL_FORMAT) return;
  throw new JournalTooNew(path, format as number, JOURNAL_FORMAT);
}
