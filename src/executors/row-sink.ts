// Where a statement's rows go: the first 1,000 stay in memory for display; a result larger than that
// (more rows, or more than STREAM_AFTER bytes of text) is streamed whole to a CSV file, and a full file
// buffer pauses the socket the rows arrive on (TCP backpressure), so memory stays bounded whatever the
// row count. A small result is complete in memory; it gets a file only when asked (`csv: 'always'`),
// written in the background: creating a file costs several `SELECT 1` round trips (SqlExecutor.flush()
// waits for it).
//
// CSV text is made only for rows that reach a file: until a result outgrows memory its rows are already
// held in `rows`, so formatting them on arrival would be work thrown away for most statements.

import { createWriteStream, mkdirSync, writeFile, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { csvLine } from './csv.js';

export const DISPLAY_ROWS = 1000;
const PROGRESS_EVERY = 1000;
const STREAM_AFTER = 256 * 1024;
const madeDirs = new Set<string>();

export class RowSink {
  readonly rows: (string | null)[][] = [];
  count = 0;
  /** The CSV file, once one is being written. */
  file?: string;
  private columns?: string[];
  /** Characters of the rows held in memory (fields plus separators), to bound what stays unwritten. */
  private heldBytes = 0;
  private out?: WriteStream;
  private paused = false;
  private failed?: Error;

  constructor(
    private readonly outputDir: string,
    private readonly outputName: string,
    private readonly socket: Readable | undefined,
    private readonly onCount: (count: number) => void,
    private readonly always = false,
  ) {}

  /** Records the header; called once the columns are known. */
  open(columns: string[]): void {
    this.columns ??= columns;
  }

  add(row: (string | null)[]): void {
    const count = ++this.count;
    if (this.out) {
      if (count <= DISPLAY_ROWS) this.rows.push(row);
      this.write(csvLine(row));
    } else if (count <= DISPLAY_ROWS) {
      this.rows.push(row);
      let bytes = row.length;
      for (const field of row) if (field !== null) bytes += field.length;
      this.heldBytes += bytes;
      if (this.heldBytes >= STREAM_AFTER) this.startStream();
    } else {
      this.startStream();
      this.write(csvLine(row));
    }
    if (count === 1 || count % PROGRESS_EVERY === 0) this.onCount(count);
  }

  /** Header and the rows held so far, as CSV text. */
  private heldText(): string {
    let text = csvLine(this.columns ?? []);
    for (const row of this.rows) text += csvLine(row);
    return text;
  }

  private write(text: string): void {
    if (this.failed) return;
    if (!this.out!.write(text) && this.socket && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private startStream(): void {
    this.file = join(this.outputDir, `${this.outputName}.csv`);
    ensureDir(this.outputDir);
    this.out = createWriteStream(this.file, { highWaterMark: 1 << 20 });
    this.out.on('error', (error) => {
      this.failed = error;
      this.resume();
    });
    this.out.on('drain', () => this.resume());
    this.write(this.heldText());
  }

  /** Lets the socket flow again (also on cancel, so the server's reply can be read). */
  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.socket?.resume();
    }
  }

  /**
   * Finishes the file. A streamed file is flushed before this resolves (rejecting if writing failed); a
   * small one asked for is written in the background and its promise handed to `background`. Returns
   * undefined (no promise to wait for) when there is nothing to flush.
   */
  close(background: (write: Promise<void>) => void): Promise<void> | undefined {
    this.resume();
    if (!this.out) {
      if (!this.always || !this.columns) return undefined;
      const file = (this.file = join(this.outputDir, `${this.outputName}.csv`));
      const text = this.heldText();
      ensureDir(this.outputDir);
      // Callback fs, not fs/promises: its FileHandle machinery costs more main-thread time than the write.
      background(new Promise<void>((resolve) => writeFile(file, text, () => resolve())));
      return undefined;
    }
    const out = this.out;
    return new Promise<void>((resolve, reject) =>
      out.end(() => (this.failed ? reject(new Error(`could not write ${this.file}: ${this.failed.message}`)) : resolve())),
    );
  }
}

function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  madeDirs.add(dir);
}
