// The journal: one JSON object per line in `journal.jsonl`, each appended and fsynced before the engine
// moves on, so that whatever the screen showed is on disk. Reading tolerates a torn last line (a power
// cut mid-write) by ignoring it with a warning; anything else malformed is reported with its line number.
// `session-started` names the journal's format version; a reader refuses a newer one (JournalTooNew)
// rather than guess what its events mean.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
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
  private fd: number;
  private seq: number;

  /** Opens (creating if needed) for appending; `lastSeq` continues the numbering of an existing journal. */
  constructor(
    readonly path: string,
    private readonly redactor?: Redactor,
    lastSeq = 0,
  ) {
    this.fd = openSync(path, 'a');
    this.seq = lastSeq;
  }

  append(event: NewEvent, at = new Date()): JournalEvent {
    const full = { seq: ++this.seq, at: at.toISOString(), ...event } as JournalEvent;
    const safe = this.redactor ? this.redactor.deep(full) : full;
    const line = `${JSON.stringify(safe)}\n`;
    // writeSync may write fewer bytes than asked; loop so a line is never torn by us.
    const buffer = Buffer.from(line, 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
    fsyncSync(this.fd);
    return safe;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/**
 * Before appending to a journal whose writer died: cut a torn last line (no trailing newline) so the next
 * event starts on a line of its own. Returns the bytes removed (0 when the file was whole).
 */
export function repairTail(path: string): number {
  if (!existsSync(path)) return 0;
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return 0;
  const keep = bytes.lastIndexOf(0x0a) + 1;
  truncateSync(path, keep);
  return bytes.length - keep;
}

export interface ReadJournal {
  events: JournalEvent[];
  warnings: string[];
}

/**
 * Reads a journal file; a torn or unparsable LAST line is dropped with a warning, never thrown. A journal
 * of a newer format than JOURNAL_FORMAT throws JournalTooNew.
 */
export function readJournal(path: string): ReadJournal {
  if (!existsSync(path)) return { events: [], warnings: [`${path}: no journal`] };
  return parseJournal(readFileSync(path, 'utf8'), path);
}

export function parseJournal(text: string, path = 'journal.jsonl'): ReadJournal {
  const events: JournalEvent[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  // A file that ends with "\n" yields a trailing empty string; one that does not ends torn (or unsynced).
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const last = index === lines.length - 1;
    try {
      const event = JSON.parse(line) as JournalEvent;
      if (typeof event !== 'object' || event === null || typeof event.type !== 'string') throw new Error('not an event');
      events.push(event);
    } catch {
      warnings.push(
        last
          ? `${path}:${index + 1}: torn last line ignored (the process was probably killed while writing it)`
          : `${path}:${index + 1}: unreadable line ignored`,
      );
    }
  });
  checkFormat(events, path);
  return { events, warnings };
}

/** Refuses a journal this build cannot read: a format above JOURNAL_FORMAT (or not a format number at all). */
function checkFormat(events: readonly JournalEvent[], path: string): void {
  const started = events.find((e) => e.type === 'session-started');
  if (!started || started.type !== 'session-started') return;
  const format: unknown = started.format ?? 1;
  if (typeof format === 'number' && Number.isInteger(format) && format >= 1 && format <= JOURNAL_FORMAT) return;
  throw new JournalTooNew(path, format as number, JOURNAL_FORMAT);
}
